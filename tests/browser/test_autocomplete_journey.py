"""Issue 15, Deliver 6 and 10: the office adds several units to a bloc-year from the picker, by
keyboard and by mouse, on a phone-sized screen. Real browser (the script and the CSP)."""

import pytest
from playwright.sync_api import Page, expect

from blocs.models import BlocMembership
from tests.browser.test_foundation_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_adds_two_units_from_the_picker(page: Page, demo_live, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, demo_live.url, "sonoivu", demo_live.password)
    page.goto(f"{demo_live.url}/blocs/{demo_live.bloc.pk}/2021/")
    search = page.get_by_role("combobox", name="Đơn vị")
    search.fill("hoi lien hiep")
    options = page.get_by_role("listbox").get_by_role("option")  # not the leader selects' options
    expect(options.first).to_contain_text("Hội Liên hiệp Phụ nữ")
    search.fill("hoi lien hiep phu nu tinh")
    expect(options).to_have_count(1)
    search.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    field = page.locator("#id_organization")
    expect(field).to_have_value("Hội Liên hiệp Phụ nữ Tỉnh [DT-HLHPN]")
    search.fill("xay dung")
    page.get_by_role("listbox").get_by_role("option", name="Sở Xây dựng").click()
    expect(field).to_have_value("Hội Liên hiệp Phụ nữ Tỉnh [DT-HLHPN]\nSở Xây dựng [DT-SXD]")
    search.fill("so")
    expect(options.first).to_be_visible()
    page.screenshot(path=artifacts / "autocomplete-bloc-members-390.png", full_page=False)
    search.press("Escape")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Đã thêm thành viên")
    added = BlocMembership.objects.filter(bloc=demo_live.bloc, year=2021)
    assert set(added.values_list("organization__code", flat=True)) == {"DT-HLHPN", "DT-SXD"}
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

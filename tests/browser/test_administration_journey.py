"""Sở Nội vụ sets up an account in the portal: invites an officer of Sở Xây dựng, who sets a
password through the link and logs in; the office then switches the account off and assigns
another officer to a second unit, both chosen in searched pickers."""

import re

import pytest
from playwright.sync_api import Page, expect

from blocs.models import StaffAssignment
from tests.browser.test_foundation_journey import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_invites_an_officer_who_sets_a_password(page: Page, demo_live, artifacts):
    login(page, demo_live.url, "sonoivu", demo_live.password)
    page.get_by_test_id("nav").get_by_role("link", name="Quản trị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản và phân công cán bộ")
    page.get_by_role("link", name="Mời tài khoản mới").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Mới")
    page.get_by_label("Thư điện tử").fill("moi@dongthap.gov.vn")
    # The office manages every unit of the province: the unit is searched, not listed.
    page.get_by_role("combobox", name="Đơn vị").fill("xay dung")
    page.get_by_role("option", name="Sở Xây dựng").click()
    expect(page.locator("#id_organization")).to_have_value("Sở Xây dựng [DT-SXD]")
    page.get_by_label("Chức vụ").fill("Chuyên viên")
    page.get_by_role("button", name="Lưu").click()
    notice = page.locator(".alert-warning")
    expect(notice).to_contain_text("hãy chuyển liên kết này")
    page.screenshot(path=artifacts / "administration-invited.png", full_page=True)
    link = re.search(r"https?://\S+", notice.inner_text()).group(0)
    logout(page)

    page.goto(link)
    page.screenshot(path=artifacts / "administration-set-password.png", full_page=True)
    page.locator("#id_new_password1").fill("Dong-Thap-2026!")
    page.locator("#id_new_password2").fill("Dong-Thap-2026!")
    page.get_by_role("button", name="Đặt mật khẩu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã đặt mật khẩu")
    login(page, demo_live.url, "moi@dongthap.gov.vn", "Dong-Thap-2026!")
    expect(page.get_by_test_id("nav")).to_contain_text("Đơn vị của tôi")
    logout(page)

    login(page, demo_live.url, "sonoivu", demo_live.password)
    page.goto(f"{demo_live.url}/staff/accounts/?q=moi")
    page.get_by_test_id("accounts").get_by_role("button", name="Khoá").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã khoá tài khoản Nguyễn Thị Mới")
    page.screenshot(path=artifacts / "administration-accounts.png", full_page=True)

    page.get_by_role("link", name="Phân công cán bộ").click()
    page.get_by_role("combobox", name="Tài khoản").fill("tran van xay")
    page.get_by_role("option", name="Trần Văn Xây").click()
    expect(page.locator("#id_user")).to_have_value("Trần Văn Xây [xaydung]")
    page.get_by_role("combobox", name="Đơn vị").fill("cong thuong")
    page.get_by_role("option", name="Sở Công Thương").click()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu phân công cán bộ")
    assert StaffAssignment.objects.filter(
        user=demo_live.xaydung, organization=demo_live.org["DT-SCT"], is_active=True
    ).exists()

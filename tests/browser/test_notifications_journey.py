"""The secretariat returns Sở Xây dựng's registration: its officer sees the unread count in the
navigation, opens the notice, lands on the registration, and chooses the daily digest."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_journey import login
from tests.conftest import SAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REASON = "Bổ sung chỉ tiêu về chuyển đổi số"


@pytest.fixture
def returned(demo_live):
    from blocs.models import Organization
    from campaigns import importer, services
    from campaigns.models import Campaign, Registration

    campaign = services.campaign_save(
        campaign=Campaign(
            authority=Organization.objects.get(pk=demo_live.org["DT"].pk),
            kind=Campaign.Kind.ANNUAL, name="Phong trào thi đua yêu nước năm 2020", year=2020,
            plan_symbol="20/KH-UBND", plan_date=datetime.date(2020, 1, 21),
            start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31),
        ),
        phases=[], actor=None,
    )  # fmt: skip
    plan = importer.plan_from_bytes(SAMPLE.read_bytes(), campaign=campaign, bloc=demo_live.bloc)
    importer.apply_import(plan, actor=demo_live.secretariat, source="mau.xlsx")
    registration = Registration.objects.get(
        campaign=campaign, bloc=demo_live.bloc, organization=demo_live.org["DT-SXD"]
    )
    services.registration_transition(
        registration=registration, event="return", actor=demo_live.secretariat, reason=REASON
    )
    demo_live.registration = registration
    return demo_live


def test_a_unit_reads_its_notice_and_chooses_the_digest(page: Page, returned):
    login(page, returned.url, "xaydung", returned.password)
    link = page.get_by_test_id("notifications-link")
    expect(link.locator(".badge")).to_have_text("1")
    link.click()
    notice = page.get_by_test_id("notifications").get_by_role("button", name=re.compile(REASON))
    expect(notice).to_be_visible()
    notice.click()
    expect(page).to_have_url(re.compile(rf"/registrations/{returned.registration.pk}/$"))
    expect(page.get_by_test_id("notifications-link").locator(".badge")).to_have_count(0)

    page.get_by_test_id("notifications-link").click()
    page.get_by_test_id("notification-settings").click()
    page.get_by_label("Gửi một thư tổng hợp mỗi ngày").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu cách nhận thông báo.")).to_be_visible()
    from notifications.models import Preference

    assert Preference.objects.get(user__username="xaydung").email == "digest"

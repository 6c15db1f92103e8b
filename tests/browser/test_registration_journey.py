"""A unit officer registers targets through the form and submits; the secretariat returns it with
a reason; the officer fixes and resubmits; the secretariat accepts. Real browser, real pages."""

import datetime
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_foundation_journey import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAMPAIGN_NAME = "Phong trào thi đua yêu nước năm 2020"
TARGET_1 = "Phấn đấu điểm chỉ số cải cách hành chính đạt từ 85 điểm trở lên"
TARGET_2 = "Hoàn thành 100% hồ sơ cấp giấy phép xây dựng đúng hạn, không để tồn đọng"
TARGET_2_FIXED = (
    "Hoàn thành 100% hồ sơ cấp giấy phép xây dựng đúng hạn; chuyển đổi số 100% thủ tục "
    "hành chính lên Cổng dịch vụ công trực tuyến"
)
REASON = "Bổ sung chỉ tiêu về chuyển đổi số"
TITLE = "Chiến sĩ thi đua cơ sở"


@pytest.fixture
def campaign_2020(demo_live):
    """Đồng Tháp's 2020 annual campaign (what campaigns.demo creates), made through the service."""
    from blocs.models import Organization
    from campaigns import services
    from campaigns.models import Campaign

    return services.campaign_save(
        campaign=Campaign(
            authority=Organization.objects.get(pk=demo_live.org["DT"].pk),
            kind=Campaign.Kind.ANNUAL,
            name=CAMPAIGN_NAME,
            year=2020,
            plan_symbol="20/KH-UBND",
            plan_date=datetime.date(2020, 1, 21),
            start=datetime.date(2020, 1, 1),
            end=datetime.date(2020, 12, 31),
        ),
        phases=[],
        actor=None,
    )


def field(row: Locator, name: str) -> Locator:
    """A formset cell's widget (the cells have no <label>, only the column header)."""
    return row.locator(f"[name$='-{name}']")


def shot(page: Page, artifacts, step: str) -> None:
    page.screenshot(path=artifacts / f"registration-{step}.png", full_page=True)


def open_own_registration(page: Page, status: str, artifacts, step: str) -> None:
    """From the home page, the unit card's link (named after the registration's status)."""
    card = page.get_by_test_id("card-registrations")
    expect(card).to_contain_text(CAMPAIGN_NAME)
    shot(page, artifacts, step)
    card.get_by_role("link", name=status).click()
    expect(page.get_by_test_id("status")).to_have_text(status)


def open_from_overview(page: Page, unit: str, status: str) -> None:
    """Secretariat: home → "Tình hình đăng ký: …" → the unit's row → "Xem"."""
    page.get_by_role("link", name=f"Tình hình đăng ký: {CAMPAIGN_NAME}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tình hình đăng ký thi đua")
    row = page.get_by_test_id("overview").locator("tbody tr").filter(has_text=unit)
    expect(row).to_contain_text(status)
    row.get_by_role("link", name="Xem").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(unit)
    expect(page.get_by_test_id("status")).to_have_text(status)


def test_register_return_fix_resubmit_accept(page: Page, demo_live, campaign_2020, artifacts):
    from campaigns.models import Registration

    # 1. The officer of Sở Xây dựng starts the registration from the home page.
    login(page, demo_live.url, "xaydung", demo_live.password)
    card = page.get_by_test_id("card-registrations")
    expect(card).to_contain_text("Đăng ký thi đua của đơn vị")
    expect(card).to_contain_text(CAMPAIGN_NAME)
    shot(page, artifacts, "0-home")
    card.get_by_role("button", name="Bắt đầu đăng ký").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký thi đua – Sở Xây dựng")

    # 2. Two targets (the second added with "Thêm chỉ tiêu") and one title, with a bad number.
    targets = page.get_by_test_id("target-rows").locator("tbody tr")
    expect(targets).to_have_count(1)
    first = targets.nth(0)
    field(first, "text").fill(TARGET_1)
    field(first, "due_text").fill("Tháng 11/2020")
    field(first, "planned_value").fill("tám mươi")
    field(first, "unit").fill("điểm")
    page.get_by_role("button", name="Thêm chỉ tiêu").click()
    expect(targets).to_have_count(2)
    second = targets.nth(1)
    expect(field(second, "text")).to_be_focused()
    field(second, "text").fill(TARGET_2)
    field(second, "due_text").fill("Quý IV/2020")
    titles = page.get_by_test_id("title-rows").locator("tbody tr")
    expect(titles).to_have_count(1)
    field(titles.nth(0), "award_type").select_option(label=TITLE)
    field(titles.nth(0), "count").fill("18")
    shot(page, artifacts, "1-form-filled")

    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Có ô chưa hợp lệ")).to_be_visible()
    expect(first).to_contain_text("“tám mươi” không phải là số")
    # Nothing typed is lost.
    expect(field(first, "text")).to_have_value(TARGET_1)
    expect(field(first, "due_text")).to_have_value("Tháng 11/2020")
    expect(field(first, "planned_value")).to_have_value("tám mươi")
    expect(field(first, "unit")).to_have_value("điểm")
    expect(field(second, "text")).to_have_value(TARGET_2)
    expect(field(second, "due_text")).to_have_value("Quý IV/2020")
    expect(field(titles.nth(0), "award_type").locator("option:checked")).to_have_text(TITLE)
    expect(field(titles.nth(0), "count")).to_have_value("18")
    shot(page, artifacts, "2-invalid-number")

    # 3. Fixed, saved and sent in one click.
    field(first, "planned_value").fill("85")
    page.get_by_role("button", name="Lưu và gửi thư ký khối").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi đăng ký cho thư ký khối.")
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    listed = page.get_by_test_id("targets").locator("tbody tr")
    expect(listed).to_have_count(2)
    expect(listed.nth(0)).to_contain_text(TARGET_1)
    expect(listed.nth(0)).to_contain_text("Phấn đấu: 85 điểm")
    expect(listed.nth(1)).to_contain_text(TARGET_2)
    expect(listed.nth(1)).to_contain_text("Quý IV/2020")
    expect(page.get_by_test_id("titles")).to_contain_text(f"{TITLE}: 18 cá nhân")
    expect(page.get_by_role("link", name="Sửa đăng ký")).to_have_count(0)
    shot(page, artifacts, "3-submitted")
    logout(page)

    # 4. The secretariat (Sở Khoa học và Công nghệ) returns it with a reason.
    login(page, demo_live.url, "hvquan", demo_live.password)
    open_from_overview(page, "Sở Xây dựng", "Đã gửi")
    page.get_by_label("Lý do").fill(REASON)
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Đã trả lại đăng ký cho đơn vị.")
    expect(page.get_by_test_id("status")).to_have_text("Bị trả lại")
    expect(page.get_by_test_id("return-reason")).to_contain_text(REASON)
    shot(page, artifacts, "4-returned")
    logout(page)

    # 5. The officer reads the reason, fixes the second target and sends it again.
    login(page, demo_live.url, "xaydung", demo_live.password)
    open_own_registration(page, "Bị trả lại", artifacts, "5-home")
    expect(page.get_by_test_id("return-reason")).to_contain_text(REASON)
    page.get_by_role("link", name="Sửa đăng ký").click()
    expect(page.locator("main")).to_contain_text(f"Thư ký khối trả lại: {REASON}")
    rows = page.get_by_test_id("target-rows").locator("tbody tr")
    expect(field(rows.nth(0), "text")).to_have_value(TARGET_1)
    expect(field(rows.nth(0), "planned_value")).to_have_value("85")
    expect(field(rows.nth(1), "text")).to_have_value(TARGET_2)
    field(rows.nth(1), "text").fill(TARGET_2_FIXED)
    expect(rows).to_have_count(3)  # the blank row left as it is must not block saving
    shot(page, artifacts, "5-fixing")
    page.get_by_role("button", name="Lưu và gửi thư ký khối").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    expect(page.get_by_test_id("targets")).to_contain_text(TARGET_2_FIXED)
    expect(page.get_by_test_id("return-reason")).to_have_count(0)
    shot(page, artifacts, "5-resubmitted")
    logout(page)

    # 6. The secretariat accepts; the overview and the audit trail tell the whole story.
    login(page, demo_live.url, "hvquan", demo_live.password)
    open_from_overview(page, "Sở Xây dựng", "Đã gửi")
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã chấp nhận đăng ký.")
    expect(page.get_by_test_id("status")).to_have_text("Đã chấp nhận")
    # The "Thao tác" column, newest first; the return carries its reason.
    actions = page.get_by_test_id("audit-trail").locator("tbody td:nth-child(3)")
    expect(actions).to_have_text(
        [
            "Chấp nhận",
            "Gửi",
            # What the unit fixed after the return is spelled out for the secretariat.
            re.compile(r"^Lưu nội dung đăng ký\s*2 chỉ tiêu, 1 danh hiệu\s*sửa: Hoàn thành 100%"),
            re.compile(rf"^Trả lại\s*{REASON}$"),
            "Gửi",
            re.compile(r"^Lưu nội dung đăng ký\s*2 chỉ tiêu, 1 danh hiệu\s*thêm: Phấn đấu"),
            "Tạo mới",
        ]
    )
    expect(page.get_by_test_id("audit-trail").locator("tbody tr").nth(3)).to_contain_text(
        "Huỳnh Văn Quân"
    )
    shot(page, artifacts, "6-accepted-detail")
    page.get_by_role("link", name="Trang chủ").click()
    page.get_by_role("link", name=f"Tình hình đăng ký: {CAMPAIGN_NAME}").click()
    row = page.get_by_test_id("overview").locator("tbody tr").filter(has_text="Sở Xây dựng")
    expect(row).to_contain_text("Đã chấp nhận")
    expect(page.get_by_test_id("summary")).to_contain_text("Đã chấp nhận: 1")
    expect(page.get_by_test_id("summary")).to_contain_text("Chưa đăng ký: 7")
    shot(page, artifacts, "6-accepted-overview")

    registration = Registration.objects.get(
        campaign=campaign_2020, organization=demo_live.org["DT-SXD"]
    )
    assert registration.status == Registration.Status.ACCEPTED
    assert registration.return_reason == ""
    targets_saved = list(registration.targets.order_by("ordinal"))
    assert [t.text for t in targets_saved] == [TARGET_1, TARGET_2_FIXED]
    assert targets_saved[0].planned_value == 85
    assert targets_saved[0].unit == "điểm"
    assert targets_saved[0].due_text == "Tháng 11/2020"
    assert targets_saved[0].due_start == datetime.date(2020, 11, 1)
    assert targets_saved[0].due_end == datetime.date(2020, 11, 30)
    assert targets_saved[1].due_text == "Quý IV/2020"
    assert targets_saved[1].planned_value is None
    assert [(t.award_type.name, t.count) for t in registration.titles.all()] == [(TITLE, 18)]


def test_blank_extra_row_is_ignored_when_editing(page: Page, demo_live, campaign_2020, artifacts):
    """Opening a registration that has targets and saving it unchanged must just work."""
    from campaigns import services

    registration = services.registration_open(
        campaign=campaign_2020,
        bloc=demo_live.bloc,
        organization=demo_live.org["DT-SXD"],
        actor=demo_live.xaydung,
    )
    services.registration_save(
        registration=registration,
        targets=[services.TargetInput(text=TARGET_1, due_text="Tháng 11/2020")],
        titles=[],
        actor=demo_live.xaydung,
    )
    login(page, demo_live.url, "xaydung", demo_live.password)
    page.goto(f"{demo_live.url}/registrations/{registration.pk}/edit/")
    rows = page.get_by_test_id("target-rows").locator("tbody tr")
    expect(rows).to_have_count(2)  # the saved target and one blank row to fill in
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_load_state()
    shot(page, artifacts, "bug-blank-row")
    expect(page.get_by_text("Trường này là bắt buộc.")).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu bản nháp.")

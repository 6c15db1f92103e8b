"""Issue 16: the school year through the browser, from registration to the year-end bloc report.

Sở GDĐT Tiền Giang (sgdtiengiang) registers its targets for năm học 2020–2021, one due in học kỳ
I, and sends them; the cụm trưởng's secretariat (sgddongthap, Sở GDĐT Đồng Tháp) accepts; the
unit sends its tổng kết năm học report; the secretariat compiles the cluster's year-end report
and downloads its PDF, which speaks of năm học throughout. Only the world is set up in Python:
the demo accounts and the cluster, the Ministry's campaign and its two school-year periods.
"""

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation_journey import login, logout
from tests.browser.test_progress_journey import cell, line
from tests.browser.test_registration_journey import field
from tests.conftest import require

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
UNIT = "Sở Giáo dục và Đào tạo tỉnh Tiền Giang"
CAMPAIGN = "Phong trào thi đua năm học 2020–2021"
ANNUAL = "Tổng kết năm học 2020–2021"
TARGETS = [
    ("Hoàn thành kiểm tra, đánh giá cuối học kỳ I đúng khung kế hoạch thời gian năm học",
     "Học kỳ I năm học 2020-2021"),
    ("Tỷ lệ học sinh tốt nghiệp trung học phổ thông đạt từ 98% trở lên", "Cuối năm học"),
]  # fmt: skip
TITLE = "Tổng kết công tác thi đua - khen thưởng năm học 2020–2021 và phương hướng, nhiệm vụ năm học 2021–2022"  # noqa: E501


@pytest.fixture
def world(demo_live):
    from blocs.models import Organization
    from campaigns import outline_data, progress, services
    from campaigns.demo_progress import school_periods
    from campaigns.models import Campaign

    ministry = Organization.objects.get(code="TW-BGDDT")
    progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    campaign = Campaign(authority=ministry, kind=Campaign.Kind.ANNUAL, year=2020, name=CAMPAIGN,
                        plan_symbol="1035/KH-BGDĐT", plan_date=date(2020, 9, 8),
                        start=date(2020, 9, 5), end=date(2021, 5, 31))  # fmt: skip
    services.campaign_save(campaign=campaign, phases=[], actor=None)
    school_periods(ministry)
    return demo_live


def pdf_text(path: Path) -> str:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_school_year_from_registration_to_the_year_end_bloc_report(
    page: Page, world, artifacts, tmp_path
):
    # 1. The member unit registers, one target due in học kỳ I, and sends.
    login(page, world.url, "sgdtiengiang", world.password)
    entry = page.get_by_test_id("card-registrations").locator("li").filter(has_text=CAMPAIGN)
    entry.first.get_by_role("button", name="Bắt đầu đăng ký").click()
    rows = page.get_by_test_id("target-rows").locator("tbody tr")
    for index, (text, due) in enumerate(TARGETS):
        if index:
            page.get_by_role("button", name="Thêm chỉ tiêu").click()
        field(rows.nth(index), "text").fill(text)
        field(rows.nth(index), "due_text").fill(due)
    page.get_by_role("button", name="Lưu và gửi thư ký khối").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi đăng ký cho thư ký khối.")
    expect(page.get_by_test_id("targets")).to_contain_text("Học kỳ I năm học 2020-2021")
    logout(page)

    # 2. The cụm trưởng's secretariat accepts it.
    login(page, world.url, "sgddongthap", world.password)
    page.get_by_role("link", name=f"Tình hình đăng ký: {CAMPAIGN}").click()
    row = page.get_by_test_id("overview").locator("tbody tr").filter(has_text=UNIT)
    row.get_by_role("link", name="Xem").click()
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã chấp nhận đăng ký.")
    logout(page)

    # 3. The unit sends its tổng kết năm học report.
    login(page, world.url, "sgdtiengiang", world.password)
    entry = page.get_by_test_id("card-reports").locator("li").filter(has_text=ANNUAL)
    entry.first.get_by_role("button", name="Lập báo cáo").click()
    for ordinal in (1, 2):
        cell(line(page, ordinal), "state").select_option(label="Hoàn thành")
    page.get_by_label("1. Thuận lợi", exact=True).fill(
        "Ngành giáo dục tỉnh hoàn thành kế hoạch năm học đúng khung thời gian của Bộ."
    )
    page.get_by_role("button", name="Lưu và gửi thư ký khối").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi báo cáo cho thư ký khối.")
    logout(page)

    # 4. The secretariat compiles the cluster's year-end report and downloads the PDF.
    login(page, world.url, "sgddongthap", world.password)
    page.get_by_test_id("documents-link").first.click()
    page.locator(".card-header").filter(has_text=ANNUAL).get_by_role(
        "button", name="Soạn báo cáo"
    ).first.click()
    expect(page.get_by_test_id("status")).to_have_text("Dự thảo")
    page.get_by_role("button", name="Tạo tệp PDF").click()
    expect(page.get_by_test_id("version-state")).to_have_text("Xong")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").click()
    pdf = tmp_path / "tong-ket-nam-hoc.pdf"
    download.value.save_as(pdf)

    text = re.sub(r"\s+", " ", pdf_text(pdf))
    assert TITLE.upper() in text.upper()
    # The date line ("Đồng Tháp, ngày … tháng 7 năm 2021", the day left blank on a draft), not
    # the plan's date the introduction cites: never before the school year's end.
    dated = re.search(r", ngày (?:\d{1,2} )?tháng (\d{1,2}) năm (\d{4})", text)
    assert dated, text[:500]
    month, year = (int(g) for g in dated.groups())
    assert (year, month) >= (2021, 5)
    assert "Phần I Tình hình tổ chức thực hiện phong trào thi đua năm học 2020–2021" in text
    assert "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm học 2021–2022" in text
    assert "6 tháng" not in text

    shots = ROOT / "docs/screenshots"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(shots / "school-year-annual-bloc-report")], check=True)  # fmt: skip
    shutil.copy(shots / "school-year-annual-bloc-report.png", artifacts)

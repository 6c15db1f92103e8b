"""The whole emulation year 2021 of Khối thi đua 4A, through the browser, as its users live it.

Sở Nội vụ (sonoivu) opens the bloc's year and launches the 2021 campaign with two phases; Sở Xây
dựng and Sở Công Thương register their targets through the form, Sở KH&CN fills the portal's
Excel template and the secretariat (hvquan) imports it; the secretariat accepts all three. The
units send their six-month reports; the secretariat compiles, edits, renders (by the Celery
worker), finalises, numbers, signs and issues the bloc's six-month report. Annual reports,
scoring, ranking and the year-end meeting follow; the bloc proposes its leader for Cờ thi đua
and two members for Bằng khen; Home Affairs sends one nominee back for documents, approves the
rest and issues the decision; the award summary counts it.

Runs against the live server on PostgreSQL with a real Celery worker on Redis (never eager).
Only the world is set up in Python: the demo accounts and 2020 bloc, the report outline and the
2021 scoring grid (neither has a page to create it), and the files users would bring.
"""

import datetime
import os
import re
import signal
import subprocess
import sys
from itertools import count
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
from playwright.sync_api import Locator, Page, expect

from tests import samples
from tests.browser.test_foundation_journey import login, logout
from tests.browser.test_progress_journey import cell, line
from tests.browser.test_registration_journey import field
from tests.conftest import require

pytestmark = [
    pytest.mark.browser,
    pytest.mark.redis,  # conftest's _eager_celery leaves the real broker alone
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
BLOC = "Khối thi đua 4A"
AUTHORITY = "Ủy ban nhân dân tỉnh Đồng Tháp"
CAMPAIGN = "Phong trào thi đua yêu nước năm 2021"
H1 = "Sơ kết 6 tháng đầu năm 2021"
ANNUAL = "Tổng kết năm 2021"
SKHCN, SXD, SCT = "Sở Khoa học và Công nghệ", "Sở Xây dựng", "Sở Công Thương"
CO_TINH = "Cờ thi đua của Ủy ban nhân dân tỉnh"
BK_TINH = "Bằng khen của Chủ tịch UBND tỉnh"
PDF = samples.PDF  # a real PDF: uploads are verified by parsing

# What each unit registers: (text, due as written, planned value, unit of measure).
FORM_TARGETS = {
    "xaydung": [
        ("Phấn đấu điểm chỉ số cải cách hành chính của Sở đạt từ 85 điểm trở lên",
         "Tháng 11/2021", "85", "điểm"),
        ("Giải quyết 100% hồ sơ cấp giấy phép xây dựng đúng hạn qua Cổng dịch vụ công trực tuyến",
         "Quý IV/2021", "", ""),
    ],
    "congthuong": [
        ("Ban hành Kế hoạch phát triển thương mại điện tử tỉnh Đồng Tháp năm 2021",
         "Quý I/2021", "", ""),
        ("Tổ chức 02 hội chợ xúc tiến thương mại nông sản, đặc sản của Tỉnh",
         "Tháng 10/2021", "2", "hội chợ"),
    ],
}  # fmt: skip
FORM_TITLES = {
    "xaydung": ("Chiến sĩ thi đua cơ sở", "5"),
    "congthuong": ("Lao động tiên tiến", "40"),
}
# Sở KH&CN's rows, typed into the portal's blank Phụ lục 1 template.
EXCEL_TARGETS = [
    ("Phấn đấu điểm chỉ số cải cách hành chính của Sở đạt từ 85 điểm trở lên", "Tháng 11/2021"),
    ("Ban hành Kế hoạch triển khai Chương trình phát triển tài sản trí tuệ tỉnh Đồng Tháp "
     "năm 2021", "Quý I/2021 Đã ban hành"),
    ("Tổ chức Hội nghị sơ kết 6 tháng đầu năm 2021 của Khối thi đua 4A", "Tháng 6/2021"),
    ("Tổ chức Hội nghị tổng kết phong trào thi đua năm 2021 của Khối; trình hồ sơ khen thưởng "
     "đúng quy trình và thời hạn", "Tháng 12/2021"),
    ("Chiến sĩ thi đua cơ sở: 06 cá nhân", None),
]  # fmt: skip
THUAN_LOI = {
    "xaydung": "Được Ủy ban nhân dân Tỉnh quan tâm chỉ đạo; thủ tục cấp phép đã số hoá.",
    "congthuong": "Doanh nghiệp tích cực tham gia các chương trình xúc tiến thương mại.",
    "hvquan": "Các thành viên Khối phối hợp chặt chẽ; kế hoạch năm ban hành sớm.",
}
DOING, DONE, TODO = "Đang thực hiện", "Hoàn thành", "Chưa thực hiện"
# Each unit's targets in its reports: (state, result, required once a target with a planned
# value is done).
REPORT_LINES = {
    ("hvquan", H1): [(DOING, ""), (DONE, ""), (DONE, ""), (TODO, "")],
    ("xaydung", H1): [(DOING, ""), (DOING, "")],
    ("congthuong", H1): [(DONE, ""), (DOING, "")],
    ("hvquan", ANNUAL): [(DONE, "")] * 4,
    ("xaydung", ANNUAL): [(DONE, "87,5"), (DONE, "")],
    ("congthuong", ANNUAL): [(DONE, ""), ("Hoàn thành trễ hạn", "2")],
}
PARTY = "Các chi bộ thành viên Khối lãnh đạo hoàn thành nhiệm vụ chính trị 6 tháng đầu năm 2021."
# Bloc points per leaf criterion (I.1, I.2, II.1, II.2, III, IV) of demo_progress.CRITERIA.
SCORES = {SKHCN: (39, 19, 10, 10, 14, 5), SCT: (37, 19, 9, 9, 14, 4), SXD: (35, 18, 9, 9, 14, 5)}
NOMINATIONS = [(SKHCN, CO_TINH, 8), (SCT, BK_TINH, 7), (SXD, BK_TINH, 6)]
PROPOSAL = "Đề nghị khen thưởng tập thể Khối thi đua 4A năm 2021"
MORE_DOCUMENTS = "Báo cáo thành tích chưa có xác nhận của cấp trình; bổ sung rồi trình đợt sau."
DECISION = "Tặng Cờ thi đua, Bằng khen của Ủy ban nhân dân tỉnh năm 2021 (Khối thi đua 4A)"


@pytest.fixture
def world(demo_live, settings, tmp_path):
    """The demo accounts and Khối 4A of 2020; seed 000's outline; the 2021 scoring grid."""
    from campaigns import outline_data, progress, scoring
    from campaigns.demo_progress import CRITERIA

    settings.MEDIA_ROOT = tmp_path / "media"  # shared with the worker, kept out of the project
    progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    scoring.scheme_from_data(
        bloc=demo_live.bloc,
        year=2021,
        name="Thang điểm thi đua Khối thi đua 4A năm 2021 (100 điểm)",
        criteria=CRITERIA,
        actor=None,
    )
    demo_live.media = settings.MEDIA_ROOT
    return demo_live


@pytest.fixture
def celery_worker(world, artifacts):
    """A real `celery worker` process on the test database and Redis; its log is an artefact."""
    import redis
    from django.db import connection

    from emulation_portal.celery import app
    from emulation_portal.tasks import ping

    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://…)")
    redis_url = os.environ.get("REDIS_URL", "")
    require(bool(redis_url), "REDIS_URL (a real Redis broker)")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require(False, f"Redis at {redis_url} ({exc})")
    assert not app.conf.task_always_eager
    # pytest-django made a test_<name> database: the worker must use that one.
    database_url = urlsplit(os.environ["DATABASE_URL"])
    database_url = database_url._replace(path=f"/{connection.settings_dict['NAME']}").geturl()
    app.control.purge()  # messages a killed earlier run left behind
    log = artifacts / "whole-year-worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "emulation_portal", "worker",
             "--pool=solo", "--concurrency=1", "--without-heartbeat", "--without-gossip",
             "--without-mingle", "-n", f"whole-year-{os.getpid()}@%h", "-l", "info"],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "emulation_portal.settings",
                 "DATABASE_URL": database_url, "REDIS_URL": redis_url,
                 "MEDIA_ROOT": str(world.media)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        assert ping.delay("sẵn sàng").get(timeout=60)["pong"] == "sẵn sàng"
        yield log
    finally:
        worker.send_signal(signal.SIGTERM)  # warm shutdown: its connections close first
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.fixture
def patient_expect():
    """Some thirty page loads in a row: allow a busy CI machine more than expect's 5 s."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


class Shots:
    """Numbered full-page screenshots: test-artifacts/whole-year-NN-step.png."""

    def __init__(self, page: Page, folder: Path):
        self.page, self.folder, self.numbers = page, folder, count(1)
        for old in folder.glob("whole-year-*.png"):
            old.unlink()

    def __call__(self, step: str) -> None:
        name = f"whole-year-{next(self.numbers):02d}-{step}.png"
        self.page.screenshot(path=self.folder / name, full_page=True)


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def menu(page: Page, menu_name: str, item: str) -> None:
    """A navigation drop-down ▸ item."""
    nav = page.get_by_test_id("nav")
    nav.get_by_role("button", name=menu_name, exact=True).click()
    nav.get_by_role("link", name=item, exact=True).click()


def alert(page: Page) -> Locator:
    return page.get_by_role("alert")


def home_entry(page: Page, card: str, text: str, unit: str) -> Locator:
    """One line of a home-page card (registrations or reports) for one unit."""
    return page.get_by_test_id(card).locator("li").filter(has_text=text).filter(has_text=unit).first


def register_through_form(page: Page, world, username: str, unit: str, shots) -> None:
    login(page, world.url, username, world.password)
    entry = home_entry(page, "card-registrations", CAMPAIGN, unit)
    entry.get_by_role("button", name="Bắt đầu đăng ký").click()
    expect(heading(page)).to_have_text(f"Đăng ký thi đua – {unit}")
    rows = page.get_by_test_id("target-rows").locator("tbody tr")
    for index, (text, due, planned, measure) in enumerate(FORM_TARGETS[username]):
        if index:
            page.get_by_role("button", name="Thêm chỉ tiêu").click()
        row = rows.nth(index)
        field(row, "text").fill(text)
        field(row, "due_text").fill(due)
        field(row, "planned_value").fill(planned)
        field(row, "unit").fill(measure)
    title, number = FORM_TITLES[username]
    titles = page.get_by_test_id("title-rows").locator("tbody tr")
    field(titles.nth(0), "award_type").select_option(label=title)
    field(titles.nth(0), "count").fill(number)
    shots(f"registration-form-{username}")
    page.get_by_role("button", name="Lưu và gửi thư ký khối").click()
    expect(alert(page)).to_contain_text("Đã gửi đăng ký cho thư ký khối.")
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    expect(page.get_by_test_id("targets").locator("tbody tr")).to_have_count(
        len(FORM_TARGETS[username])
    )
    logout(page)


def fill_template(path: Path) -> None:
    """What Sở KH&CN's officer types into the blank template in Excel."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    numbered = [r for r in range(1, sheet.max_row + 1) if isinstance(sheet.cell(r, 1).value, int)]
    for row, (text, due) in zip(numbered, EXCEL_TARGETS, strict=False):
        sheet.cell(row, 2).value = text
        sheet.cell(row, 3).value = due
    sheet.delete_rows(numbered[len(EXCEL_TARGETS)], len(numbered) - len(EXCEL_TARGETS))
    book.save(path)


def overview(page: Page) -> Locator:
    """Secretariat: home → "Tình hình đăng ký: …"; returns the units' rows."""
    page.get_by_role("link", name="Trang chủ").click()
    page.get_by_role("link", name=f"Tình hình đăng ký: {CAMPAIGN}").click()
    expect(heading(page)).to_have_text(f"Tình hình đăng ký thi đua – {BLOC}")
    return page.get_by_test_id("overview").locator("tbody tr")


def submit_report(page: Page, username: str, unit: str, period: str, shots) -> None:
    """A unit's report for the period: each target's state (and result when it has a planned
    value), "Thuận lợi", sent to the secretariat."""
    entry = home_entry(page, "card-reports", period, unit)
    entry.get_by_role("button", name="Lập báo cáo").click()
    expect(heading(page)).to_have_text(f"{period} – {unit}")
    if period == ANNUAL:
        # It starts from what the six-month report handed in; the six-month outline's headings
        # read for the whole year.
        for ordinal, (state, _achieved) in enumerate(REPORT_LINES[username, H1], start=1):
            expect(cell(line(page, ordinal), "state").locator("option:checked")).to_have_text(state)
        expect(page.locator("main")).to_contain_text(
            "Phần I. Tình hình tổ chức thực hiện phong trào thi đua năm 2021"
        )
    for ordinal, (state, achieved) in enumerate(REPORT_LINES[username, period], start=1):
        cell(line(page, ordinal), "state").select_option(label=state)
        cell(line(page, ordinal), "achieved_value").fill(achieved)
    page.get_by_label("1. Thuận lợi", exact=True).fill(THUAN_LOI[username])
    shots(f"{'h1' if period == H1 else 'annual'}-report-{username}")
    page.get_by_role("button", name="Lưu và gửi thư ký khối").click()
    expect(alert(page)).to_contain_text("Đã gửi báo cáo cho thư ký khối.")
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")


def dashboard(page: Page, period: str) -> Locator:
    """Secretariat: home → the bloc's board for the period; returns the units' rows."""
    page.get_by_role("link", name="Trang chủ").click()
    page.get_by_test_id("card-secretariat").get_by_role(
        "link", name="Bảng theo dõi, chấm điểm, xếp hạng"
    ).first.click()
    expect(heading(page)).to_have_text(f"Bảng theo dõi – {BLOC} năm 2021")
    page.get_by_label("Kỳ báo cáo").select_option(label=period)
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.locator("main")).to_contain_text(period)
    return page.get_by_test_id("dashboard").locator("tbody tr")


def accept_reports(page: Page, period: str, units) -> None:
    for unit in units:
        row = dashboard(page, period).filter(has_text=unit)
        row.get_by_role("link", name="Đã gửi").click()
        expect(heading(page)).to_have_text(f"{period} – {unit}")
        page.get_by_role("button", name="Chấp nhận").click()
        expect(alert(page)).to_contain_text("Đã chấp nhận báo cáo.")
    rows = dashboard(page, period)
    for unit in units:
        expect(rows.filter(has_text=unit)).to_contain_text("Đã chấp nhận")


def nominee_row(page: Page, name: str) -> Locator:
    return page.get_by_test_id("nominees").locator(f"tr[data-nominee='{name}']")


def upload(page: Page, kind: str, nominee: str | None, path: Path) -> None:
    page.get_by_label("Loại tài liệu").select_option(label=kind)
    page.get_by_label("Của đối tượng").select_option(label=nominee or "— cả tờ trình —")
    page.get_by_label("Tệp (PDF, ảnh, Word, Excel; tối đa 10 MB)").set_input_files(path)
    page.get_by_role("button", name="Tải lên").click()
    expect(heading(page)).to_have_text(PROPOSAL)


def verdict(page: Page, nominees, result: str, note: str = "") -> None:
    for nominee in nominees:
        page.get_by_label(nominee, exact=True).check()
    page.get_by_label("Kết quả thẩm định").select_option(label=result)
    page.get_by_label("Lý do, ghi chú").fill(note)
    page.get_by_role("button", name="Ghi kết quả thẩm định").click()
    expect(alert(page)).to_contain_text("Đã ghi kết quả thẩm định.")


def test_the_year_2021_of_khoi_4a(
    page: Page, world, celery_worker, patient_expect, artifacts, tmp_path
):
    from awards.models import Award, Decision, Nominee, Proposal
    from campaigns.models import ProgressReport, Registration
    from reports.models import ReportDocument, ReportVersion

    shots = Shots(page, artifacts)

    # 1. Sở Nội vụ opens Khối 4A's year 2021 with last year's members; asked who leads, it keeps
    # Sở KH&CN (rotation would propose the next member).
    login(page, world.url, "sonoivu", world.password)
    page.get_by_test_id("nav").get_by_role("link", name="Khối, cụm", exact=True).click()
    page.get_by_role("link", name=BLOC).click()
    page.get_by_label("Năm").fill("2021")
    page.get_by_role("button", name="Xem năm").click()
    expect(heading(page)).to_contain_text(f"{BLOC} – năm 2021")
    expect(page.get_by_test_id("members")).to_contain_text("Năm này chưa có thành viên.")
    expect(page.get_by_label("Sao chép từ năm")).to_have_value("2020")
    expect(page.get_by_label("Khối trưởng năm mới")).not_to_have_value("")
    page.get_by_label("Khối trưởng năm mới").select_option(label=SKHCN)
    page.get_by_label("Khối phó năm mới").select_option(value="")
    page.get_by_role("button", name="Sao chép").click()
    expect(alert(page)).to_contain_text("Đã sao chép thành viên.")
    expect(page.get_by_test_id("members").locator("tbody tr")).to_have_count(8)
    expect(page.get_by_test_id("leader")).to_have_text(SKHCN)
    shots("bloc-2021-members")

    # 2. The authority launches the 2021 campaign in two phases.
    page.get_by_test_id("nav").get_by_role("link", name="Phong trào", exact=True).click()
    page.get_by_role("link", name="Phát động phong trào").click()
    page.locator("#id_name").fill(CAMPAIGN)
    page.locator("#id_kind").select_option(label="Thường xuyên (hằng năm)")
    page.locator("#id_year").fill("2021")
    page.locator("#id_authority").select_option(label=AUTHORITY)
    page.locator("#id_plan_symbol").fill("25/KH-UBND")
    page.locator("#id_plan_date").fill("20/01/2021")
    page.locator("#id_start").fill("01/01/2021")
    page.locator("#id_end").fill("31/12/2021")
    page.locator("#id_registration_deadline").fill("15/02/2021")
    page.locator("#id_description").fill(
        "Đẩy mạnh phong trào thi đua yêu nước, thực hiện thắng lợi nhiệm vụ năm 2021."
    )
    for index, (name, start, end) in enumerate(
        [("Đợt 1", "01/01/2021", "30/06/2021"), ("Đợt 2", "01/07/2021", "31/12/2021")]
    ):
        page.locator(f"[name=phase-{index}-name]").fill(name)
        page.locator(f"[name=phase-{index}-start]").fill(start)
        page.locator(f"[name=phase-{index}-end]").fill(end)
    shots("campaign-form")
    page.get_by_role("button", name="Lưu").click()
    expect(alert(page)).to_contain_text("Đã lưu phong trào thi đua.")
    expect(heading(page)).to_have_text(CAMPAIGN)
    expect(page.locator("main")).to_contain_text("Số 25/KH-UBND ngày 20/01/2021")
    expect(page.locator("main")).to_contain_text("Đợt 1: 01/01/2021 – 30/06/2021")
    expect(page.locator("main")).to_contain_text("Đợt 2: 01/07/2021 – 31/12/2021")
    shots("campaign-launched")

    # 3. … and sets the year's reporting periods (six-month, annual, one per phase).
    menu(page, "Quản lý khối, cụm", "Kỳ báo cáo và đề cương")
    page.get_by_label("Cơ quan").select_option(label=AUTHORITY)
    page.get_by_label("Năm").fill("2021")
    page.get_by_role("button", name="Tạo").click()
    expect(alert(page)).to_contain_text("Đã có 4 kỳ báo cáo cho năm.")
    periods = page.get_by_test_id("periods")
    expect(periods).to_contain_text(H1)
    expect(periods).to_contain_text(ANNUAL)
    expect(periods).to_contain_text(f"Đợt 2 – {CAMPAIGN}")
    shots("periods")
    logout(page)

    # 4. Two units register through the form.
    register_through_form(page, world, "xaydung", SXD, shots)
    register_through_form(page, world, "congthuong", SCT, shots)

    # 5. Sở KH&CN fills the portal's blank template; its staff member, the secretariat, imports.
    login(page, world.url, "hvquan", world.password)
    entry = home_entry(page, "card-registrations", CAMPAIGN, SKHCN)
    entry.get_by_role("button", name="Bắt đầu đăng ký").click()
    page.get_by_role("link", name="Huỷ").click()
    expect(page.get_by_test_id("status")).to_have_text("Đang soạn")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải mẫu Excel trống").click()
    workbook = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook)
    assert workbook.name == "mau-dang-ky-DT-SKHCN-2021.xlsx"
    fill_template(workbook)
    overview(page)
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(workbook)
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(heading(page)).to_contain_text("Xem trước khi nhập")
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("1 đơn vị, 4 chỉ tiêu, 1 danh hiệu.")
    expect(page.get_by_test_id("import-units").locator("tbody tr")).to_contain_text(SKHCN)
    shots("import-preview")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(alert(page)).to_contain_text("Đã nhập 1 đơn vị, 4 chỉ tiêu, 1 danh hiệu.")

    # 6. The secretariat accepts the three registrations.
    for unit in (SKHCN, SXD, SCT):
        overview(page).filter(has_text=unit).get_by_role("link", name="Xem").click()
        expect(heading(page)).to_have_text(f"Đăng ký thi đua – {unit}")
        expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
        if unit == SKHCN:
            expect(page.get_by_test_id("targets")).to_contain_text("Quý I/2021 Đã ban hành")
            expect(page.get_by_test_id("titles")).to_contain_text(
                "Chiến sĩ thi đua cơ sở: 06 cá nhân"
            )
            shots("registration-imported")
        page.get_by_role("button", name="Chấp nhận").click()
        expect(alert(page)).to_contain_text("Đã chấp nhận đăng ký.")
    overview(page)
    summary = page.get_by_test_id("summary")
    expect(summary).to_contain_text("Đã chấp nhận: 3")
    expect(summary).to_contain_text("Chưa đăng ký: 5")
    shots("registrations-accepted")

    # 7. Six-month reports: Sở KH&CN's first (the secretariat is also its officer), then the two.
    page.get_by_role("link", name="Trang chủ").click()
    submit_report(page, "hvquan", SKHCN, H1, shots)
    logout(page)
    for username, unit in [("xaydung", SXD), ("congthuong", SCT)]:
        login(page, world.url, username, world.password)
        submit_report(page, username, unit, H1, shots)
        logout(page)

    # 8. The secretariat accepts them and compiles the bloc's six-month report.
    login(page, world.url, "hvquan", world.password)
    accept_reports(page, H1, (SKHCN, SXD, SCT))
    shots("h1-dashboard")
    page.get_by_role("link", name="Báo cáo sơ kết, tổng kết của khối").click()
    expect(heading(page)).to_have_text(f"Báo cáo sơ kết, tổng kết – {BLOC} 2021")
    page.locator(".card").filter(has_text=H1).get_by_role("button", name="Soạn báo cáo").click()
    expect(page.get_by_test_id("status")).to_have_text("Dự thảo")
    page.get_by_label("3. Công tác xây dựng Đảng").fill(PARTY)
    page.get_by_role("button", name="Lưu").click()
    expect(alert(page)).to_contain_text("Đã lưu nội dung báo cáo")
    shots("bloc-report-draft")
    page.get_by_role("link", name="Xem bản in").click()
    expect(page.locator("body")).to_contain_text("TM. KHỐI THI ĐUA 4A")
    expect(page.locator("body")).to_contain_text(PARTY)
    # The outline was written for 2020; the 2021 report reads 2021 everywhere.
    expect(page.locator("body")).to_contain_text(
        "Tình hình tổ chức thực hiện phong trào thi đua 6 tháng đầu năm 2021"
    )
    expect(page.locator("body")).to_contain_text("công tác trọng tâm 6 tháng cuối năm 2021")
    expect(page.locator("body")).not_to_contain_text("năm 2020")
    shots("bloc-report-print-view")
    page.get_by_role("link", name="← Quay lại").click()

    # The PDF is rendered by the worker; the page polls until it is done.
    page.get_by_role("button", name="Tạo tệp PDF").click()
    expect(heading(page)).to_contain_text("Tạo tệp PDF")
    expect(page.get_by_test_id("version-state")).to_have_text("Xong", timeout=120_000)
    shots("bloc-report-pdf-done")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert re.search(
        r"Task reports\.tasks\.generate_version\[[-0-9a-f]+\] succeeded", celery_worker.read_text()
    )
    page.get_by_role("link", name="Quay lại báo cáo").click()

    page.get_by_role("button", name="Chốt nội dung").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã chốt nội dung")
    page.get_by_label("Ngày văn bản").fill("25/06/2021")
    page.get_by_role("button", name="Cấp số").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã cấp số")
    expect(page.locator("main")).to_contain_text("01/BC-KTĐ4A")
    scan = tmp_path / "bao-cao-so-ket-6-thang-da-ky.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("Bản đã ký, đóng dấu (PDF)").set_input_files(scan)
    page.get_by_role("button", name="Tải lên bản đã ký").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã ký")
    page.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã ban hành")
    expect(page.get_by_role("link", name="Tải bản đã ký (PDF)")).to_be_visible()
    expect(page.get_by_test_id("audit-trail")).not_to_contain_text("Created by")
    shots("bloc-report-issued")

    # 9. Annual reports: every target closed; Sở Xây dựng first finds the issued bloc report.
    page.get_by_role("link", name="Trang chủ").click()
    submit_report(page, "hvquan", SKHCN, ANNUAL, shots)
    logout(page)
    login(page, world.url, "xaydung", world.password)
    received = page.get_by_test_id("card-received")
    expect(received).to_contain_text("Báo cáo số 01/BC-KTĐ4A")
    expect(received).to_contain_text(H1)
    submit_report(page, "xaydung", SXD, ANNUAL, shots)
    logout(page)
    login(page, world.url, "congthuong", world.password)
    submit_report(page, "congthuong", SCT, ANNUAL, shots)
    logout(page)

    # 10. The secretariat accepts them, scores the three units, ranks and records the meeting.
    login(page, world.url, "hvquan", world.password)
    accept_reports(page, ANNUAL, (SKHCN, SXD, SCT))
    page.get_by_role("link", name="Chấm điểm").click()
    for unit, points in SCORES.items():
        page.get_by_label("Đơn vị").select_option(label=unit)
        page.get_by_role("button", name="Chọn đơn vị").click()
        expect(page.get_by_role("heading", level=2)).to_contain_text(unit)
        inputs = page.get_by_test_id("scores").locator("input[name$='-points']")
        expect(inputs).to_have_count(len(points))
        for index, value in enumerate(points):
            inputs.nth(index).fill(str(value))
        page.get_by_role("button", name="Lưu điểm").click()
        expect(alert(page)).to_contain_text(f"Đã lưu điểm của {unit}.")
        if unit == SKHCN:
            shots("scoring")
    dashboard(page, ANNUAL)
    page.get_by_role("link", name="Xếp hạng và họp bình xét").click()
    ranking = page.get_by_test_id("ranking").locator("tbody tr")
    for rank, (unit, points) in enumerate(SCORES.items(), start=1):
        expect(ranking.nth(rank - 1)).to_contain_text(unit)
        expect(ranking.nth(rank - 1).locator("td").first).to_have_text(str(rank))
        expect(ranking.nth(rank - 1).locator("td").nth(2)).to_have_text(str(sum(points)))
    page.get_by_label("Ngày họp").fill("10/12/2021")
    page.get_by_label("Số đơn vị dự họp").fill("8")
    for unit, award, votes in NOMINATIONS:
        page.get_by_label(f"Suy tôn {unit} – {award}", exact=True).check()
        box = ranking.filter(has_text=unit).get_by_label(f"Suy tôn {unit} – {award}")
        box.locator("xpath=following-sibling::input").fill(str(votes))
    shots("ranking-meeting-form")
    page.get_by_role("button", name="Ghi kết quả họp").click()
    expect(alert(page)).to_contain_text("Đã ghi kết quả họp bình xét.")
    nominations = page.get_by_test_id("nominations").locator("li")
    expect(nominations).to_have_text(
        [f"{unit} – {award}: {votes}/8 phiếu" for unit, award, votes in NOMINATIONS]
    )
    shots("ranking-meeting-recorded")

    # 11. The bloc proposes its leader for Cờ thi đua and two members for Bằng khen.
    page.get_by_role(
        "link", name="Lập tờ trình đề nghị khen thưởng của khối từ kết quả họp"
    ).click()
    expect(heading(page)).to_have_text(f"Lập tờ trình đề nghị khen thưởng – {BLOC}")
    page.get_by_label("Trích yếu").fill(PROPOSAL)
    page.get_by_label("Loại khen thưởng").select_option(label="Thường xuyên (tổng kết năm)")
    expect(page.get_by_label("Năm thành tích")).to_have_value("2021")
    page.get_by_label("Cấp quyết định").select_option(label=AUTHORITY)
    page.get_by_label("Số, ký hiệu tờ trình").fill("05/TTr-KTĐ4A")
    page.get_by_label("Ngày tờ trình").fill("15/12/2021")
    page.get_by_role("button", name="Lưu").click()
    expect(heading(page)).to_have_text(PROPOSAL)
    expect(page.get_by_test_id("nominees").locator("tbody tr")).to_have_count(3)
    expect(nominee_row(page, SKHCN)).to_contain_text(CO_TINH)
    expect(nominee_row(page, SKHCN)).to_contain_text("suy tôn với 8/8 phiếu")
    files = {}
    for name in ("to-trinh", "bien-ban-hoi-dong", "bien-ban-hop-khoi", "bao-cao-skhcn",
                 "bao-cao-sct", "bao-cao-sxd"):  # fmt: skip
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(PDF)
    upload(page, "Tờ trình đề nghị khen thưởng (kèm danh sách)", None, files["to-trinh"])
    upload(page, "Biên bản họp Hội đồng thi đua – khen thưởng", None, files["bien-ban-hoi-dong"])
    upload(page, "Biên bản họp bình xét của khối, cụm", None, files["bien-ban-hop-khoi"])
    report_kind = "Báo cáo thành tích (có xác nhận của cấp trình)"
    for unit, award, key in [(SKHCN, CO_TINH, "skhcn"), (SCT, BK_TINH, "sct"),
                             (SXD, BK_TINH, "sxd")]:  # fmt: skip
        upload(page, report_kind, f"{unit} – {award}", files[f"bao-cao-{key}"])
    expect(page.get_by_test_id("checklist").locator(".text-danger")).to_have_count(0)
    expect(nominee_row(page, SKHCN).get_by_test_id("checks")).to_contain_text(
        "Được hội nghị khối, cụm suy tôn dẫn đầu năm 2021."
    )
    shots("proposal-dossier")
    page.get_by_role("button", name="Gửi tờ trình").click()
    expect(alert(page)).to_contain_text("Đã gửi tờ trình.")
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    logout(page)

    # 12. Home Affairs receives it, sends Sở Xây dựng back for documents, approves the rest.
    login(page, world.url, "sonoivu", world.password)
    menu(page, "Khen thưởng", "Đề nghị khen thưởng")
    row = page.get_by_test_id("proposals").locator("tbody tr").filter(has_text=PROPOSAL)
    expect(row).to_contain_text("Đã gửi")
    row.get_by_role("link", name=PROPOSAL).click()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã tiếp nhận")
    verdict(page, [f"{SKHCN} – {CO_TINH}", f"{SCT} – {BK_TINH}"], "Đủ điều kiện")
    verdict(page, [f"{SXD} – {BK_TINH}"], "Cần bổ sung hồ sơ", MORE_DOCUMENTS)
    expect(page.get_by_test_id("status")).to_have_text("Đã thẩm định")
    expect(nominee_row(page, SXD)).to_contain_text("Cần bổ sung hồ sơ")
    expect(nominee_row(page, SXD)).to_contain_text(MORE_DOCUMENTS)
    shots("review-verdicts")
    page.get_by_role("button", name="Duyệt các đối tượng đủ điều kiện").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã duyệt")
    expect(nominee_row(page, SKHCN)).to_contain_text("Được duyệt")
    expect(nominee_row(page, SCT)).to_contain_text("Được duyệt")
    expect(nominee_row(page, SXD)).to_contain_text("Không duyệt")
    shots("review-approved")

    # 13. The decision: drafted for the approved nominees, numbered by the system, issued.
    page.get_by_role("link", name="Dự thảo quyết định khen thưởng").click()
    expect(heading(page)).to_have_text("Dự thảo quyết định khen thưởng")
    expect(page.get_by_label(f"{SXD} – {BK_TINH}")).to_have_count(0)
    page.get_by_label("Ngày ký").fill("25/02/2022")
    page.get_by_label("Trích yếu").fill(DECISION)
    page.get_by_label("Người ký*", exact=True).fill("Trần Văn Ký")
    page.get_by_label(f"{SKHCN} – {CO_TINH}", exact=True).check()
    page.get_by_label(f"{SCT} – {BK_TINH}", exact=True).check()
    shots("decision-form")
    page.get_by_role("button", name="Lưu").click()
    expect(heading(page)).to_have_text("Quyết định số 01/QĐ-UBND.KT ngày 25/02/2022")
    page.get_by_role("button", name=re.compile("^Ban hành")).click()
    expect(alert(page)).to_contain_text("Đã ban hành quyết định 01/QĐ-UBND.KT.")
    expect(page.get_by_test_id("status")).to_have_text("Đã ban hành")
    expect(page.get_by_test_id("awards").locator("li")).to_have_text(
        [f"{SKHCN} – {CO_TINH} (2021)", f"{SCT} – {BK_TINH} (2021)"]
    )
    shots("decision-issued")

    # 14. The award summary of Đồng Tháp for 2022 counts the flag and the certificate.
    menu(page, "Khen thưởng", "Tổng hợp kết quả khen thưởng")
    page.get_by_label("Từ ngày").fill("01/01/2022")
    page.get_by_label("Đến hết ngày").fill("31/12/2022")
    page.get_by_label("Cơ quan quyết định").select_option(label=AUTHORITY)
    page.get_by_role("button", name="Xem", exact=True).click()
    table = page.get_by_test_id("award-summary")
    for label in (CO_TINH, BK_TINH):
        row = table.locator("tr[data-row]").filter(
            has=page.locator(f"[data-col='label']:text-is('{label}')")
        )
        expect(row.locator("[data-col='total']")).to_have_text("1")
        expect(row.locator("[data-col='collectives']")).to_have_text("1")
    expect(table.locator("tr[data-row='total'] [data-col='total']")).to_have_text("2")
    shots("award-summary")

    # 15. What was stored.
    registrations = Registration.objects.filter(campaign__year=2021, bloc=world.bloc)
    assert sorted(registrations.values_list("status", flat=True)) == ["accepted"] * 3
    assert ProgressReport.objects.filter(period__year=2021, status="accepted").count() == 6
    document = ReportDocument.objects.get(bloc=world.bloc, period__kind="h1", period__year=2021)
    assert (document.status, document.number, document.year) == ("issued", 1, 2021)
    assert ReportVersion.objects.get(document=document).state == ReportVersion.State.DONE
    proposal = Proposal.objects.get(title=PROPOSAL)
    assert proposal.bloc == world.bloc and proposal.status == Proposal.Status.DECIDED
    verdicts = dict(proposal.nominees.values_list("organization__code", "verdict"))
    assert verdicts == {"DT-SKHCN": "approved", "DT-SCT": "approved", "DT-SXD": "rejected"}
    assert proposal.nominees.get(organization__code="DT-SXD").verdict_note == MORE_DOCUMENTS
    decision = Decision.objects.get(authority=world.org["DT"], year=2022, number=1)
    assert decision.status == Decision.Status.ISSUED
    assert decision.dated == datetime.date(2022, 2, 25)
    awarded = Award.objects.filter(decision=decision).values_list(
        "organization__code", "award_type__code", "year"
    )
    assert sorted(awarded) == [("DT-SCT", "BK_TINH", 2021), ("DT-SKHCN", "CO_TINH", 2021)]
    assert not Nominee.objects.filter(proposal=proposal, verdict="pending").exists()

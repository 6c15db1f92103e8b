"""A unit officer fills the six-month report (target states, an evidence file, narrative
sections, a document issued), saves a draft, comes back and submits; the secretariat returns it,
the officer fixes it, the secretariat accepts; the bloc dashboard follows. Real browser."""

import datetime
import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests import samples
from tests.browser.test_foundation_journey import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures/dang_ky_chi_tieu_khoi_4A_2020.xlsx"
CAMPAIGN_NAME = "Phong trào thi đua yêu nước năm 2020"
PERIOD = "Sơ kết 6 tháng đầu năm 2020"
UNIT = "Sở Công Thương"
PDF = samples.PDF  # a real PDF: uploads are verified by parsing
PDF_NAME = "bao-cao-gia-tri-cong-nghiep.pdf"
NOTE_2 = "Đã hoàn thành 52% kế hoạch năm, số liệu ước đến 15/06/2020"
THUAN_LOI = "Được Ủy ban nhân dân Tỉnh quan tâm chỉ đạo; các phòng phối hợp chặt chẽ."
KHO_KHAN = "Dịch Covid-19 làm giảm kim ngạch xuất khẩu; thiếu cán bộ làm công tác thi đua."
DOC_SYMBOL = "15/KH-SCT"
DOC_TITLE = "Kế hoạch tổ chức phong trào thi đua yêu nước năm 2020 của Sở Công Thương"
REASON = "Bổ sung minh chứng cho chỉ tiêu 2"


@pytest.fixture
def h1_world(demo_live):
    """Đồng Tháp's 2020 campaign, Khối 4A's registrations from the sample workbook (Sở Công
    Thương's accepted), the seed-000 outline and the default 2020 periods."""
    from blocs.models import Organization
    from campaigns import importer, outline_data, progress, services
    from campaigns.models import Campaign, Registration, ReportingPeriod

    campaign = services.campaign_save(
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
    plan = importer.plan_from_bytes(SAMPLE.read_bytes(), campaign=campaign, bloc=demo_live.bloc)
    importer.apply_import(plan, actor=demo_live.secretariat, source="mau.xlsx")
    registration = Registration.objects.get(
        campaign=campaign, bloc=demo_live.bloc, organization=demo_live.org["DT-SCT"]
    )
    services.registration_transition(
        registration=registration, event="accept", actor=demo_live.secretariat
    )
    assert registration.targets.count() == 10
    progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    progress.periods_ensure_defaults(authority=demo_live.org["DT"], year=2020, actor=None)
    demo_live.period = ReportingPeriod.objects.get(
        authority=demo_live.org["DT"], year=2020, kind=ReportingPeriod.Kind.H1
    )
    demo_live.targets = list(registration.targets.order_by("ordinal"))
    return demo_live


def shot(page: Page, artifacts, step: str) -> None:
    page.screenshot(path=artifacts / f"progress-{step}.png", full_page=True)


def line(page: Page, ordinal: int) -> Locator:
    """A target's row in the report form."""
    return page.get_by_test_id("progress-rows").locator(f"tr[data-target='{ordinal}']")


def cell(row: Locator, name: str) -> Locator:
    return row.locator(f"[name$='-{name}']")


def report_link(page: Page) -> Locator:
    """The H1 entry of the home card "Báo cáo kết quả thi đua"."""
    card = page.get_by_test_id("card-reports")
    expect(card).to_contain_text("Báo cáo kết quả thi đua")
    return card.locator("li").filter(has_text=PERIOD)


def open_dashboard_h1(page: Page) -> Locator:
    """Secretariat: home → "Bảng theo dõi, chấm điểm, xếp hạng" → the unit's row.

    No 2020 period runs today, so the board opens on the one the bloc has reports for: H1."""
    page.get_by_role("link", name="Bảng theo dõi, chấm điểm, xếp hạng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bảng theo dõi – Khối thi đua 4A năm 2020"
    )
    expect(page.locator("main")).to_contain_text(f"{PERIOD} · hạn nộp 20/06/2020")
    expect(page.get_by_label("Kỳ báo cáo").locator("option:checked")).to_have_text(PERIOD)
    return page.get_by_test_id("dashboard").locator("tbody tr").filter(has_text=UNIT)


def wait_for_chart(page: Page) -> None:
    """Chart.js has drawn on the canvas (it sizes it and registers the chart)."""
    page.wait_for_function(
        "() => { const c = document.getElementById('progress-chart');"
        " return !!(window.Chart && c && window.Chart.getChart(c) && c.width > 0); }"
    )
    page.wait_for_timeout(600)  # the bars' entry animation


def test_six_month_report_draft_submit_return_fix_accept(page: Page, h1_world, artifacts, tmp_path):
    from campaigns.models import ProgressReport, TargetProgress

    world = h1_world
    evidence_file = tmp_path / PDF_NAME
    evidence_file.write_bytes(PDF)

    # 1. Sở Công Thương's officer starts the H1 report from the home page.
    login(page, world.url, "congthuong", world.password)
    entry = report_link(page)
    expect(entry).to_contain_text(UNIT)
    expect(entry).to_contain_text("hạn 20/06/2020")
    shot(page, artifacts, "0-home")
    entry.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{PERIOD} – {UNIT}")
    expect(page.get_by_test_id("progress-rows").locator("tbody tr")).to_have_count(10)

    # 2. Two target states, a note, an evidence PDF, two narrative sections, one document.
    first, second = line(page, 1), line(page, 2)
    cell(first, "state").select_option(label="Hoàn thành")
    cell(first, "evidence").set_input_files(evidence_file)
    cell(second, "state").select_option(label="Đang thực hiện")
    cell(second, "note").fill(NOTE_2)
    page.get_by_label("1. Thuận lợi", exact=True).fill(THUAN_LOI)
    page.get_by_label("2. Khó khăn, hạn chế", exact=True).fill(KHO_KHAN)
    documents = page.get_by_test_id("document-rows").locator("tbody tr")
    expect(documents).to_have_count(1)
    cell(documents.nth(0), "symbol").fill(DOC_SYMBOL)
    cell(documents.nth(0), "issued_on").fill("10/03/2020")
    cell(documents.nth(0), "title").fill(DOC_TITLE)
    shot(page, artifacts, "1-form-filled")

    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu bản nháp báo cáo.")
    expect(page.get_by_test_id("status")).to_have_text("Đang soạn")
    expect(page.get_by_test_id("late")).to_have_count(0)
    lines = page.get_by_test_id("report-lines").locator("tbody tr")
    expect(lines.nth(0)).to_contain_text("Hoàn thành")
    expect(lines.nth(0).get_by_role("link", name=PDF_NAME)).to_be_visible()
    expect(lines.nth(1)).to_contain_text("Đang thực hiện")
    expect(lines.nth(1)).to_contain_text(NOTE_2)
    expect(page.locator("main")).to_contain_text(THUAN_LOI)
    expect(page.locator("main")).to_contain_text(KHO_KHAN)
    expect(page.get_by_test_id("documents")).to_contain_text(
        f"Số {DOC_SYMBOL} ngày 10/03/2020: {DOC_TITLE}"
    )
    shot(page, artifacts, "2-draft")

    report = ProgressReport.objects.get(period=world.period, organization=world.org["DT-SCT"])
    assert report.status == ProgressReport.Status.DRAFT
    assert list(report.documents.values_list("symbol", flat=True)) == [DOC_SYMBOL]

    # 3. Later: back from the home page (the link is named after the status), edit, submit.
    page.get_by_role("link", name="Trang chủ").click()
    entry = report_link(page)
    expect(entry.get_by_role("link", name="Đang soạn")).to_be_visible()
    shot(page, artifacts, "3-home-draft")
    entry.get_by_role("link", name="Đang soạn").click()
    expect(page.get_by_test_id("status")).to_have_text("Đang soạn")
    page.get_by_role("link", name="Sửa báo cáo").click()
    first, second = line(page, 1), line(page, 2)
    expect(cell(first, "state").locator("option:checked")).to_have_text("Hoàn thành")
    expect(first.get_by_role("link", name=PDF_NAME)).to_be_visible()
    expect(cell(second, "state").locator("option:checked")).to_have_text("Đang thực hiện")
    expect(cell(second, "note")).to_have_value(NOTE_2)
    expect(page.get_by_label("1. Thuận lợi", exact=True)).to_have_value(THUAN_LOI)
    expect(page.get_by_label("2. Khó khăn, hạn chế", exact=True)).to_have_value(KHO_KHAN)
    documents = page.get_by_test_id("document-rows").locator("tbody tr")
    expect(cell(documents.nth(0), "symbol")).to_have_value(DOC_SYMBOL)
    expect(cell(documents.nth(0), "issued_on")).to_have_value("10/03/2020")
    expect(cell(documents.nth(0), "title")).to_have_value(DOC_TITLE)
    page.get_by_role("button", name="Lưu và gửi thư ký khối").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi báo cáo cho thư ký khối.")
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    # H1 2020 was due 20/06/2020: a submission today is late.
    expect(page.get_by_test_id("late")).to_have_text("gửi trễ hạn")
    expect(page.get_by_role("link", name="Sửa báo cáo")).to_have_count(0)
    shot(page, artifacts, "4-submitted")
    logout(page)

    # 4. The secretariat finds it on the dashboard and returns it with a reason.
    login(page, world.url, "hvquan", world.password)
    row = open_dashboard_h1(page)
    expect(row).to_contain_text("Đã gửi")
    expect(row).to_contain_text("trễ hạn")
    expect(row.locator("td").nth(5)).to_have_text("10%")  # target 1 of 10 done
    shot(page, artifacts, "5-dashboard-submitted")
    row.get_by_role("link", name="Đã gửi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{PERIOD} – {UNIT}")
    page.get_by_label("Lý do").fill(REASON)
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Đã trả lại báo cáo cho đơn vị.")
    expect(page.get_by_test_id("status")).to_have_text("Bị trả lại")
    expect(page.get_by_test_id("return-reason")).to_contain_text(REASON)
    shot(page, artifacts, "6-returned-report")
    page.get_by_role("link", name="Trang chủ").click()
    row = open_dashboard_h1(page)
    expect(row).to_contain_text("Bị trả lại")
    shot(page, artifacts, "6-returned-dashboard")
    logout(page)

    # 5. The officer sees the return on the home page, marks target 2 done and sends it again.
    login(page, world.url, "congthuong", world.password)
    entry = report_link(page)
    expect(entry).to_contain_text("cần sửa và gửi lại")
    entry.get_by_role("link", name="Bị trả lại").click()
    expect(page.get_by_test_id("return-reason")).to_contain_text(REASON)
    page.get_by_role("link", name="Sửa báo cáo").click()
    expect(page.locator("main")).to_contain_text(f"Thư ký khối trả lại: {REASON}")
    cell(line(page, 2), "state").select_option(label="Hoàn thành")
    shot(page, artifacts, "7-fixing")
    page.get_by_role("button", name="Lưu và gửi thư ký khối").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    expect(page.get_by_test_id("return-reason")).to_have_count(0)
    lines = page.get_by_test_id("report-lines").locator("tbody tr")
    expect(lines.nth(1)).to_contain_text("Hoàn thành")
    shot(page, artifacts, "7-resubmitted")
    logout(page)

    # 6. The secretariat accepts; the dashboard shows it and 2 of 10 targets done.
    login(page, world.url, "hvquan", world.password)
    row = open_dashboard_h1(page)
    expect(row).to_contain_text("Đã gửi")
    row.get_by_role("link", name="Đã gửi").click()
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã chấp nhận báo cáo.")
    expect(page.get_by_test_id("status")).to_have_text("Đã chấp nhận")
    actions = page.get_by_test_id("audit-trail").locator("tbody td:nth-child(3)")
    expect(actions.first).to_have_text("Chấp nhận")
    expect(page.get_by_test_id("audit-trail")).to_contain_text(REASON)
    shot(page, artifacts, "8-accepted-report")
    page.get_by_role("link", name="Trang chủ").click()
    row = open_dashboard_h1(page)
    expect(row).to_contain_text("Đã chấp nhận")
    expect(row.locator("td").nth(4)).to_have_text("10")
    expect(row.locator("td").nth(5)).to_have_text("20%")
    expect(page.get_by_test_id("dashboard-summary")).to_contain_text(
        "Báo cáo đã gửi hoặc chấp nhận: 1"
    )
    wait_for_chart(page)
    shot(page, artifacts, "9-accepted-dashboard")

    # 7. What was stored.
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.ACCEPTED
    assert report.is_late
    assert report.return_reason == ""
    done = report.progress.filter(state__in=TargetProgress.DONE_STATES)
    assert sorted(done.values_list("target__ordinal", flat=True)) == [1, 2]
    line_2 = report.progress.get(target=world.targets[1])
    assert line_2.note == NOTE_2
    evidence = [e for p in report.progress.all() for e in p.evidence.all()]
    assert len(evidence) == 1
    assert evidence[0].progress.target_id == world.targets[0].pk
    assert evidence[0].original_name == PDF_NAME
    assert evidence[0].content_type == "application/pdf"
    assert evidence[0].sha256 == hashlib.sha256(PDF).hexdigest()
    answers = {a.section.title: a.text for a in report.answers.select_related("section")}
    assert answers == {"Thuận lợi": THUAN_LOI, "Khó khăn, hạn chế": KHO_KHAN}
    assert [s["title"] for s in report.outline_snapshot if s["kind"] == "computed"] == [
        "Thi đua thực hiện các chỉ tiêu, nhiệm vụ chính trị của cơ quan, đơn vị",
        "Công tác khen thưởng",
    ]
    assert list(report.documents.values_list("symbol", "issued_on", "title")) == [
        (DOC_SYMBOL, datetime.date(2020, 3, 10), DOC_TITLE)
    ]


def test_saving_again_keeps_the_documents_already_listed(page: Page, h1_world, artifacts):
    from campaigns import progress
    from campaigns.models import ProgressReport

    world = h1_world
    report = progress.report_open(
        period=world.period, bloc=world.bloc, organization=world.org["DT-SCT"], actor=None
    )
    progress.report_save(
        report=report,
        progress=[],
        answers={},
        documents=[progress.DocumentInput(DOC_SYMBOL, datetime.date(2020, 3, 10), DOC_TITLE)],
        actor=world.congthuong,
    )
    login(page, world.url, "congthuong", world.password)
    page.goto(f"{world.url}/reports/{report.pk}/edit/")
    documents = page.get_by_test_id("document-rows").locator("tbody tr")
    expect(cell(documents.nth(0), "symbol")).to_have_value(DOC_SYMBOL)
    page.get_by_role("button", name="Lưu bản nháp").click()  # nothing changed
    expect(page.get_by_test_id("status")).to_have_text("Đang soạn")
    shot(page, artifacts, "bug-documents-dropped")
    assert ProgressReport.objects.get(pk=report.pk).documents.count() == 1

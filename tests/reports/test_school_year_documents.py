"""Issue 16: every document of a school-year authority speaks of "năm học 2020–2021" — titles,
the scope words of the introduction, headings, the appendix, statistics and file names — and
its date line is never before the period's end (học kỳ I ends in January of the next year)."""

import io
import re
from datetime import date, datetime

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document

from awards import summary
from blocs.models import Bloc, BlocMembership, StaffAssignment, YearKind
from campaigns import outline_data, progress
from campaigns.models import Campaign, ProgressReport, Registration, ReportingPeriod, Target
from reports import documents
from reports.bloc_report import bloc_report
from tests.factories import OrganizationFactory, UserFactory
from tests.reports.test_registration_pdf import _text

pytestmark = pytest.mark.django_db

H1_TITLE = (
    "Sơ kết công tác thi đua - khen thưởng học kỳ I năm học 2020–2021 và phương hướng, "
    "nhiệm vụ học kỳ II năm học 2020–2021"
)
ANNUAL_TITLE = (
    "Tổng kết công tác thi đua - khen thưởng năm học 2020–2021 và phương hướng, "
    "nhiệm vụ năm học 2021–2022"
)
BLANK = "\u2003\u2003"  # the day left blank until the document is dated


@pytest.fixture
def school():
    """A province's education office running a cụm of two upper-secondary schools in school
    year 2020–2021: one accepted registration, học kỳ I and annual periods, one report in."""
    authority = OrganizationFactory(
        code="DT-SGDDT", name="Sở Giáo dục và Đào tạo tỉnh Đồng Tháp", year_kind=YearKind.SCHOOL
    )
    bloc = Bloc.objects.create(
        code="CTĐ-THPT1", name="Cụm thi đua số 1", kind=Bloc.Kind.CLUSTER, authority=authority
    )
    leader = OrganizationFactory(code="DT-THPTCL", name="Trường THPT Thành phố Cao Lãnh")
    member = OrganizationFactory(code="DT-THPTDCT", name="Trường THPT Đỗ Công Tường")
    BlocMembership.objects.create(
        bloc=bloc, organization=leader, year=2020, role=BlocMembership.Role.LEADER
    )
    BlocMembership.objects.create(bloc=bloc, organization=member, year=2020)
    StaffAssignment.objects.create(
        user=UserFactory(full_name="Lê Thị Hạnh"), organization=leader, position="Hiệu trưởng",
        can_sign=True, signs_as=StaffAssignment.SignsAs.HEAD,
    )  # fmt: skip
    campaign = Campaign.objects.create(
        name="Phong trào thi đua năm học 2020–2021", year=2020, authority=authority,
        plan_symbol="45/KH-SGDĐT", plan_date=date(2020, 9, 15),
        start=date(2020, 9, 1), end=date(2021, 5, 31),
    )  # fmt: skip
    registration = Registration.objects.create(
        campaign=campaign, bloc=bloc, organization=leader, status="accepted"
    )
    Target.objects.create(
        registration=registration, ordinal=1, text="Tỷ lệ học sinh tốt nghiệp THPT đạt 98%.",
        due_text="Tháng 5/2021", due_end=date(2021, 5, 31),
    )  # fmt: skip
    outline = progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    periods = {
        kind: ReportingPeriod.objects.create(
            authority=authority,
            year=2020,
            kind=kind,
            name=name,
            start=date(2020, 9, 1),
            end=end,
            due=due,
            outline=outline,
        )  # fmt: skip
        for kind, name, end, due in (
            ("h1", "Sơ kết học kỳ I năm học 2020–2021", date(2021, 1, 15), date(2021, 1, 20)),
            ("annual", "Tổng kết năm học 2020–2021", date(2021, 5, 15), date(2021, 5, 20)),
        )
    }
    report = progress.report_open(period=periods["h1"], bloc=bloc, organization=leader, actor=None)
    submitted = timezone.make_aware(datetime(2021, 1, 18, 9))
    ProgressReport.objects.filter(pk=report.pk).update(status="submitted", submitted_at=submitted)
    return {"authority": authority, "bloc": bloc, "campaign": campaign, "report": report,
            "leader": leader, **periods}  # fmt: skip


def _texts(kind: str, params: dict, tmp_path) -> tuple[str, str, str]:
    """The PDF's text and the DOCX's text, whitespace folded, and the PDF's file name."""
    pdf = documents.render(kind, params, "pdf", user=None)
    path = tmp_path / pdf.filename
    path.write_bytes(pdf.data)
    word = Document(io.BytesIO(documents.render(kind, params, "docx", user=None).data))
    parts = [t.text or "" for t in word.element.body.iter() if t.tag.endswith("}t")]
    return " ".join(_text(path).split()), " ".join(" ".join(parts).split()), pdf.filename


@pytest.mark.parametrize(
    ("kind", "title", "scope", "date_line", "file"),
    [
        ("h1", H1_TITLE, "học kỳ I năm học 2020–2021 và phương hướng, nhiệm vụ học kỳ II năm "
         "học 2020–2021", f"ngày {BLANK} tháng 1 năm 2021",
         "bao-cao-so-ket-hoc-ky-i-nam-hoc-2020-2021-ctd-thpt1"),
        ("annual", ANNUAL_TITLE, "năm học 2020–2021 và phương hướng, nhiệm vụ năm học "
         "2021–2022", f"ngày {BLANK} tháng 5 năm 2021",
         "bao-cao-tong-ket-nam-hoc-2020-2021-ctd-thpt1"),
    ],
)  # fmt: skip
def test_bloc_report_speaks_of_the_school_year(school, kind, title, scope, date_line, file,
                                               tmp_path):  # fmt: skip
    report = bloc_report(school["bloc"], school[kind])
    assert report.title == title
    assert "đăng ký giao ước thi đua năm học 2020–2021 của các cơ quan, đơn vị" in report.intro
    assert report.intro.endswith(f"báo cáo kết quả thực hiện phong trào thi đua {scope}, như sau:")
    assert report.date_line == f"Đồng Tháp, {date_line}"  # where the office serves
    assert "năm 2020" not in report.date_line + report.appendix_note
    assert report.appendix_note.startswith(f"(Kèm theo Báo cáo số: {BLANK}/BC-CTĐ-THPT1 ngày")
    assert "năm 2021 của Cụm thi đua số 1" in report.appendix_note
    assert report.appendix.title.endswith("NĂM HỌC 2020–2021")
    pdf, word, filename = _texts(
        "bloc-report", {"bloc": school["bloc"], "period": school[kind]}, tmp_path
    )
    assert filename == f"{file}.pdf"
    for text in (pdf, word):
        appendix = "BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU CỤM THI ĐUA SỐ 1 NĂM HỌC 2020–2021"
        for needle in (title, scope, date_line.split("ngày ")[1], appendix):
            assert " ".join(needle.split()) in text, needle
        assert not re.search(r"ngày (tháng \d+ )?năm 2020\b", text), "a blank date line in 2020"
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            documents.render(
                "bloc-report", {"bloc": school["bloc"], "period": school[kind]}, "xlsx", user=None
            ).data
        )  # fmt: skip
    ).worksheets[0]
    assert sheet.title == {"h1": "Báo cáo học kỳ I 2020–2021",
                           "annual": "Báo cáo năm học 2020–2021"}[kind]  # fmt: skip


def test_annual_bloc_report_part_three_and_signature(school):
    report = bloc_report(school["bloc"], school["annual"])
    headings = [s.title for s in report.sections if s.depth == 0]
    assert "Kết quả chấm điểm, xếp hạng và đề nghị khen thưởng" in headings
    assert report.signature.authority == ["TM. CỤM THI ĐUA SỐ 1", "CỤM TRƯỞNG"]
    assert report.signature.name == "Lê Thị Hạnh"


def test_unit_report_speaks_of_the_school_year(school, tmp_path):
    pdf, word, filename = _texts("unit-report", {"report": school["report"]}, tmp_path)
    assert filename == (
        "bao-cao-so-ket-hoc-ky-i-nam-hoc-2020-2021-truong-thpt-thanh-pho-cao-lanh.pdf"
    )
    title = "Kết quả thực hiện phong trào thi đua – sơ kết học kỳ I năm học 2020–2021"
    for text in (pdf, word):
        assert title in text
        assert "ngày 18 tháng 01 năm 2021" in text  # submitted after học kỳ I ended


def test_registration_table_speaks_of_the_school_year(school, tmp_path):
    params = {"bloc": school["bloc"], "year": 2020}
    pdf, word, filename = _texts("registration", params, tmp_path)
    assert filename == "phu-luc-1-dang-ky-chi-tieu-ctd-thpt1-nam-hoc-2020-2021.pdf"
    for text in (pdf, word):
        assert "BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU CỤM THI ĐUA SỐ 1 NĂM HỌC 2020–2021" in text
    sheet = openpyxl.load_workbook(
        io.BytesIO(documents.render("registration", params, "xlsx", user=None).data)
    ).worksheets[0]
    assert sheet["A2"].value.endswith("NĂM HỌC 2020–2021")


def test_award_summary_by_achievement_year(school, tmp_path):
    params = {"bloc": school["bloc"], "year": 2020}
    table = summary.award_summary(year=2020, bloc=school["bloc"])
    assert table.title == "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM HỌC 2020–2021"
    assert table.period == "(khen thưởng thành tích năm học 2020–2021)"
    assert (table.year.start, table.year.end) == (date(2020, 9, 1), date(2021, 5, 31))
    pdf, word, filename = _texts("award-summary", params, tmp_path)
    assert filename == "tong-hop-khen-thuong-ctd-thpt1-nam-thanh-tich-2020-2021.pdf"
    for text in (pdf, word):
        assert "Tổng hợp kết quả khen thưởng năm học 2020–2021" in text
        assert "(khen thưởng thành tích năm học 2020–2021)" in text
        assert "năm 2021" in text and "năm 2020 " not in text  # decided after the year ends
        assert "Lê Thị Hạnh" in text  # the school year's leader signs


@pytest.mark.parametrize(
    ("start", "end", "name"),
    [
        (date(2020, 9, 1), date(2021, 1, 15), "HỌC KỲ I NĂM HỌC 2020–2021"),
        (date(2020, 9, 1), date(2021, 5, 31), "NĂM HỌC 2020–2021"),
        (date(2020, 9, 1), date(2021, 5, 15), "NĂM HỌC 2020–2021"),  # the configured period
    ],
)
def test_award_summary_recognises_school_year_spans(school, start, end, name, tmp_path):
    table = summary.award_summary(start=start, end=end, bloc=school["bloc"])
    assert table.period_name == name
    pdf, _word, _file = _texts("award-summary", {"bloc": school["bloc"], "start": start,
                                                 "end": end}, tmp_path)  # fmt: skip
    assert f"năm {end.year}" in pdf and "năm 2020" not in pdf.replace("năm 2020–2021", "")
    assert "Lê Thị Hạnh" in pdf


def test_calendar_spans_keep_their_names():
    assert summary.range_words(date(2020, 1, 1), date(2020, 6, 15)) == "06 tháng đầu năm 2020"
    assert summary.range_words(date(2020, 1, 1), date(2020, 12, 31)) == "năm 2020"


@pytest.mark.parametrize(
    ("period", "file"),
    [
        ("Tổng kết năm học 2020-2021", "annual"),
        ("Sơ kết học kỳ I năm học 2020–2021", "h1"),
        ("2020", "annual"),
        ("2020-H1", "h1"),
    ],
)
def test_build_report_takes_a_school_year_period(school, period, file, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("build_report", "bloc-summary", bloc="CTĐ-THPT1", period=period, format="pdf",
                 output=output)  # fmt: skip
    text = " ".join(_text(output).split())
    assert {"h1": H1_TITLE, "annual": ANNUAL_TITLE}[file] in text


def test_a_date_line_never_precedes_the_period_end(school):
    """Whatever the kind of year, the undated date line's year is the due date's."""
    for period in (school["h1"], school["annual"]):
        report = bloc_report(school["bloc"], period)
        assert report.date_line.endswith(f"năm {period.due.year}")
        assert period.due.year >= period.end.year

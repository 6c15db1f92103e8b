"""A unit's progress report signable as generated (issue 14, Deliver 4): the "Số" line, the
unit's signer from its staff, sections filled from the unit's own records, no empty section or
column, a header that breaks names where a clerk would, and a file name that says what it is."""

import io
import re

import pytest
from docx import Document

from awards.models import Award
from campaigns import demo_progress
from campaigns.models import ProgressReport, TargetProgress, TitleRegistration
from reports import decree30, documents, word
from reports.rendering import render_pdf
from reports.unit_report import NOTHING_REPORTED, unit_report
from tests.reports.test_registration_pdf import _text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(world):
    demo_progress.load()
    return {r.organization.code: r for r in ProgressReport.objects.select_related("organization")}


def _pdf_text(doc, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf("reports/unit_report.html", {"doc": doc}))
    return _text(path)


def _docx_text(doc) -> str:
    document = Document(io.BytesIO(word.unit_report_docx(doc)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_number_line_is_blank_before_the_slash_until_numbered(reports, tmp_path):
    doc = unit_report(reports["DT-SXD"].pk)
    assert doc.symbol == decree30.symbol(None, "BC-SXD")
    assert re.search(r"Số:\s+/BC-SXD", _pdf_text(doc, tmp_path))
    assert re.search(r"Số:\s+/BC-SXD", _docx_text(doc))


def test_a_deputy_signs_for_the_head_kt(reports, tmp_path):
    """Sở KH&CN's signer is its Phó Giám đốc: "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"."""
    doc = unit_report(reports["DT-SKHCN"].pk)
    assert doc.signature.authority == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    text = _pdf_text(doc, tmp_path)
    assert re.search(r"KT\. GIÁM ĐỐC\n(.*\n)?\s*PHÓ GIÁM ĐỐC\n", text)
    assert re.search(r"KT\. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n+Huỳnh Văn Quân", _docx_text(doc))


@pytest.mark.parametrize(
    ("code", "authority", "name"),
    [
        ("DT-SXD", ["GIÁM ĐỐC"], "Nguyễn Văn Dựng"),
        ("DT-SCT", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Lê Văn Thành"),
    ],
)
def test_the_demo_units_have_someone_to_sign(reports, code, authority, name):
    """Sở Xây dựng and Sở Công Thương printed an empty signature block."""
    signature = unit_report(reports[code].pk).signature
    assert (signature.authority, signature.signed) == (authority, [name])


def test_section_i_lists_the_titles_the_unit_registered(reports, tmp_path):
    """Sở Xây dựng registered 5 titles and no target: section I read "chưa có số liệu"."""
    doc = unit_report(reports["DT-SXD"].pk)
    first = next(s for s in doc.sections if s.number == "I")
    assert first.items[:2] == [
        "Chiến sĩ thi đua cơ sở: 18 cá nhân",
        "Chiến sĩ thi đua cấp tỉnh: 03 cá nhân",
    ]
    assert len(first.items) == 5 and not first.table
    for text in (_pdf_text(doc, tmp_path), _docx_text(doc)):
        assert "chưa có số liệu" not in text.lower()
        assert "Chiến sĩ thi đua cơ sở: 18 cá nhân" in text


def test_empty_sections_are_left_out_and_the_rest_numbered_in_order(reports):
    doc = unit_report(reports["DT-SXD"].pk)
    assert all(s.table or s.items or s.text or s.children for s in doc.sections)
    numbers = [s.number for s in doc.sections if s.depth == 1]
    assert numbers == ["I", "II", "III", "IV"][: len(numbers)]


def test_a_report_with_nothing_says_so_once(reports, tmp_path):
    report = reports["DT-SXD"]
    report.answers.all().delete()
    TitleRegistration.objects.filter(registration__organization=report.organization).delete()
    Award.objects.filter(organization=report.organization).delete()
    doc = unit_report(report.pk)
    assert doc.sections == []
    for text in (_pdf_text(doc, tmp_path), _docx_text(doc)):
        assert " ".join(text.split()).count(NOTHING_REPORTED) == 1


def test_the_result_column_only_when_some_target_has_a_result(reports, tmp_path):
    """An 8 mm empty "Kết quả" column printed although no target had a result."""
    report = reports["DT-SCT"]
    doc = unit_report(report.pk)
    table = next(s.table for s in doc.sections if s.table)
    assert "Kết quả" not in table.columns
    assert not re.search(r"Tình hình\s+Kết", _pdf_text(doc, tmp_path))
    line = report.progress.order_by("target__ordinal").first()
    line.state, line.achieved_value = TargetProgress.State.DONE, 100
    line.save()
    doc = unit_report(report.pk)
    table = next(s.table for s in doc.sections if s.table)
    assert table.columns[-1] == "Kết quả" and table.widths[-1] >= 25
    assert table.rows[0][-1] == "100" and all(len(row) == len(table.columns) for row in table.rows)


def test_names_break_between_phrases_never_inside_one(reports, tmp_path):
    """ "SỞ KHOA HỌC VÀ CÔNG / NGHỆ" and "ỦY BAN NHÂN DÂN TỈNH / ĐỒNG THÁP" wrapped mid-name."""
    doc = unit_report(reports["DT-SKHCN"].pk)
    assert doc.parent_lines == ["UBND TỈNH ĐỒNG THÁP"]
    assert doc.issuer_lines == ["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]
    lines = [line.strip() for line in _pdf_text(doc, tmp_path).splitlines()[:4]]
    assert lines[0].startswith("UBND TỈNH ĐỒNG THÁP")
    assert lines[1].startswith("SỞ KHOA HỌC") and lines[2].startswith("VÀ CÔNG NGHỆ")
    assert decree30.header_lines("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN") == [
        "SỞ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"
    ]  # fmt: skip
    assert decree30.header_lines("SỞ XÂY DỰNG") == ["SỞ XÂY DỰNG"]


def test_the_file_name_says_what_and_whose(reports):
    rendered = documents.render("unit-report", {"report": reports["DT-SXD"]}, "pdf", user=None)
    assert rendered.filename == "bao-cao-so-ket-6-thang-2020-so-xay-dung.pdf"


def test_the_text_ends_with_the_decree_30_mark(reports):
    """Decree 30 closes the body with "./." (seed 001: "… của Sở Khoa học và Công nghệ./.")."""
    doc = unit_report(reports["DT-SCT"].pk)
    last = next(s for s in reversed(doc.sections) if s.items or s.text)
    line = last.items[-1] if last.items else last.text.splitlines()[-1]
    assert line.endswith("(Quyết định số 41/QĐ-UBND.KT ngày 25/02/2020)./."), line
    assert sum(line.count("./.") for s in doc.sections for line in [*s.items, s.text]) == 1

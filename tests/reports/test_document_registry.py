"""The document registry: every kind renders in every format from one context, so the PDF
(pdftotext), the DOCX (python-docx) and the XLSX (openpyxl) carry the same figures and rows in
the same order; and the file is named in Vietnamese words, ASCII-folded."""

import io
import shutil
import subprocess
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from campaigns import demo_progress
from campaigns.models import ProgressReport, Registration, ReportingPeriod
from reports import documents
from tests.conftest import require

pytestmark = pytest.mark.django_db

H1_2020 = {"start": "2020-01-01", "end": "2020-06-15"}


def _render_all(kind: str, params: dict) -> dict[str, documents.Rendered]:
    return {f: documents.render(kind, params, f, user=None) for f in documents.FORMATS}


def _pdf_text(data: bytes) -> str:
    """The PDF's words in reading order, whitespace folded (cells wrap over lines)."""
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def _in_order(text: str, needles: list[str]) -> None:
    """Each needle appears in `text` after the one before it; its first 40 characters, as a
    long cell may run over a page break (the next page's number then stands inside it)."""
    position = 0
    for needle in needles:
        needle = " ".join(str(needle).split())[:40]
        found = text.find(needle, position)
        assert found >= 0, (
            f"{needle!r} missing or out of order after …{text[position - 60 : position]}"
        )
        position = found + len(needle)


def _cells(values) -> tuple:
    """A row as printed: empty cells dropped."""
    row = []
    for value in values:
        text = (
            value
            if isinstance(value, int | float | Decimal)
            else " ".join(str(value or "").split())
        )
        if text != "":
            row.append(text)
    return tuple(row)


def _same(value, text: str) -> bool:
    """A workbook may store "49" as 49 and "37,5%" as 0.375: the figure is what must agree."""
    if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return str(value) == str(text)
    plain = str(text).replace(".", "").replace(",", ".").strip()
    if plain.endswith("%"):
        return (
            abs(float(plain[:-1]) / 100 - float(value)) < 1e-9
            or abs(float(plain[:-1]) - float(value)) < 1e-9
        )
    return abs(float(plain) - float(value)) < 1e-9


def _rows_match(found: list[tuple], expected: list[tuple]) -> None:
    assert len(found) == len(expected), (found, expected)
    for got, want in zip(found, expected, strict=True):
        assert len(got) == len(want) and all(_same(a, b) for a, b in zip(got, want, strict=True)), (
            got,
            want,
        )


def _docx_rows(data: bytes, first: tuple) -> list[tuple]:
    """The rows of the DOCX table whose first printed row (its header) is `first`, after it."""
    for table in docx.Document(io.BytesIO(data)).tables:
        # python-docx repeats a merged cell in each grid column it spans: read each cell once.
        rows = [
            _cells(cell.text for cell in {cell._tc: cell for cell in row.cells}.values())
            for row in table.rows
        ]
        if rows and rows[0] == first:
            return rows[1:]
    raise AssertionError(f"no table headed {first}")


def _xlsx_rows(sheet, first: tuple) -> list[tuple]:
    """The sheet's rows after the row that reads `first`, up to the next empty row."""
    rows = [_cells(values) for values in sheet.iter_rows(values_only=True)]
    start = rows.index(first) + 1
    end = rows.index((), start) if () in rows[start:] else len(rows)
    return rows[start:end]


def _period(demo, kind=ReportingPeriod.Kind.H1) -> ReportingPeriod:
    return ReportingPeriod.objects.get(authority=demo.org["DT"], year=2020, kind=kind)


# Registration table (Phụ lục 1) -------------------------------------------------------------


def test_registration_table_has_the_same_rows_in_the_same_order_in_every_format(world, campaign):
    """A unit registered by form (no position in the imported table) came first in the PDF
    and last in the XLSX: both are now printed from one table, the imported units first."""
    Registration.objects.filter(campaign=campaign, organization=world.org["DT-SXD"]).update(
        position=None
    )
    files = _render_all("registration", {"campaign": campaign, "bloc": world.bloc})
    table = files["pdf"].context
    assert table.units[-1].name == "Sở Xây dựng"
    expected = []
    for unit in table.units:
        expected.append(_cells((unit.numeral, unit.name)))
        expected.extend(_cells((line.number, line.text, line.due)) for line in unit.lines)
    assert len(expected) == 8 + 49 + 11

    header = ("STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành (dự kiến)")
    _rows_match(_docx_rows(files["docx"].data, header), expected)
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"].data)).worksheets[0]
    _rows_match(_xlsx_rows(sheet, header), expected)
    _in_order(
        _pdf_text(files["pdf"].data),
        [text for unit in table.units for text in (unit.name, *(li.text for li in unit.lines))],
    )


# Award summary (seed 003) --------------------------------------------------------------------


def test_award_summary_has_the_same_figures_in_every_format(world):
    params = {"start": _date(H1_2020["start"]), "end": _date(H1_2020["end"]), "bloc": world.bloc}
    files = _render_all("award-summary", params)
    table = files["pdf"].context.table  # the report's (reports.award_summary) tables
    assert table.total > 0  # the demo's 2020 decisions for Khối 4A's members
    expected, printed = [], []
    for group in table.groups:
        expected.append(_cells((group.number, group.label)))
        for row in group.rows:
            figures = (row.total, row.collectives, row.individuals)
            expected.append(_cells((row.number, row.label, *map(str, figures))))
            printed.extend((row.label, *map(str, figures)))
    expected.append(_cells(("Tổng cộng", str(table.total), str(table.collectives),
                            str(table.individuals))))  # fmt: skip

    header = ("STT", "Danh hiệu, hình thức khen thưởng", "Tổng số", "Tập thể", "Cá nhân", "Ghi chú")
    _rows_match(_docx_rows(files["docx"].data, header), expected)
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"].data)).worksheets[0]
    _rows_match(_xlsx_rows(sheet, header), expected)
    _in_order(_pdf_text(files["pdf"].data), [*printed, "Tổng cộng", str(table.total)])


def _date(text):
    from datetime import date

    return date.fromisoformat(text)


# Bloc six-month report ------------------------------------------------------------------------


def test_bloc_report_has_the_same_figures_in_every_format(full_demo):
    files = _render_all("bloc-report", {"bloc": full_demo.bloc, "period": _period(full_demo)})
    report = files["pdf"].context
    tables = [section.table for section in report.sections if section.table]
    assert tables, "the six-month report has its tables"
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"].data)).worksheets[0]
    text = _pdf_text(files["pdf"].data)
    for table in tables:
        header, expected = _cells(table.columns), [_cells(row) for row in table.rows]
        _rows_match(_docx_rows(files["docx"].data, header), expected)
        _rows_match(_xlsx_rows(sheet, header), expected)
        _in_order(text, [cell for row in table.rows for cell in row if str(cell).strip()])


# Unit progress report -------------------------------------------------------------------------


def test_unit_report_has_the_same_rows_in_every_format(world):
    demo_progress.load()
    report = ProgressReport.objects.select_related("period", "organization").get(
        organization=world.org["DT-SKHCN"], period__kind=ReportingPeriod.Kind.H1
    )
    files = _render_all("unit-report", {"report": report})
    context = files["pdf"].context
    tables = [section.table.rows for section in context.sections if section.table]
    assert tables and tables[0], "Sở KH&CN reported on its targets"
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"].data)).worksheets[0]
    text = _pdf_text(files["pdf"].data)
    for rows in tables:
        expected = [_cells(row) for row in rows]
        docx_rows = [
            _cells(cell.text for cell in row.cells)
            for table in docx.Document(io.BytesIO(files["docx"].data)).tables
            for row in table.rows
        ]
        xlsx_rows = [_cells(values) for values in sheet.iter_rows(values_only=True)]
        for found in (docx_rows, xlsx_rows):
            start = next(i for i, row in enumerate(found) if row and _same(row[0], expected[0][0])
                         and row[1:2] == expected[0][1:2])  # fmt: skip
            _rows_match(found[start : start + len(expected)], expected)
        _in_order(text, [row[1] for row in rows])


# Names and refusals ---------------------------------------------------------------------------


def test_files_are_named_in_vietnamese_words_ascii_folded(full_demo, campaign):
    bloc = full_demo.bloc
    report = ProgressReport.objects.select_related("period", "organization").get(
        organization=full_demo.org["DT-SXD"], period=_period(full_demo)
    )
    cases = [
        ("bloc-report", {"bloc": bloc, "period": _period(full_demo)}, "pdf",
         "bao-cao-so-ket-6-thang-2020-ktd4a.pdf"),
        ("bloc-report", {"bloc": bloc, "period": _period(full_demo, "annual")}, "xlsx",
         "bao-cao-tong-ket-nam-2020-ktd4a.xlsx"),
        ("registration", {"bloc": bloc, "year": 2020}, "xlsx",
         "phu-luc-1-dang-ky-chi-tieu-ktd4a-2020.xlsx"),
        ("award-summary", {"start": _date("2020-01-01"), "end": _date("2020-06-15"),
                           "bloc": bloc}, "docx",
         "tong-hop-khen-thuong-ktd4a-01012020-15062020.docx"),
        ("award-summary", {"start": _date("2020-01-01"), "end": _date("2020-06-15")}, "xlsx",
         "tong-hop-khen-thuong-tat-ca-01012020-15062020.xlsx"),
        ("unit-report", {"report": report}, "docx", "bao-cao-so-ket-6-thang-2020-so-xay-dung.docx"),
    ]  # fmt: skip
    for kind, params, format, name in cases:
        rendered = documents.render(kind, params, format, user=None)
        assert rendered.filename == name
        assert rendered.content_type == documents.CONTENT_TYPES[format]


def test_a_user_who_may_not_read_the_document_is_refused(full_demo, campaign):
    """The builders scope with the permission functions; only the command line is trusted."""
    bloc, officer = full_demo.bloc, full_demo.congthuong  # a member, not the secretariat
    report = ProgressReport.objects.get(
        organization=full_demo.org["DT-SXD"], period=_period(full_demo)
    )
    refused = [
        ("bloc-report", {"bloc": bloc, "period": _period(full_demo)}),
        ("registration", {"bloc": bloc, "campaign": campaign}),
        ("award-summary", {"start": _date("2020-01-01"), "end": _date("2020-06-15"), "bloc": bloc}),
        ("unit-report", {"report": report}),
    ]
    for kind, params in refused:
        with pytest.raises(PermissionDenied):
            documents.render(kind, params, "xlsx", user=officer)
    mine = documents.render("unit-report", {"report": report}, "xlsx", user=full_demo.xaydung)
    assert mine.data.startswith(b"PK")


def test_unknown_kinds_and_formats_are_refused():
    with pytest.raises(ValueError, match="unknown document kind"):
        documents.render("minutes", {}, "pdf", user=None)
    with pytest.raises(ValueError, match="no odt layout"):
        documents.render("registration", {}, "odt", user=None)

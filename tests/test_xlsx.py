"""Every XLSX export keeps user text as text (no formula, formula-like text quote-prefixed); the
shared layout helpers print figures as numbers, in Times New Roman, on A4 as Decree 30 sets it."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from awards.models import Award, AwardType, Decision
from awards.summary import award_summary, to_xlsx
from blocs.models import Person
from campaigns import exporter
from campaigns.services import TargetInput, registration_open, registration_save
from emulation_portal.xlsx import (
    MAX_WIDTH,
    TABLE_SIZE,
    figure,
    merged_row,
    print_a4,
    put_figure,
    put_value,
    set_widths,
    text_font,
    widths_for,
    widths_from_mm,
)
from reports import documents

# What Excel or LibreOffice would run, or read as a formula once the cell is edited.
DANGEROUS = ["=1+1", '=HYPERLINK("http://x")', "+84 912", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _text_cells(ws):
    return [cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]


def assert_all_text_is_safe(ws, expected: list[str]) -> None:
    cells = _text_cells(ws)
    assert all(cell.data_type == "s" for cell in cells)
    by_value = {cell.value: cell for cell in cells}
    for text in expected:
        assert text in by_value, text
        assert by_value[text].quotePrefix, text


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_stays_text_and_is_quote_prefixed(text):
    book = openpyxl.Workbook()
    put_value(book.active["A1"], text)
    data = io.BytesIO()
    book.save(data)
    cell = _book(data.getvalue())["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("Hoàn thành 100%", "Hoàn thành 100%"),
        ("#N/A", "#N/A"),  # an error code to openpyxl, plain text here
        ("Tên\x00 đơn\x07 vị", "Tên đơn vị"),  # control characters openpyxl refuses
        ("\x01", None),
        (12, 12),
        (datetime.date(2020, 6, 15), datetime.date(2020, 6, 15)),
        (None, None),
    ],
)
def test_other_values(value, stored):
    cell = put_value(openpyxl.Workbook().active["A1"], value)
    assert cell.value == stored
    assert not cell.quotePrefix
    if isinstance(stored, str):
        assert cell.data_type == "s"


@pytest.mark.django_db
def test_registration_export_and_template(campaign, demo):
    unit = demo.org["DT-SXD"]
    unit.name = "=cmd|' /C calc'!A0"
    unit.save()
    registration = registration_open(
        campaign=campaign, bloc=demo.bloc, organization=unit, actor=demo.secretariat
    )
    targets = [TargetInput(text=text, due_text="Tháng 3/2020") for text in DANGEROUS[:5]]
    targets.append(TargetInput(text="Hạn viết như công thức", due_text="-Quý II"))
    registration_save(registration=registration, targets=targets, titles=[], actor=demo.xaydung)

    params = {"campaign": campaign, "bloc": demo.bloc}
    exported = _book(documents.render("registration", params, "xlsx", user=None).data)
    assert_all_text_is_safe(exported, [unit.name, *DANGEROUS[:5], "-Quý II"])
    template = exporter.blank_template(campaign=campaign, bloc=demo.bloc, organization=unit)
    assert_all_text_is_safe(_book(template), [unit.name])


@pytest.mark.django_db
def test_award_summary_export(demo):
    authority = demo.org["DT"]
    authority.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    authority.save()
    table = award_summary(
        start=datetime.date(2020, 1, 1), end=datetime.date(2020, 6, 15), authority=authority
    )
    assert_all_text_is_safe(_book(to_xlsx(table)), [authority.name])


@pytest.mark.django_db
def test_award_registry_export(client, demo):
    unit = demo.org["DT-SXD"]
    unit.name = "+1+1"
    unit.save()
    decision = Decision.objects.create(
        authority=demo.org["DT"],
        year=2020,
        number=7,
        dated=datetime.date(2020, 3, 10),
        title="Về việc khen thưởng",
        signer_name="Nguyễn Văn A",
        signer_title="Chủ tịch",
        status=Decision.Status.ISSUED,
    )
    person = Person.objects.create(full_name='=HYPERLINK("http://x")', organization=unit)
    Award.objects.create(
        award_type=AwardType.objects.get(code="BK_TINH"),
        year=2020,
        decision=decision,
        person=person,
        organization=unit,
    )
    client.force_login(demo.xaydung)
    response = client.get(reverse("registry"), {"format": "xlsx"})
    assert response.status_code == 200
    assert_all_text_is_safe(_book(response.content), [unit.name, person.full_name])


# Shared layout helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "number_format"),
    [
        ("49", 49, "0"),
        ("0", 0, "0"),
        ("1.234", 1234, "#,##0"),
        ("97,00", Decimal("97.00"), "0.00"),
        ("1.234,5", Decimal("1234.5"), "#,##0.0"),
        ("14,3%", Decimal("0.143"), "0.0%"),
        ("100%", 1, "0%"),
    ],
)
def test_figures_as_documents_print_them_are_numbers(text, value, number_format):
    assert figure(text) == (value, number_format)


# A leading zero ("05" titles), a unit, a symbol, a year range or a dash is text, not a figure.
@pytest.mark.parametrize("text", ["05", "05 tập thể", "12/BC-KTĐ4A", "—", "2010 - 2015", "1,2,3",
                                  "12.5", "", "-3", "1.23"])  # fmt: skip
def test_other_text_is_not_a_figure(text):
    assert figure(text) is None


def test_a_figure_cell_is_a_number_that_prints_as_the_document_does():
    sheet = openpyxl.Workbook().active
    cell = put_figure(sheet["A1"], "37,5%")
    assert (cell.value, cell.number_format, cell.data_type) == (Decimal("0.375"), "0.0%", "n")
    assert cell.alignment.horizontal == "right"
    assert (cell.font.name, cell.font.size) == ("Times New Roman", TABLE_SIZE)
    assert cell.border.left.style == cell.border.bottom.style == "thin"
    text = put_figure(sheet["A2"], "05 tập thể")
    assert (text.value, text.data_type, text.alignment.wrap_text) == ("05 tập thể", "s", True)


def test_a_merged_row_is_tall_enough_for_its_wrapped_lines():
    sheet = openpyxl.Workbook().active
    set_widths(sheet, [10, 30])
    merged_row(sheet, 1, "Ngắn", columns=2, font=text_font(bold=True))
    merged_row(sheet, 2, "Một câu rất dài " * 10, columns=2, font=text_font())
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:B1", "A2:B2"}
    assert sheet.row_dimensions[2].height >= 3 * sheet.row_dimensions[1].height
    assert (sheet["A1"].font.name, sheet["A1"].font.bold) == ("Times New Roman", True)


def test_widths_follow_the_text_within_bounds():
    widths = widths_for([["1", "Sở Khoa học và Công nghệ", "8"], ["2", "x" * 200, "10"]],
                        headers=["STT", "Cơ quan, đơn vị", "Chỉ tiêu đăng ký"])  # fmt: skip
    assert widths[0] < 8 < widths[2] < widths[1] == MAX_WIDTH


@pytest.mark.parametrize("landscape", [False, True])
def test_a4_fit_to_width_with_decree_30_margins(landscape):
    book = openpyxl.Workbook()
    print_a4(book.active, landscape=landscape, title_rows="4:4")
    data = io.BytesIO()
    book.save(data)
    sheet = _book(data.getvalue())
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation) == (
        9,
        "landscape" if landscape else "portrait",
    )  # 9 = A4
    assert (setup.fitToWidth, setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage) == (
        1,
        0,
        True,
    )
    margins = sheet.page_margins
    assert [
        round(x * 25.4) for x in (margins.top, margins.bottom, margins.left, margins.right)
    ] == [
        20,
        20,
        30,
        15,
    ]
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.oddHeader.center.text == "&P"  # page numbers from page 2, as the PDF
    assert sheet.HeaderFooter.differentFirst


def test_widths_from_the_pdf_millimetres():
    assert widths_from_mm([12, None, 30, 30, 22]) == [6.5, 38.3, 16.2, 16.2, 11.9]


def _printed_as_a_clerk_expects(sheet, *, landscape: bool, header_row: int) -> None:
    """The shared page (print_a4) and the shared table cells (put, BORDER, text_font)."""
    setup = sheet.page_setup
    assert (int(setup.paperSize), setup.orientation) == (
        9,
        "landscape" if landscape else "portrait",
    )
    assert setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    m = sheet.page_margins
    assert [round(x * 25.4) for x in (m.top, m.bottom, m.left, m.right)] == [20, 20, 30, 15]
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.oddHeader.center.text == "&P" and sheet.HeaderFooter.differentFirst
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            assert cell.border.bottom.style == cell.border.right.style == "thin"
            if cell.value is not None:  # a merged cell's covered part has no font or left side
                assert (cell.font.name, cell.font.sz) == ("Times New Roman", 13), cell.coordinate
                assert cell.border.left.style == "thin"


@pytest.mark.django_db
def test_award_summary_and_registration_sheets_use_the_shared_layout(demo, campaign):
    """awards.summary and campaigns.exporter kept private copies of the helpers; both now print
    through emulation_portal.xlsx (page numbers at the top from page 2, as the PDF)."""
    table = award_summary(start=datetime.date(2020, 1, 1), end=datetime.date(2020, 6, 15))
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    for sheet in book.worksheets:
        _printed_as_a_clerk_expects(sheet, landscape=False, header_row=5)
        assert [sheet.column_dimensions[c].width for c in "ABCDEF"] == [7, 48, 10, 10, 10, 12]
    template = exporter.blank_template(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"]
    )
    sheet = _book(template)
    _printed_as_a_clerk_expects(sheet, landscape=True, header_row=5)
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [10, 80, 28]
    assert sheet["A4"].font.italic and sheet.row_dimensions[4].height  # the hint, wrapped
    assert sheet["B7"].number_format == "@"  # what the unit types stays text

"""Registration tables written back in the users' own Phụ lục 1 shape (seed 000).

`registration_workbook` prints a bloc's summary table from the same table the PDF and the DOCX
print (reports.registration_table, handed over by the document registry: `campaigns` does not
import `reports`); `blank_template` gives a unit an empty one to fill in. Both follow the sample
workbook row for row (title rows, header, Roman-numeral unit rows, numbered targets, "Chiến sĩ
thi đua cơ sở: 18 cá nhân" title rows) so that `importer`
reads them back unchanged. Every text is written as a string cell, never as a formula.

The sheet's words are those of the administrative form, so they stay Vietnamese whatever the
interface language is (the importer looks for "STT" and "Chỉ tiêu thi đua").
"""

import math

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins

from emulation_portal.xlsx import put_value, to_bytes

from .models import Campaign

SHEET_TITLE = "Phụ lục 1"
APPENDIX = "Phụ lục 1"
HEADERS = ("STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành (dự kiến)")
TEMPLATE_HINT = (
    "Ghi mỗi chỉ tiêu vào một dòng có số thứ tự; danh hiệu đăng ký ghi dạng "
    "“Chiến sĩ thi đua cơ sở: 18 cá nhân”. Không dùng công thức."
)
HEADER_ROW = 5
WIDTHS = {"A": 10, "B": 80, "C": 28}  # A: a province's numerals, "LXXXVIII", in bold
FONT_NAME = "Times New Roman"
FONT_SIZE = 13
LINE_HEIGHT = 17.5  # points per line of 13 pt text
CHARS_PER_WIDTH = 0.9  # characters of 13 pt text per unit of column width (an estimate)
TEXT_FORMAT = "@"  # what the unit types into the template stays text ("15/10/2020", "=…")

_PLAIN = Font(name=FONT_NAME, size=FONT_SIZE)
_BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
_HINT = Font(name=FONT_NAME, size=FONT_SIZE - 1, italic=True)
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(number: int) -> str:
    """1 → "I", 4 → "IV", 14 → "XIV" (the numbering of unit rows)."""
    if number < 1:
        raise ValueError(number)
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def _put(cell, value, *, font=_PLAIN, alignment=_TOP_LEFT, border=_BORDER, number_format=None):
    """Write one cell; text is always a string cell, never a formula or an error code."""
    put_value(cell, value)
    cell.font = font
    cell.alignment = alignment
    if border is not None:
        cell.border = border
    if number_format:
        cell.number_format = number_format
    return cell


def _merged_height(ws, row: int, text: str, width: float) -> None:
    """Merged cells are never auto-fitted by Excel; give long texts room for their lines."""
    lines = max(1, math.ceil(len(text) / (width * CHARS_PER_WIDTH)))
    if lines > 1:
        ws.row_dimensions[row].height = lines * LINE_HEIGHT


def _layout(ws, title: str, attached: str, *, hint: str = "") -> None:
    """The sheet's title rows, header row and page, set up for A4 landscape."""
    ws.title = SHEET_TITLE
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    total_width = sum(WIDTHS.values())
    for row, text in enumerate((APPENDIX, title, attached), start=1):
        _put(ws.cell(row, 1), text, font=_BOLD, alignment=_CENTRE, border=None)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        _merged_height(ws, row, text, total_width)
    if hint:  # row 4, above the header: the importer does not read it
        _put(ws.cell(4, 1), hint, font=_HINT, alignment=_TOP_LEFT, border=None)
        ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=3)
        _merged_height(ws, 4, hint, total_width)
    for column, text in enumerate(HEADERS, start=1):
        _put(ws.cell(HEADER_ROW, column), text, font=_BOLD, alignment=_CENTRE)

    setup = ws.page_setup
    setup.orientation = ws.ORIENTATION_LANDSCAPE
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    # Nghị định 30/2020/NĐ-CP: 20 mm top and bottom, 30 mm left, 15 mm right.
    ws.page_margins = PageMargins(
        left=1.18, right=0.59, top=0.79, bottom=0.79, header=0.3, footer=0.3
    )
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT_NAME
    ws.oddFooter.center.size = 11
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def _unit_row(ws, row: int, numeral: str, name: str) -> None:
    _put(ws.cell(row, 1), numeral, font=_BOLD, alignment=_TOP_CENTRE)
    _put(ws.cell(row, 2), name, font=_BOLD)
    _put(ws.cell(row, 3), None, font=_BOLD)  # keeps the border of the merged cell
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    _merged_height(ws, row, name, WIDTHS["B"] + WIDTHS["C"])


def _item_row(ws, row: int, number: int, text, due=None, *, number_format=None) -> None:
    _put(ws.cell(row, 1), number, alignment=_TOP_CENTRE)
    _put(ws.cell(row, 2), text, number_format=number_format)
    _put(ws.cell(row, 3), due, number_format=number_format)


def registration_sheet(ws, table, *, attached: str | None = None) -> None:
    """The bloc's Phụ lục 1 on `ws`: `table` is a reports.registration_table RegistrationTable,
    whose units come in their table order with their numbered lines (targets, then the
    registered titles as "Chiến sĩ thi đua cơ sở: 18 cá nhân"). The one layout of Phụ lục 1 in a
    spreadsheet: the registration download and the bloc report's appendix sheet, which gives
    its own "(Kèm theo Báo cáo số …)" line as `attached`."""
    _layout(ws, table.title, table.attached if attached is None else attached)
    row = HEADER_ROW
    for unit in table.units:
        row += 1
        _unit_row(ws, row, unit.numeral, unit.name)
        for line in unit.lines:
            row += 1
            _item_row(ws, row, line.number, line.text, line.due)


def registration_workbook(table) -> bytes:
    """Phụ lục 1 as its own file (.xlsx), read back unchanged by the importer."""
    workbook = openpyxl.Workbook()
    registration_sheet(workbook.active, table)
    return to_bytes(workbook)


def blank_template(*, campaign: Campaign, bloc, organization, rows: int = 15) -> bytes:
    """An empty Phụ lục 1 for one unit: its unit row and `rows` numbered lines to fill in."""
    title = f"BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU {bloc.name.upper()}"
    attached = (
        f"(Kèm theo Báo cáo số: /BC-{bloc.code} ngày   tháng   năm {campaign.year} của {bloc.name})"
    )
    workbook = openpyxl.Workbook()
    ws = workbook.active
    _layout(ws, title, attached, hint=TEMPLATE_HINT)
    _unit_row(ws, HEADER_ROW + 1, roman(1), organization.name)
    for number in range(1, rows + 1):
        _item_row(ws, HEADER_ROW + 1 + number, number, None, number_format=TEXT_FORMAT)
    return to_bytes(workbook)

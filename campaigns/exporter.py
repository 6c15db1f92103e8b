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

import openpyxl

from emulation_portal.xlsx import (
    BORDER,
    CENTRE,
    LEFT,
    TEXT_SIZE,
    TOP_CENTRE,
    fit_row,
    merged_row,
    print_a4,
    put,
    set_widths,
    text_font,
    to_bytes,
)

from .models import Campaign

SHEET_TITLE = "Phụ lục 1"
APPENDIX = "Phụ lục 1"
HEADERS = ("STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành (dự kiến)")
TEMPLATE_HINT = (
    "Ghi mỗi chỉ tiêu vào một dòng có số thứ tự; danh hiệu đăng ký ghi dạng "
    "“Chiến sĩ thi đua cơ sở: 18 cá nhân”. Không dùng công thức."
)
HEADER_ROW = 5
WIDTHS = (10, 80, 28)  # A: a province's numerals, "LXXXVIII", in bold
TEXT_FORMAT = "@"  # what the unit types into the template stays text ("15/10/2020", "=…")
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


def _layout(ws, title: str, attached: str, *, hint: str = "") -> None:
    """The sheet's title rows, header row and page (emulation_portal.xlsx: Times New Roman 13,
    A4 landscape with Decree 30's margins, the header row on every page, numbered from page 2
    at the top as the PDF is)."""
    ws.title = SHEET_TITLE
    set_widths(ws, WIDTHS)
    bold = text_font(bold=True)
    for row, text in enumerate((APPENDIX, title, attached), start=1):
        merged_row(ws, row, text, columns=len(WIDTHS), font=bold)
    if hint:  # row 4, above the header: the importer does not read it
        merged_row(ws, 4, hint, columns=len(WIDTHS), font=text_font(TEXT_SIZE - 1, italic=True),
                   alignment=LEFT)  # fmt: skip
    for column, text in enumerate(HEADERS, start=1):
        put(ws.cell(HEADER_ROW, column), text, font=bold, alignment=CENTRE, border=BORDER)
    print_a4(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def _unit_row(ws, row: int, numeral: str, name: str) -> None:
    bold = text_font(bold=True)
    put(ws.cell(row, 1), numeral, font=bold, alignment=TOP_CENTRE, border=BORDER)
    put(ws.cell(row, 2), name, font=bold, border=BORDER)
    put(ws.cell(row, 3), None, font=bold, border=BORDER)  # keeps the border of the merged cell
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    fit_row(ws, row, columns=3, spans={2: 2})


def _item_row(ws, row: int, number: int, text, due=None, *, number_format=None) -> None:
    put(ws.cell(row, 1), number, alignment=TOP_CENTRE, border=BORDER)
    put(ws.cell(row, 2), text, border=BORDER, number_format=number_format)
    put(ws.cell(row, 3), due, border=BORDER, number_format=number_format)
    fit_row(ws, row, columns=3)


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

"""XLSX exports: cell values (text a user typed is never evaluated by a spreadsheet) and the
layout of document spreadsheets (Times New Roman, figures as numbers, borders, A4 print setup)."""

import io
import math
import re
from copy import copy
from decimal import Decimal
from functools import cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .fields import parse_vi_number

# Text starting with one of these is a formula (or DDE call) to Excel and LibreOffice; some trim
# a leading tab or carriage return first.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def put_value(cell, value):
    """Put `value` in `cell`; text stays exactly that text.

    openpyxl would store "=…" as a formula and "#N/A" as an error code, and refuses control
    characters: text is stored as a string cell without them. Text that starts like a formula is
    also marked quote-prefixed, as Excel marks text typed after an apostrophe, so editing the cell
    does not make it a formula either. The text itself is unchanged, so imports read it back.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


# Layout shared by the document spreadsheets: what a clerk would set by hand before printing.

FONT_NAME = "Times New Roman"
TEXT_SIZE = 13  # Decree 30: text 13–14 pt; the header lines 12–13 pt
TABLE_SIZE = 12  # tables, as the PDF prints them
MIN_WIDTH, MAX_WIDTH = 6, 50  # column widths, in characters of the default font
_WIDTH_PER_MM = 0.54  # a unit of column width is 7 px (and 5 px padding per column) at 96 dpi
PORTRAIT_TEXT_MM = 165  # A4 width less Decree 30's left and right margins
# Characters of Times New Roman per unit of column width, times the font size: about 0.92 at 13 pt
# (0.85 bold), about 0.9 of what LibreOffice prints, so wrapped text is never cut.
_CHARS_PER_WIDTH_PT = {False: 12.0, True: 11.0}
_LINE_HEIGHT = 1.3  # row height per line, in multiples of the font size (the PDF's line height)

_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="top")

# Nghị định 30/2020/NĐ-CP, Phụ lục I: top and bottom 20 mm, left 30 mm, right 15 mm (inches here).
MARGINS = PageMargins(
    top=20 / 25.4, bottom=20 / 25.4, left=30 / 25.4, right=15 / 25.4, header=0.3, footer=0.3
)

# A figure as documents print it: "49", "1.234", "97,00", "14,3%". A leading zero ("05" titles),
# a dot decimal ("12.5") or anything around the figure makes it text.
_FIGURE = re.compile(
    r"(?P<int>0|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d*)(?:,(?P<frac>\d+))?(?P<percent>%?)", re.ASCII
)


@cache
def text_font(size: float = TEXT_SIZE, *, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def figure(text: str) -> tuple[int | Decimal, str] | None:
    """ "37,5%" → (Decimal("0.375"), "0.0%"); None when `text` is not a figure.

    The number format repeats what the text shows (decimals, grouping), so the cell prints as the
    document does: Excel and LibreOffice write "14,3%" and "1.234" in a Vietnamese locale.
    """
    match = _FIGURE.fullmatch(text)
    if match is None:
        return None
    number = parse_vi_number(text.removesuffix("%"))
    decimals = f".{'0' * len(match['frac'])}" if match["frac"] else ""
    if match["percent"]:
        return number / 100, f"0{decimals}%"
    grouping = "#,##0" if "." in match["int"] else "0"
    return (number if match["frac"] else int(number)), f"{grouping}{decimals}"


def _named_style(workbook, font, alignment, border) -> str:
    """The workbook's named style ("ND30 12 bold center border") for this look, added on first
    use. One style assignment per cell instead of three: on a province's Phụ lục 1 the separate
    assignments took most of the time. Clerks also find the styles in Excel's gallery."""
    name = " ".join(filter(None, [
        "ND30", f"{font.size:g}", "bold" if font.bold else "", "italic" if font.italic else "",
        alignment.horizontal, alignment.vertical, "wrap" if alignment.wrap_text else "",
        "border" if border is not None else "",
    ]))  # fmt: skip
    if name not in workbook.named_styles:
        workbook.add_named_style(
            NamedStyle(name, font=font, alignment=alignment, border=border or Border())
        )
    return name


def put(cell, value, *, font=None, alignment=LEFT, border=None, number_format=None):
    """`value` in `cell` (user text kept as text, see put_value) in Times New Roman."""
    cell.style = _named_style(cell.parent.parent, font or text_font(), alignment, border)
    put_value(cell, value)
    if number_format is not None:
        cell.number_format = number_format
    return cell


def put_figure(cell, text, *, font=None, alignment=None, border=BORDER):
    """A table cell: a figure becomes a number with its format, so the clerk can sum it; other
    text stays text, wrapped."""
    font = font or text_font(TABLE_SIZE)
    parsed = figure(text) if isinstance(text, str) else None
    if parsed is None:
        return put(cell, text if text != "" else None, font=font, alignment=alignment or LEFT,
                   border=border)  # fmt: skip
    value, number_format = parsed
    return put(cell, value, font=font, alignment=alignment or RIGHT, border=border,
               number_format=number_format)  # fmt: skip


def set_widths(sheet, widths) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def widths_for(rows, *, headers=()) -> list[float]:
    """Column widths that fit each column's longest text, between MIN_WIDTH and MAX_WIDTH (longer
    text wraps); a header may take two lines."""
    needs = [max(len(max(h.split() or [""], key=len)), math.ceil(len(h) / 2)) + 2 for h in headers]
    for row in rows:
        for column, value in enumerate(row):
            need = math.ceil(len(str(value or "")) * 1.15)  # capitals and bold run wider
            if column < len(needs):
                needs[column] = max(needs[column], need)
            else:
                needs.append(need)
    return [min(MAX_WIDTH, max(MIN_WIDTH, need + 2)) for need in needs]


def widths_from_mm(widths, *, page_mm: float = PORTRAIT_TEXT_MM) -> list[float]:
    """The PDF's column widths in mm (None or 0 for the columns sharing the rest of the page
    width) as column widths: the spreadsheet prints its table as the PDF does."""
    rest = page_mm - sum(w for w in widths if w)
    shared = rest / max(1, sum(1 for w in widths if not w))
    return [round((w or shared) * _WIDTH_PER_MM, 1) for w in widths]


def _lines(text: str, width: float, font) -> int:
    per_line = max(1, int(width * _CHARS_PER_WIDTH_PT[bool(font.bold)] / font.size))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def fit_row(sheet, row: int, *, columns: int, spans=None) -> None:
    """`row` (its first `columns` cells) tall enough for its wrapped text. Neither LibreOffice nor
    Excel reliably fits a row to wrapped text when it opens a file (never a merged cell's):
    without this, lines overlap. `spans` maps a merged cell's first column to its width in
    columns."""
    spans = spans or {}
    height = 0.0
    for column in range(1, columns + 1):
        cell = sheet.cell(row, column)
        if not isinstance(cell.value, str):
            continue
        letters = map(get_column_letter, range(column, column + spans.get(column, 1)))
        width = sum(sheet.column_dimensions[letter].width or MIN_WIDTH for letter in letters)
        size = cell.font.size or TEXT_SIZE
        height = max(height, _lines(cell.value, width, cell.font) * size * _LINE_HEIGHT)
    if height:
        sheet.row_dimensions[row].height = height


def merged_row(sheet, row: int, text: str, *, columns: int, font, alignment=CENTRE):
    """`text` across the first `columns` columns, the row as tall as its wrapped lines."""
    cell = put(sheet.cell(row, 1), text or None, font=font, alignment=alignment)
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    fit_row(sheet, row, columns=columns, spans={1: columns})
    return cell


def print_a4(sheet, *, landscape: bool = False, title_rows: str | None = None) -> None:
    """A4, fit to the page width (as many pages down as needed), Decree 30's margins, the table
    header repeated on every page, page numbers at the top from page 2 as the PDF has them."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = copy(MARGINS)
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    # Each sheet numbered on its own (Phụ lục 1 too, as Decree 30 numbers an appendix).
    setup.useFirstPageNumber, setup.firstPageNumber = True, 1
    sheet.HeaderFooter.differentFirst = True
    header = sheet.oddHeader.center
    header.text, header.font, header.size = "&P", FONT_NAME, TEXT_SIZE


def to_bytes(workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

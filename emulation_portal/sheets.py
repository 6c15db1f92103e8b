"""Writing user text into spreadsheets safely."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def put_text(cell, value, *, font=None):
    """Text stays a string cell: never a formula ("=…", "+…", "@…") nor an error code, so a
    spreadsheet opened from the portal never runs what somebody typed."""
    if value is None or value == "":
        return cell
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def put_row(sheet, row: int, values, *, font=None) -> None:
    for column, value in enumerate(values, start=1):
        put_text(sheet.cell(row, column), value, font=font)

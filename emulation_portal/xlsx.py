"""Cell values for XLSX exports: text a user typed is never evaluated by a spreadsheet."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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

"""Report kind (e): a unit's own progress report for a period."""

import io

import openpyxl
from django.core.exceptions import PermissionDenied
from openpyxl.styles import Alignment, Border, Font, Side

from campaigns.models import ProgressReport
from campaigns.permissions import can_view_report
from emulation_portal.xlsx import put_value

from .. import word
from ..rendering import render_pdf
from ..unit_report import UnitReport, unit_report
from .base import Built, Kind, period_words


def build(*, report: ProgressReport, user) -> Built:
    if user is not None and not can_view_report(user, report):
        raise PermissionDenied
    period = period_words(report.period.kind, report.period.year)
    return Built(unit_report(report.pk), f"báo cáo {period} {report.organization.display_name}")


def to_pdf(report: UnitReport) -> bytes:
    return render_pdf("reports/unit_report.html", {"doc": report})


# A minimal workbook until the `xlsx` helper's reports.xlsx.unit_report_xlsx lands: the
# headings, the targets table and the lists in the order of the PDF, in the documents' type.
HEADERS = tuple(column.header for column in word.UNIT_REPORT_COLUMNS)
WIDTHS = (7, 60, 18, 18, 14)
CHARS_PER_WIDTH = 1.1  # characters of 12 pt text per unit of column width (an estimate)
LINE_HEIGHT = 16  # points per line of 12 pt text
_FONT = Font(name="Times New Roman", size=12)
_BOLD = Font(name="Times New Roman", size=12, bold=True)
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(vertical="top", wrap_text=True)


def to_xlsx(report: UnitReport) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo của đơn vị"
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
    rows = [((report.issuer,), _BOLD, None), ((f"BÁO CÁO {report.title}",), _BOLD, None)]
    rows.append(((f"({report.summary})",), _FONT, None))
    for section in report.sections:
        rows.append(((" ".join(filter(None, [section.number, section.title])),), _BOLD, None))
        if section.table:
            rows.append((HEADERS, _BOLD, _BORDER))
            rows.extend((values, _FONT, _BORDER) for values in section.table)
        rows.extend(((f"- {item}",), _FONT, None) for item in section.items)
        rows.extend(((line,), _FONT, None) for line in section.text.splitlines() if line)
    for number, (values, font, border) in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = put_value(sheet.cell(number, column), value or None)
            cell.font, cell.alignment = font, _WRAP
            if border is not None:
                cell.border = border
        widths = WIDTHS
        if len(values) == 1:  # a line of text runs across the table's width
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=5)
            widths = (sum(WIDTHS),)
        # Rows are not fitted to wrapped text when the file opens: room for the longest cell.
        lines = max(
            -(-len(str(value or "")) // int(width * CHARS_PER_WIDTH))
            for value, width in zip(values, widths, strict=False)
        )
        sheet.row_dimensions[number].height = max(1, lines) * LINE_HEIGHT
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


KIND = Kind("unit-report", build, {"pdf": to_pdf, "docx": word.unit_report_docx, "xlsx": to_xlsx})

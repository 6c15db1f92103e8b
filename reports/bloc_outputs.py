"""The bloc report's three renderers over one context: PDF, DOCX and XLSX."""

import io

import openpyxl
from openpyxl.styles import Font

from emulation_portal.sheets import put_row

from .bloc_report import BlocReport
from .rendering import render_pdf


def to_pdf(report: BlocReport) -> bytes:
    return render_pdf("reports/bloc_report.html", {"doc": report})


def to_xlsx(report: BlocReport) -> bytes:
    """Every table of the report on one sheet under its heading, Phụ lục 1 on a second."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu báo cáo"
    bold = Font(bold=True)
    put_row(sheet, 1, [f"Số: {report.symbol}", report.title], font=bold)
    row = 1
    for section in report.sections:
        if not section.table:
            continue
        put_row(sheet, row + 2, [section.number, section.title], font=bold)
        put_row(sheet, row + 3, section.table.columns, font=bold)
        row += 3
        for index, values in enumerate(section.table.rows):
            row += 1
            put_row(sheet, row, values, font=bold if index in section.table.bold_rows else None)
    if report.appendix:
        appendix = workbook.create_sheet("Phụ lục 1")
        for row, text in enumerate(("Phụ lục 1", report.appendix.title, report.appendix_note), 1):
            put_row(appendix, row, [text], font=bold)
        put_row(appendix, 4, ["STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành (dự kiến)"])
        row = 4
        for unit in report.appendix.units:
            row += 1
            put_row(appendix, row, [unit.numeral, unit.name], font=bold)
            for line in unit.lines:
                row += 1
                put_row(appendix, row, [str(line.number), line.text, line.due])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


RENDERERS = {"pdf": to_pdf, "xlsx": to_xlsx}

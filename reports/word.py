"""The report contexts as Word documents, laid out like their HTML templates (reports/templates).

Each renderer reads only its context (no queries), so the DOCX shows the figures the PDF and the
XLSX show.
"""

from awards import summary
from awards.summary import SummaryTable
from campaigns import exporter

from .docx import CENTER, NUMERAL_MM, RIGHT, Column, DecreeDocument, Row
from .registration_table import RegistrationTable
from .unit_report import UnitReport

NUMBER_MM = 14  # the "STT" column
NO_DATA = "Chưa có số liệu."
REGISTRATION_COLUMNS = (
    Column(exporter.HEADERS[0], NUMERAL_MM, CENTER),
    Column(exporter.HEADERS[1]),
    Column(exporter.HEADERS[2], 55),
)
SUMMARY_COLUMNS = (
    Column(summary.HEADERS[0], NUMBER_MM, CENTER),
    Column(summary.HEADERS[1]),
    *(Column(header, 22, RIGHT) for header in summary.HEADERS[2:5]),
    Column(summary.HEADERS[5], 18),
)
UNIT_REPORT_COLUMNS = (
    Column("STT", NUMBER_MM, CENTER),
    Column("Chỉ tiêu"),
    Column("Thời hạn", 30),
    Column("Tình hình", 30),
    Column("Kết quả", 22),
)


def registration_docx(table: RegistrationTable) -> bytes:
    """Phụ lục 1 on A4 landscape: a Roman-numbered row per unit, then its numbered targets."""
    doc = DecreeDocument(table.title, size=13, landscape=True)
    doc.header(issuer=table.issuer)
    doc.appendix(exporter.APPENDIX, table.title, table.attached, new_section=False)
    registration_rows(doc, table)
    return doc.to_bytes()


def registration_rows(doc: DecreeDocument, table: RegistrationTable) -> None:
    """Phụ lục 1's table: a Roman-numbered row per unit, then its numbered targets."""
    rows = []
    for unit in table.units:
        rows.append(Row((unit.numeral, unit.name), bold=True, keep_with_next=True))
        rows.extend((line.number, line.text, line.due) for line in unit.lines)
    doc.table(REGISTRATION_COLUMNS, rows or [Row((NO_DATA,))])


def award_summary_docx(table: SummaryTable) -> bytes:
    """Seed 003's "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG": groups in bold, their rows, the total."""
    doc = DecreeDocument(summary.TITLE, size=13)
    doc.title(summary.TITLE)
    doc.centred(table.period, italic=True)
    doc.centred(table.scope)
    doc.spacer()
    rows = []
    for group in table.groups:
        rows.append(
            Row((group.number, group.label, "", "", "", ""), bold=True, keep_with_next=True)
        )
        rows.extend(
            (row.number, row.label, row.total, row.collectives, row.individuals, "")
            for row in group.rows
        )
    totals = ("", summary.TOTAL_LABEL, table.total, table.collectives, table.individuals, "")
    rows.append(Row(totals, bold=True))
    doc.table(SUMMARY_COLUMNS, rows)
    return doc.to_bytes()


def unit_report_docx(report: UnitReport) -> bytes:
    """A unit's progress report: header, place and date, sections, Nơi nhận and signature."""
    doc = DecreeDocument(report.title, size=14, table_size=12)
    doc.header(issuer=report.issuer, parent=report.parent)
    doc.place_date(report.place_date)
    doc.title("BÁO CÁO", report.title, f"({report.summary})")
    doc.spacer()
    for section in report.sections:
        doc.heading(section.title, number=section.number, depth=section.depth)
        if section.table:
            doc.table(UNIT_REPORT_COLUMNS, section.table)
        elif section.items:
            for item in section.items:
                doc.paragraph(f"- {item}")
        elif section.text:
            doc.lines(section.text)
        elif section.missing:
            doc.paragraph("chưa có số liệu", italic=True)
    doc.closing(report.recipients, report.signer_title, report.signer_name)
    return doc.to_bytes()

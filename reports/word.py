"""The report contexts as Word documents, laid out like their HTML templates (reports/templates).

Each renderer reads only its context (no queries), so the DOCX shows the figures the PDF and the
XLSX show.
"""

from awards import summary
from awards.summary import SummaryTable
from campaigns import exporter

from . import decree30
from .award_summary import AwardSummaryDocument
from .docx import CENTER, LEFT, NUMERAL_MM, RIGHT, Column, DecreeDocument, Row
from .registration_table import RegistrationTable
from .unit_report import UnitReport

NUMBER_MM = 12  # the "STT" column
NO_DATA = "Chưa có số liệu."
REGISTRATION_COLUMNS = (
    Column(exporter.HEADERS[0], NUMERAL_MM, CENTER),
    Column(exporter.HEADERS[1]),
    Column(exporter.HEADERS[2], 55),
)
# reports/award_summary.html's columns (12, 20 or 26, 20 mm) with their cells' padding.
SUMMARY_COLUMNS = (
    Column(summary.HEADERS[0], NUMBER_MM, CENTER),
    Column(summary.HEADERS[1]),
    *(Column(header, 22, RIGHT) for header in summary.HEADERS[2:5]),
    Column(summary.HEADERS[5], 21),
)
PROPOSED_COLUMNS = (
    Column(summary.PROPOSED_HEADERS[0], NUMBER_MM, CENTER),
    Column(summary.PROPOSED_HEADERS[1]),
    *(Column(header, 28, RIGHT) for header in summary.PROPOSED_HEADERS[2:4]),
    Column(summary.PROPOSED_HEADERS[4], 21),
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


def award_summary_docx(doc: AwardSummaryDocument) -> bytes:
    """The award summary as its issuer signs it, laid out like reports/award_summary.html:
    header, lead, seed 003's table, the nominees proposed against the awards issued, the last
    paragraph, Nơi nhận and the signature block."""
    table = doc.table
    word = DecreeDocument(doc.summary, size=14, table_size=12)
    word.header(issuer=doc.issuer, parent=doc.parent, number=f"Số: {doc.symbol}")
    word.place_date(doc.date_line)
    word.title(doc.kind, doc.summary, f"({doc.summary_note})")
    word.spacer()
    word.paragraph(doc.lead)
    word.heading(table.title, number="I")
    _summary_table(word, table, SUMMARY_COLUMNS, "awarded")
    word.heading(table.proposed_title, number="II")
    word.paragraph(table.proposed_note, italic=True)
    _summary_table(word, table, PROPOSED_COLUMNS, "proposed")
    word.paragraph(doc.ending)
    signature = doc.signature
    word.closing(doc.recipients, "\n".join(signature.authority), "\n".join(signature.signed))
    return word.to_bytes()


def _summary_table(word: DecreeDocument, table: SummaryTable, columns, figures: str) -> None:
    """Groups in bold, each kept with its first row, their rows, the total."""
    blank = ("",) * (len(columns) - 2)
    rows = []
    for group in table.groups:
        rows.append(Row((group.number, group.label, *blank), bold=True, keep_with_next=True))
        rows.extend(
            (row.number, row.label, *(v for _n, v in summary.figures(row, figures)), "")
            for row in group.rows
        )
    totals = (v for _n, v in summary.figures(table, figures))
    rows.append(Row(("", summary.TOTAL_LABEL, *totals, ""), bold=True))
    word.table(columns, rows)


def data_table(doc: DecreeDocument, table: decree30.Table) -> None:
    """A report's table (decree30.Table) as the PDF lays it out: the STT column centred, the
    widths in mm (0 shares the rest), group and total rows in bold."""
    widths = table.widths or (0,) * len(table.columns)
    columns = [
        Column(name, width or None, CENTER if index == 0 else LEFT)
        for index, (name, width) in enumerate(zip(table.columns, widths, strict=True))
    ]
    doc.table(columns, [Row(row, bold=i in table.bold_rows) for i, row in enumerate(table.rows)])


def unit_report_docx(report: UnitReport) -> bytes:
    """A unit's progress report: header with its "Số" line, place and date, the sections with
    something to say, Nơi nhận and the signature block."""
    doc = DecreeDocument(report.title, size=14, table_size=12)
    doc.header(issuer=report.issuer, parent=report.parent, number=f"Số: {report.symbol}")
    doc.place_date(report.place_date)
    doc.title("BÁO CÁO", report.title, f"({report.summary})")
    doc.spacer()
    for section in report.sections:
        doc.heading(section.title, number=section.number, depth=section.depth)
        if section.table:
            data_table(doc, section.table)
        doc.lines(section.text)
        for item in section.items:
            doc.paragraph(f"- {item}")
    if report.nothing_reported:
        doc.paragraph(report.nothing_reported)
    signature = report.signature
    doc.closing(report.recipients, "\n".join(signature.authority), "\n".join(signature.signed))
    return doc.to_bytes()

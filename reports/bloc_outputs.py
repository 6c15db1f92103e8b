"""The bloc report's three renderers over one context: PDF, DOCX and XLSX (in reports.xlsx)."""

from django.conf import settings
from django.template.loader import render_to_string

from . import decree30, word
from .bloc_report import BlocReport
from .docx import DecreeDocument
from .rendering import Section, render_sections
from .xlsx import bloc_report_xlsx


def _chunks(units: list, rows: int) -> list[list]:
    """Consecutive units, about `rows` table rows a chunk; a unit is never cut."""
    chunks: list[list] = []
    count = rows
    for unit in units:
        if count >= rows:
            chunks.append([])
            count = 0
        chunks[-1].append(unit)
        count += 1 + len(unit.lines)
    return chunks or [[]]


def pdf_sections(report: BlocReport) -> list[Section]:
    """The report, then its Phụ lục 1 numbered on its own (Decree 30), a long one in chunks."""
    template = "reports/bloc_report.html"
    sections = [Section([render_to_string(template, {"doc": report, "body_only": True})])]
    if report.appendix:
        chunks = _chunks(report.appendix.units, settings.PDF_CHUNK_ROWS)
        context = {"doc": report, "appendix_only": True}
        htmls = [
            render_to_string(template, {**context, "units": units, "continued": index > 0})
            for index, units in enumerate(chunks)
        ]
        sections.append(Section(htmls, page_class="appendix"))
    return sections


def to_pdf(report: BlocReport) -> bytes:
    return render_sections(pdf_sections(report))


def _paragraph(doc: DecreeDocument, runs: list[decree30.Run]) -> None:
    notes = [run.note for run in runs if run.note]
    if notes:
        doc.paragraph_with_notes([run.text for run in runs], notes)
    else:
        doc.paragraph("".join(run.text for run in runs))


def to_docx(report: BlocReport) -> bytes:
    """The same sections, tables, footnotes and Phụ lục 1 as the PDF, as an editable Word file."""
    doc = DecreeDocument(report.title, size=14, table_size=12)
    doc.header(issuer=report.issuer, number=f"Số: {report.symbol}")
    doc.place_date(report.date_line)
    doc.title("BÁO CÁO", report.title)
    doc.spacer()
    for runs in report.intro_paragraphs:
        _paragraph(doc, runs)
    for section, nothing in report.printed_sections:
        doc.heading(section.title, number=section.number, depth=section.depth)
        doc.lines(section.figures)
        if section.table:
            word.data_table(doc, section.table)
        for runs in section.paragraphs:
            _paragraph(doc, runs)
        if nothing:
            doc.paragraph(nothing)
    signature = report.signature
    doc.closing(
        report.recipients,
        f"{signature.on_behalf}\n{signature.role}",
        "\n".join(filter(None, [signature.title, signature.name])),
    )
    if report.appendix:
        doc.appendix("Phụ lục 1", report.appendix.title, report.appendix_note, landscape=True)
        word.registration_rows(doc, report.appendix)
    return doc.to_bytes()


RENDERERS = {"pdf": to_pdf, "docx": to_docx, "xlsx": bloc_report_xlsx}

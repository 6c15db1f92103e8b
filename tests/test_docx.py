"""Official documents as Word files: Decree 30 layout, footnotes, and the same figures as the PDF
and the XLSX."""

import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import date

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from awards import summary
from campaigns import demo_progress
from campaigns.exporter import HEADER_ROW
from campaigns.models import ProgressReport, Registration, Target
from reports import bloc_outputs
from reports.bloc_report import bloc_report
from reports.docx import MOTTO, Column, DecreeDocument, text_mm
from reports.registration_table import Line, RegistrationTable, Unit, registration_table
from reports.word import registration_docx
from reports.wording import place_and_date
from tests.conftest import require
from tests.reports.test_bloc_report import period
from tests.reports.test_registration_pdf import _text

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROW_START = re.compile(r"^\s{0,2}(\d+|[IVXLC]+)\s{2,}\S")  # a table row's first line: its STT
WORD = re.compile(r"\w+|[^\w\s]")
FIGURES = re.compile(r"(\d+)\s+(\d+)\s+(\d+)\s*$")
# Session, permission, the report's fixed reads (campaigns.dashboard.report_view), the unit's
# awards in the period and its signer; rendering the document adds none. 17: roles_for reads the
# leader changes of the user's blocs (mid-year hand-overs).
UNIT_REPORT_QUERIES = 17


def _mm(*lengths) -> tuple[float, ...]:
    return tuple(round(length.mm, 1) for length in lengths)


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _cells(row) -> list[str]:
    """A row's texts, a merged cell once."""
    seen, texts = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            texts.append(cell.text)
    return texts


def _body_rows(document, index=-1) -> list[list[str]]:
    return [_cells(row) for row in document.tables[index].rows[1:]]


def _xlsx_rows(path) -> list[list[str]]:
    sheet = openpyxl.load_workbook(path).active
    rows = sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    return [[str(value) for value in row if value is not None] for row in rows]


def _tokens(rows) -> Counter:
    """Words and punctuation marks, counted: the same whatever wraps where ("khách/ năm")."""
    return Counter(WORD.findall(" ".join(str(cell) for row in rows for cell in row)))


def _pdf_body(path, *, until: str = "") -> list[str]:
    """The table lines of a PDF's pages: from each page's first row on (no page number, title or
    repeated header row), up to the line that holds `until` (a later table's title)."""
    lines = []
    for page in _text(path).split("\f"):
        page_lines = page.splitlines()
        end = next((i for i, line in enumerate(page_lines) if until and until in line), None)
        start = next((i for i, line in enumerate(page_lines[:end]) if ROW_START.match(line)), None)
        if start is not None:
            lines.extend(line for line in page_lines[start:end] if line.strip())
        if end is not None:
            break
    return lines


def _build(kind: str, fmt: str, tmp_path, period: str = "2020-H1"):
    path = tmp_path / f"{kind}.{fmt}"
    call_command("build_report", kind, bloc="KTĐ4A", period=period, format=fmt, output=path,
                 stdout=io.StringIO())  # fmt: skip
    return path


# -- the three documents --------------------------------------------------------------------


def test_registration_docx_is_phu_luc_1_on_a4_landscape(world, tmp_path):
    path = tmp_path / "phu-luc-1.docx"
    call_command("export_registration", bloc="KTĐ4A", year=2020, format="docx", output=path,
                 stdout=io.StringIO())  # fmt: skip
    document = docx.Document(path)
    section = document.sections[0]
    assert _mm(section.page_width, section.page_height) == (297, 210)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert _mm(*margins) == (20, 20, 30, 15)
    header = _cells(document.tables[0].rows[0])
    assert header[0].strip() == "KHỐI THI ĐUA 4A"
    assert header[1].split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", MOTTO]
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == ["Phụ lục 1", "BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU KHỐI THI ĐUA 4A"]
    assert texts[2].startswith("(Kèm theo Báo cáo số:") and "/BC-KTĐ4A" in texts[2]
    table = document.tables[1]
    assert _cells(table.rows[0]) == ["STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành (dự kiến)"]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeats on each page
    assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in table.rows)
    rows = _body_rows(document)
    assert rows[0] == ["I", "Sở Khoa học và Công nghệ"]  # the unit's name spans two columns
    assert ["1", "Chiến sĩ thi đua cơ sở: 18 cá nhân", ""] in rows
    assert (rows[4][0], rows[4][2]) == ("4", "Quý II/2020 Đang thực hiện")


def test_registration_rows_agree_in_pdf_docx_and_xlsx(world, tmp_path):
    paths = {fmt: _build("registration", fmt, tmp_path, "2020") for fmt in ("pdf", "docx", "xlsx")}
    docx_rows = _body_rows(docx.Document(paths["docx"]))
    xlsx_rows = _xlsx_rows(paths["xlsx"])
    assert [[c for c in row if c] for row in docx_rows] == xlsx_rows
    pdf_lines = _pdf_body(paths["pdf"])
    numbers = [ROW_START.match(line)[1] for line in pdf_lines if ROW_START.match(line)]
    assert numbers == [row[0] for row in docx_rows]
    assert numbers.count("I") == 1 and "VIII" in numbers  # the eight member units
    assert _tokens([pdf_lines]) == _tokens(docx_rows) == _tokens(xlsx_rows)


def test_award_summary_figures_agree_in_pdf_docx_and_xlsx(world, tmp_path):
    paths = {fmt: _build("award-summary", fmt, tmp_path) for fmt in ("pdf", "docx", "xlsx")}
    document = docx.Document(paths["docx"])
    texts = [p.text for p in document.paragraphs if p.text]
    # A report of the bloc's (tests/reports/test_award_summary_signable.py): seed 003's title
    # heads its first part.
    assert "(từ ngày 01/01/2020 đến hết ngày 15/06/2020)" in texts
    assert f"I. {summary.TITLE} 06 THÁNG ĐẦU NĂM 2020" in texts
    # tables[0] is the Decree 30 header; the proposals' table follows (tests/awards).
    assert _cells(document.tables[1].rows[0]) == list(summary.HEADERS)
    docx_rows = _body_rows(document, 1)
    expected = summary.award_summary(start=date(2020, 1, 1), end=date(2020, 6, 15), bloc=world.bloc)
    context_rows = [
        [str(r.number), r.label, str(r.total), str(r.collectives), str(r.individuals)]
        for group in expected.groups
        for r in group.rows
    ]
    assert [row[:5] for row in docx_rows if row[2]][:-1] == context_rows
    assert docx_rows[-1][1:5] == ["Tổng cộng", "6", "6", "0"]
    xlsx_rows = _xlsx_rows(paths["xlsx"])
    assert [[c for c in row if c] for row in docx_rows] == xlsx_rows
    pdf_lines = _pdf_body(paths["pdf"], until=summary.PROPOSED_TITLE)
    pdf_figures = [FIGURES.search(line).groups() for line in pdf_lines if FIGURES.search(line)]
    assert pdf_figures == [tuple(row[2:5]) for row in docx_rows if row[2]]
    assert _tokens([pdf_lines]) == _tokens(docx_rows) == _tokens(xlsx_rows)


def test_unit_report_docx_for_the_bloc_secretariat(world, client, django_assert_max_num_queries):
    """Who else may download it: tests/reports/test_unit_report.py."""
    demo_progress.load()
    report = ProgressReport.objects.get(organization=world.org["DT-SKHCN"], period__kind="h1")
    client.force_login(world.secretariat)
    with django_assert_max_num_queries(UNIT_REPORT_QUERIES):
        response = client.get(reverse("unit_report_docx", args=[report.pk]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    # Named for the reader (was "bao-cao-4.docx", the report's id).
    disposition = response["Content-Disposition"]
    assert 'filename="bao-cao-so-ket-6-thang-2020-so-khoa-hoc-va-cong-nghe.docx"' in disposition
    document = _open(response.content)
    header = _cells(document.tables[0].rows[0])
    assert header[0].split("\n")[:3] == ["UBND TỈNH ĐỒNG THÁP", "SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"]
    dated = _cells(document.tables[0].rows[1])[-1]  # in the row of "Số", under the motto
    assert dated == place_and_date("Đồng Tháp", report.submitted_at.date())
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "BÁO CÁO" and texts[2] == "(Khối thi đua 4A)"
    headings = {p.text: p.style.name for p in document.paragraphs if "Heading" in p.style.name}
    assert headings["Phần I\nTình hình tổ chức thực hiện phong trào thi đua 6 tháng đầu năm 2020"]
    assert headings[
        "I. Thi đua thực hiện các chỉ tiêu, nhiệm vụ chính trị của cơ quan, đơn vị"
    ] == "ND30 Heading 2"  # fmt: skip
    assert "chưa có số liệu" not in texts  # a section without records is left out
    targets = _body_rows(document, 1)
    assert targets[0][:4] == ["1", targets[0][1], "Tháng 11/2020", "Đang thực hiện"]
    closing = _cells(document.tables[-1].rows[0])
    assert closing[0].startswith("Nơi nhận:\n- Thư ký Khối thi đua 4A;") and closing[0][-1] == "."
    assert closing[1].startswith("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    assert closing[1].endswith("Huỳnh Văn Quân")


# -- the builder ----------------------------------------------------------------------------


def test_page_numbers_from_page_2_and_the_decree_font():
    data = registration_docx(RegistrationTable("KHỐI", "Khối", "K", 2020, "T", []))
    document = _open(data)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_header.paragraphs[0]._p.xpath(".//w:fldSimple")
    (field,) = section.header.paragraphs[0]._p.xpath("./w:fldSimple")
    assert field.get(f"{W}instr").strip() == "PAGE"
    assert (
        section.header.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    )
    fonts = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert {fonts.get(f"{W}{script}") for script in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert _body_rows(document) == [["Chưa có số liệu."]]


def test_footnotes_are_real_word_footnotes(tmp_path):
    doc = DecreeDocument("Thử")
    pieces = ["Khối đã tổ chức 4 hội nghị", ", 100% đơn vị hoàn thành."]
    doc.paragraph_with_notes(pieces, ["Hội nghị ngày 05/02/2020.", "Theo báo cáo của các đơn vị."])
    data = doc.to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    notes = etree.fromstring(parts["word/footnotes.xml"])
    ids = [note.get(f"{W}id") for note in notes.findall(f"{W}footnote")]
    assert ids == ["-1", "0", "1", "2"]
    assert [n.get(f"{W}type") for n in notes][:2] == ["separator", "continuationSeparator"]
    assert "".join(notes[3].itertext()).strip() == "Theo báo cáo của các đơn vị."
    body = etree.fromstring(parts["word/document.xml"])
    references = body.findall(f".//{W}footnoteReference")
    assert [r.get(f"{W}id") for r in references] == ["1", "2"]
    first = references[0].getparent().getprevious()  # the mark follows its piece of text
    assert "".join(first.itertext()) == "Khối đã tổ chức 4 hội nghị"
    assert b'PartName="/word/footnotes.xml"' in parts["[Content_Types].xml"]
    assert b"relationships/footnotes" in parts["word/_rels/document.xml.rels"]
    assert b'<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/>' in parts[
        "word/settings.xml"
    ]  # fmt: skip
    assert _open(data).paragraphs[0].text.startswith("Khối đã tổ chức")  # python-docx reads it
    with pytest.raises(ValueError, match="as many pieces as notes"):
        doc.paragraph_with_notes(["a"], ["1", "2"])


def test_user_text_appears_literally():
    evil = "<script>alert(1)</script> & <w:t>x</w:t>\x07"
    table = RegistrationTable("KHỐI <b>", "Khối", "K", 2020, "T", [
        Unit("I", evil, [Line(1, "<img src='http://evil/x.png'>", "=1+1")])
    ])  # fmt: skip
    document = _open(registration_docx(table))
    assert _body_rows(document) == [
        ["I", "<script>alert(1)</script> & <w:t>x</w:t>"],  # the control character is dropped
        ["1", "<img src='http://evil/x.png'>", "=1+1"],
    ]
    assert _cells(document.tables[0].rows[0])[0].startswith("KHỐI <b>")
    xml = document.element.xml
    assert "&lt;script&gt;" in xml and "<script>" not in xml


def test_a_unit_with_300_targets(demo, campaign, django_assert_max_num_queries):
    registration = Registration.objects.create(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"]
    )
    Target.objects.bulk_create(
        Target(registration=registration, ordinal=n, text=f"Chỉ tiêu số {n} " * 6,
               due_text=f"Tháng {n % 12 + 1}/2020")
        for n in range(1, 301)
    )  # fmt: skip
    with django_assert_max_num_queries(4):
        table = registration_table(campaign=campaign, bloc=demo.bloc)
    with django_assert_max_num_queries(0):
        data = registration_docx(table)
    rows = _body_rows(_open(data))
    assert len(rows) == 301 and rows[-1][0] == "300" and rows[-1][2] == "Tháng 1/2020"


def test_appendix_is_a_section_that_may_turn_landscape_and_numbers_its_pages_from_1():
    doc = DecreeDocument("Báo cáo")
    doc.heading("Kết quả", number="I")
    doc.appendix("Phụ lục 1", "BẢNG TỔNG HỢP", "(Kèm theo Báo cáo số 12/BC-KTĐ4A)", landscape=True)
    doc.table([Column("STT", 14), Column("Nội dung")], [(1, "a")])
    document = _open(doc.to_bytes())
    portrait, landscape = document.sections
    assert _mm(portrait.page_width, landscape.page_width) == (210, 297)
    # Decree 30: an appendix's pages are numbered on their own, from 1, none on its first page.
    properties = landscape._sectPr
    assert properties.find(f"{W}pgNumType").get(f"{W}start") == "1"
    assert properties.find(f"{W}titlePg") is not None
    assert landscape.different_first_page_header_footer
    first, following = landscape.first_page_header, landscape.header
    assert not first.is_linked_to_previous and not following.is_linked_to_previous
    assert not first._element.xpath(".//w:fldSimple")
    (field,) = following._element.xpath(".//w:fldSimple")
    assert field.get(f"{W}instr").strip() == "PAGE"
    assert following.paragraphs[0].style.name == "ND30 Header"
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == [
        "I. Kết quả",
        "Phụ lục 1",
        "BẢNG TỔNG HỢP",
        "(Kèm theo Báo cáo số 12/BC-KTĐ4A)",
    ]


def test_an_authoritys_word_template_gives_the_styles(settings, tmp_path):
    template = docx.Document()
    template.add_paragraph("Nội dung mẫu không được in")
    body = template.styles.add_style("ND30 Body", WD_STYLE_TYPE.PARAGRAPH)
    body.font.name = "Arial"
    path = tmp_path / "mau.docx"
    template.save(path)
    settings.REPORT_DOCX_TEMPLATE = str(path)
    doc = DecreeDocument("Thử")
    doc.paragraph("Đoạn văn")
    doc.paragraph_with_notes("Có chú thích", ["Một"])
    document = _open(doc.to_bytes())
    assert [p.text for p in document.paragraphs] == ["Đoạn văn", "Có chú thích"]
    assert document.paragraphs[0].style.font.name == "Arial"
    assert document.styles["ND30 Title"].font.bold  # the styles it lacks are added
    assert _mm(document.sections[0].page_width) == (210,)
    # A template that has footnotes of its own (a generated document): they restart at 1.
    path.write_bytes(_save(document))
    doc = DecreeDocument("Thử", template=str(path))
    doc.paragraph_with_notes("Lần hai", ["Hai"])
    with zipfile.ZipFile(io.BytesIO(doc.to_bytes())) as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    assert [n.get(f"{W}id") for n in notes] == ["-1", "0", "1"]


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_dates_follow_decree_30():
    assert place_and_date("Đồng Tháp", date(2020, 2, 5)) == "Đồng Tháp, ngày 05 tháng 02 năm 2020"
    assert place_and_date("Đồng Tháp", date(2020, 11, 18)) == "Đồng Tháp, ngày 18 tháng 11 năm 2020"
    assert place_and_date("Đồng Tháp", date(2020, 6, 18)) == "Đồng Tháp, ngày 18 tháng 6 năm 2020"
    assert place_and_date("Đồng Tháp", None) == "Đồng Tháp, ngày    tháng    năm"


def test_libreoffice_opens_the_documents(world, tmp_path):
    """LibreOffice converts every kind to PDF with its text (CI installs it; skipped elsewhere)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice is not None, "LibreOffice (libreoffice-writer-nogui)")
    doc = DecreeDocument("Thử")
    doc.paragraph_with_notes("Có chú thích", ["Chú thích thứ nhất"])
    (tmp_path / "notes.docx").write_bytes(doc.to_bytes())
    for kind in ("registration", "award-summary"):
        _build(kind, "docx", tmp_path, "2020")
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, tmp_path.glob("*.docx"))],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert "Chú thích thứ nhất" in _text(tmp_path / "notes.pdf")
    assert "Sở Nông nghiệp và Phát triển nông thôn" in _text(tmp_path / "registration.pdf")
    assert "Bằng khen của Chủ tịch UBND tỉnh" in _text(tmp_path / "award-summary.pdf")


# -- Decree 30 layout, as the PDF's (static/css/document.css) ---------------------------------


def _paragraph_xml(paragraph) -> str:
    return etree.tostring(paragraph._p, encoding="unicode")


def _rule_mm(paragraph, cell_mm: float) -> float:
    """The length of a rule paragraph (a bottom border between equal indents)."""
    indent = paragraph._p.find(f"{W}pPr/{W}ind")
    return cell_mm - 2 * int(indent.get(f"{W}left")) / 1440 * 25.4


def test_spacing_and_headings_as_the_pdf():
    document = _open(DecreeDocument("Thử").to_bytes())
    spacing = document.styles.element.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
    # The PDF's 1.3 times the font size is 1.13 of Times New Roman's own line height (1.15 em).
    assert spacing.get(f"{W}line") == "271" and spacing.get(f"{W}lineRule") == "auto"
    styles = document.styles
    assert styles["ND30 Table"].paragraph_format.line_spacing == 1.0  # line-height: normal
    assert styles["ND30 Body"].paragraph_format.space_after.pt == 6
    headings = [styles[f"ND30 Heading {level}"] for level in range(1, 5)]
    assert [h.paragraph_format.space_before.pt for h in headings] == [11] * 4  # 4 mm
    assert [(h.font.bold, h.font.italic) for h in headings] == [
        (True, None), (True, None), (True, True), (None, True)
    ]  # fmt: skip
    assert styles["ND30 Footnote Text"].font.size.pt == 11


def test_header_rules_and_date_line_as_decree_30():
    doc = DecreeDocument("Thử")
    doc.header(issuer="SỞ XÂY DỰNG", parent="UBND TỈNH ĐỒNG THÁP", number="Số: 05/BC-SXD")
    doc.place_date("Đồng Tháp, ngày 18 tháng 6 năm 2020")
    summary = "Kết quả thực hiện phong trào thi đua 6 tháng đầu năm 2020"
    doc.title("BÁO CÁO", summary)
    document = _open(doc.to_bytes())
    header = document.tables[0]
    assert len(header.rows) == 2
    number, place = header.rows[1].cells
    assert (number.text, place.text) == ("Số: 05/BC-SXD", "Đồng Tháp, ngày 18 tháng 6 năm 2020")
    assert place.paragraphs[0].style.font.italic
    assert place.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    left, right = header.rows[0].cells
    parent, issuer, issuer_rule = left.paragraphs
    assert parent.text == "UBND TỈNH ĐỒNG THÁP" and not parent.runs[0].bold
    assert issuer.runs[0].bold
    widths = [int(c.get(f"{W}w")) / 1440 * 25.4 for c in header._tbl.tblGrid.findall(f"{W}gridCol")]
    issuer_mm = text_mm("SỞ XÂY DỰNG", size=13, bold=True)
    assert 1 / 3 <= _rule_mm(issuer_rule, widths[0]) / issuer_mm <= 1 / 2
    motto_rule = right.paragraphs[-1]
    assert abs(_rule_mm(motto_rule, widths[1]) - text_mm(MOTTO, size=13, bold=True)) < 1
    assert 55 < text_mm(MOTTO, size=13, bold=True) < 58  # the motto's own length, as in the PDF
    rule = document.paragraphs[-1]  # under the trích yếu
    assert "w:pBdr" in _paragraph_xml(rule) and document.paragraphs[-2].text == summary
    assert 1 / 3 <= _rule_mm(rule, 165) / text_mm(summary, size=14, bold=True) <= 1 / 2


def test_the_closing_keeps_with_the_last_paragraph_and_recipients_hang():
    doc = DecreeDocument("Thử")
    doc.paragraph("Đoạn cuối của báo cáo.")
    doc.closing(["Sở Nội vụ", "Khối thi đua 4A"], "TM. KHỐI\nKHỐI TRƯỞNG", "Nguyễn Văn A")
    document = _open(doc.to_bytes())
    last, spacer = document.paragraphs[:2]
    assert last.paragraph_format.keep_with_next and spacer.paragraph_format.keep_with_next
    closing = document.tables[-1]
    assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in closing.rows)
    recipients = closing.rows[0].cells[0].paragraphs[1]
    style = recipients.style.paragraph_format
    assert style.left_indent > 0 and style.first_line_indent == -style.left_indent


def test_note_marks_are_superscript_on_the_run_and_crlf_is_one_break():
    doc = DecreeDocument("Thử")
    doc.paragraph_with_notes("Có chú thích", ["Chú thích"])
    doc.paragraph("PHÓ GIÁM ĐỐC\r\nSỞ XÂY DỰNG")
    data = doc.to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    for mark in (*body.findall(f".//{W}footnoteReference"), *notes.findall(f".//{W}footnoteRef")):
        properties = mark.getparent().find(f"{W}rPr")
        assert properties.find(f"{W}rStyle") is not None  # Word's way
        assert properties.find(f"{W}vertAlign").get(f"{W}val") == "superscript"  # LibreOffice's
    (paragraph,) = [p for p in body.iter(f"{W}p") if "PHÓ GIÁM ĐỐC" in "".join(p.itertext())]
    assert len(paragraph.findall(f".//{W}br")) == 1


def test_appendix_numerals_past_xl_fit_the_stt_column():
    from reports.word import REGISTRATION_COLUMNS

    cell_padding_mm = 2 * 0.19  # Word's default cell margins, 0.08" each side
    width = REGISTRATION_COLUMNS[0].width
    assert text_mm("LXXXVIII", size=13, bold=True) + cell_padding_mm < width


def test_page_counts_of_docx_and_pdf_within_one_page(full_demo, tmp_path, settings):
    """The seed-size documents: the bloc's six-month and annual reports, the registration table
    and the award summary, the DOCX laid out by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require(soffice is not None and shutil.which("pdfinfo"), "LibreOffice and pdfinfo")
    settings.PDF_WORKERS = 1
    for kind in ("h1", "annual"):
        report = bloc_report(full_demo.bloc, period(kind))
        (tmp_path / f"{kind}.pdf").write_bytes(bloc_outputs.to_pdf(report))
        (tmp_path / "docx" / f"{kind}.docx").parent.mkdir(exist_ok=True)
        (tmp_path / "docx" / f"{kind}.docx").write_bytes(bloc_outputs.to_docx(report))
    for kind in ("registration", "award-summary"):
        _build(kind, "pdf", tmp_path, "2020")
        (tmp_path / "docx" / f"{kind}.docx").write_bytes(
            _build(kind, "docx", tmp_path, "2020").read_bytes()
        )
    converted = tmp_path / "converted"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(converted),
         *map(str, (tmp_path / "docx").glob("*.docx"))],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    for kind in ("h1", "annual", "registration", "award-summary"):
        pdf, word = _pages(tmp_path / f"{kind}.pdf"), _pages(converted / f"{kind}.pdf")
        assert abs(pdf - word) <= 1, (kind, pdf, word)


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1])

"""Decree 30/2020 documents as Word files: the layout primitives every DOCX renderer shares.

A document is written top to bottom, then taken as bytes:

    doc = DecreeDocument("Báo cáo sơ kết", size=14)
    doc.header(issuer="KHỐI THI ĐUA 4A", parent="UBND TỈNH ĐỒNG THÁP", number="Số:   /BC-KTĐ4A")
    doc.place_date("Đồng Tháp, ngày 05 tháng 12 năm 2020")
    doc.title("BÁO CÁO", "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020")
    doc.heading("KẾT QUẢ THỰC HIỆN", number="I", depth=1)
    doc.paragraph("…")
    doc.paragraph_with_notes(["Đạt 105%", " kế hoạch."], ["Báo cáo số 12/BC-SCT.", "…"])
    doc.table([Column("STT", 14, CENTER), Column("Chỉ tiêu")], rows)
    doc.closing(["Như trên", "Lưu: VT"], "TM. KHỐI THI ĐUA 4A\nKHỐI TRƯỞNG", "Nguyễn Văn A")
    doc.appendix("Phụ lục 1", "BẢNG …", "(Kèm theo Báo cáo số …)", landscape=True)
    data = doc.to_bytes()

The look comes from named styles ("ND30 Body", "ND30 Heading 1" …, see `_styles`). An authority
can bring its own Word file: with settings.REPORT_DOCX_TEMPLATE set to the path of a .docx, every
document starts from that file instead of python-docx's default one. Its Normal style (font,
spacing) is kept as it is, any ND30 style it defines replaces ours, and its body text is dropped.
Paper, margins, the header block and page numbers follow the Decree whatever the template says.

Footnotes are real Word footnotes: python-docx has no API for them, so the footnotes part
(/word/footnotes.xml with the separator notes -1 and 0) is added here when the first note is.
"""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import docx
from django.conf import settings
from django.utils.formats import localize
from docx.enum.section import WD_ORIENTATION, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell

LEFT, CENTER, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
FONT = "Times New Roman"  # LibreOffice substitutes the metric-compatible Liberation Serif/Tinos
HEADER_SIZE = 13
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_RULE_MM = 62  # the motto's underline is as long as the motto at 13 pt bold
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}  # as the HTML templates' @page
ISSUER_SHARE = 0.42  # header: issuing body | national name, as the Decree's sample lays it out
SIGNATURE_LINES = 4  # empty lines left for the signature and the seal

# Characters XML 1.0 cannot carry; user text may hold them (pasted from other programs).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/>'
    "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)
# w:settings children that must follow w:footnotePr (ECMA-376 order).
_AFTER_FOOTNOTE_PR = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
                      "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                      "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
                      "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
                      "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                      "w:listSeparator")  # fmt: skip


class FootnotesPart(XmlPart):
    """/word/footnotes.xml, kept as XML so a template's own footnotes part can be added to."""


PartFactory.part_type_for[CT.WML_FOOTNOTES] = FootnotesPart


@dataclass(frozen=True)
class Column:
    header: str
    width: float | None = None  # mm; columns without a width share what the others leave
    align: WD_ALIGN_PARAGRAPH = LEFT


@dataclass(frozen=True)
class Row:
    """A table row; plain sequences are rows too. With fewer cells than the table has columns,
    the last cell spans the rest (a unit's name across the target and due columns)."""

    cells: Sequence[object]
    bold: bool = False
    keep_with_next: bool = False  # a group's first row stays on the page of the group's title


@dataclass(frozen=True)
class _Look:
    align: WD_ALIGN_PARAGRAPH | None = None
    bold: bool = False
    italic: bool = False
    size: float | None = None  # pt; None: the document's body size
    indent: bool = False  # 1 cm first-line indent
    before: float = 0  # pt
    after: float = 0  # pt
    keep: bool = False  # keep with the next paragraph
    outline: int | None = None  # heading level in Word's navigation pane
    superscript: bool = False


BODY, TITLE, CENTRED, PLACE = "ND30 Body", "ND30 Title", "ND30 Centred", "ND30 Place"
HEADER, CELL, RECIPIENTS = "ND30 Header", "ND30 Table", "ND30 Recipients"
NOTE_TEXT, NOTE_REF = "ND30 Footnote Text", "ND30 Footnote Reference"
HEADINGS = tuple(f"ND30 Heading {level}" for level in range(1, 5))  # depth 0 … 3 and deeper


def _clean(value) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else localize(value)
    return _NOT_XML.sub("", str(text))


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _drop_first(*cells) -> None:
    """Remove the empty paragraph a new cell starts with, once the cell has its own."""
    for cell in cells:
        cell._tc.remove(cell.paragraphs[0]._p)


class DecreeDocument:
    def __init__(self, title: str, *, size: float = 14, table_size: float = 13,
                 landscape: bool = False, template: str | None = None):  # fmt: skip
        template = template or settings.REPORT_DOCX_TEMPLATE
        self._doc = docx.Document(template)
        self._doc.element.body.clear_content()  # a template gives styles, never text
        self._found: dict = {}
        self.size = size
        if not template:
            self._decree_defaults()
        self._styles(table_size)
        properties = self._doc.core_properties
        properties.title, properties.language = title, "vi-VN"
        properties.author = properties.last_modified_by = ""
        section = self._doc.sections[0]
        self._page(section, landscape)
        section.different_first_page_header_footer = True  # no number on page 1 (Decree 30)
        section.first_page_header.is_linked_to_previous = False
        self._page_numbers(section)
        self._notes = self._template_notes()

    def _style(self, name: str):
        """A style by name, looked up once: python-docx searches every style on each lookup,
        which made a 4,400-row table take minutes."""
        if name not in self._found:
            self._found[name] = self._doc.styles[name]
        return self._found[name]

    def _set_style(self, paragraph, name: str) -> None:
        """Set the style id directly: `paragraph.style = …` also looks for the default style."""
        paragraph._p.style = self._style(name).style_id

    # -- setup ---------------------------------------------------------------------------------

    def _decree_defaults(self) -> None:
        """Times New Roman at the body size, single spacing, Vietnamese proofing, no theme font
        (Word lets a theme font win over a named one)."""
        defaults = self._doc.styles.element.find(qn("w:docDefaults"))
        run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = run.find(qn("w:rFonts"))
        fonts.attrib.clear()
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{script}"), FONT)
        for tag in ("w:sz", "w:szCs"):
            run.find(qn(tag)).set(qn("w:val"), str(int(self.size * 2)))
        run.find(qn("w:lang")).set(qn("w:val"), "vi-VN")
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        spacing.attrib.clear()
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")

    def _styles(self, table_size: float) -> None:
        looks = {
            BODY: _Look(align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6),
            TITLE: _Look(align=CENTER, bold=True, keep=True),
            CENTRED: _Look(align=CENTER),
            PLACE: _Look(align=RIGHT, italic=True, before=6, after=12),
            HEADER: _Look(align=CENTER, size=HEADER_SIZE),
            CELL: _Look(size=table_size),
            RECIPIENTS: _Look(size=11),
            NOTE_TEXT: _Look(align=WD_ALIGN_PARAGRAPH.JUSTIFY, size=12),
        }
        for depth, name in enumerate(HEADINGS):
            looks[name] = _Look(align=CENTER if depth == 0 else None, bold=True, keep=True,
                                before=6, after=3, outline=depth)  # fmt: skip
        styles = self._doc.styles
        for name, look in looks.items():
            if name not in styles:
                self._add_style(name, WD_STYLE_TYPE.PARAGRAPH, look)
        if NOTE_REF not in styles:
            self._add_style(NOTE_REF, WD_STYLE_TYPE.CHARACTER, _Look(superscript=True))

    def _add_style(self, name: str, kind: WD_STYLE_TYPE, look: _Look) -> None:
        style = self._doc.styles.add_style(name, kind)
        style.font.bold = look.bold or None
        style.font.italic = look.italic or None
        style.font.superscript = look.superscript or None
        if kind == WD_STYLE_TYPE.CHARACTER:
            return
        style.base_style = self._doc.styles["Normal"]
        style.font.size = Pt(look.size or self.size)
        fmt = style.paragraph_format
        fmt.alignment = look.align
        fmt.first_line_indent = Cm(1) if look.indent else None
        fmt.space_before, fmt.space_after = Pt(look.before), Pt(look.after)
        fmt.keep_with_next = look.keep or None
        if look.outline is not None:  # appended last: w:outlineLvl follows every other setting
            style.element.get_or_add_pPr().append(_element("w:outlineLvl", val=look.outline))

    def _page(self, section, landscape: bool) -> None:
        width, height = (Mm(size) for size in (PAGE_MM[::-1] if landscape else PAGE_MM))
        section.orientation = WD_ORIENTATION.LANDSCAPE if landscape else WD_ORIENTATION.PORTRAIT
        section.page_width, section.page_height = width, height
        for side, mm in MARGINS_MM.items():
            setattr(section, f"{side}_margin", Mm(mm))
        section.header_distance = section.footer_distance = Mm(10)

    def _page_numbers(self, section) -> None:
        """PAGE centred in the top margin; the first-page header (page 1) stays empty."""
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        self._set_style(paragraph, HEADER)
        field = _element("w:fldSimple", instr=" PAGE ")
        field.append(paragraph.add_run("2")._r)  # shown until the field is updated
        paragraph._p.append(field)

    @property
    def _width_mm(self) -> float:
        section = self._doc.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / Mm(1)

    # -- text ----------------------------------------------------------------------------------

    def _paragraph(self, container, text="", style=BODY, *, bold=False, italic=False,
                   size=None, align=None):  # fmt: skip
        paragraph = container.add_paragraph()
        self._set_style(paragraph, style)
        if text:
            self._run(paragraph, text, bold=bold, italic=italic, size=size)
        if align is not None:
            paragraph.paragraph_format.alignment = align
        return paragraph

    @staticmethod
    def _run(paragraph, text, *, bold=False, italic=False, size=None):
        run = paragraph.add_run(_clean(text))  # python-docx turns \n into line breaks
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
        return run

    def paragraph(self, text: str, *, style: str = BODY, italic: bool = False):
        """One body paragraph: justified, 1 cm first-line indent."""
        return self._paragraph(self._doc, text, style, italic=italic)

    def lines(self, text: str) -> None:
        """A body paragraph per non-empty line of a user's answer."""
        for line in text.splitlines():
            if line.strip():
                self.paragraph(line)

    def paragraph_with_notes(self, text: str | Sequence[str], notes: Sequence[str]):
        """A body paragraph with real footnotes. A plain `text` gets every note mark at its end;
        a sequence of pieces gets note i after piece i (one piece more than notes ends it)."""
        if isinstance(text, str):
            pieces, marks = [text], [len(notes)]
        else:
            pieces = list(text)
            if not len(notes) <= len(pieces) <= len(notes) + 1:
                raise ValueError("give as many pieces as notes, or one more")
            marks = [1] * len(notes) + [0] * (len(pieces) - len(notes))
        paragraph = self._paragraph(self._doc)
        remaining = iter(notes)
        for piece, count in zip(pieces, marks, strict=True):
            self._run(paragraph, piece)
            for _ in range(count):
                note_id = self._footnote(next(remaining))
                paragraph._p.append(self._mark(_element("w:footnoteReference", id=note_id)))
        return paragraph

    def _mark(self, content):
        """A superscript note mark run holding `content` (a reference, or the note's own mark)."""
        run = _element("w:r")
        properties = _element("w:rPr")
        properties.append(_element("w:rStyle", val=self._style(NOTE_REF).style_id))
        run.append(properties)
        run.append(content)
        return run

    def _footnote(self, text: str) -> int:
        """Add a note to the footnotes part; its id (1, 2, … after the separators -1 and 0)."""
        notes = self._footnotes()
        note_id = max([0, *(int(n.get(qn("w:id"))) for n in notes)]) + 1
        note = _element("w:footnote", id=note_id)
        paragraph = _element("w:p")
        properties = _element("w:pPr")
        properties.append(_element("w:pStyle", val=self._style(NOTE_TEXT).style_id))
        paragraph.append(properties)
        paragraph.append(self._mark(_element("w:footnoteRef")))
        run, body = _element("w:r"), _element("w:t")
        body.set(qn("xml:space"), "preserve")
        body.text = " " + _clean(text)
        run.append(body)
        paragraph.append(run)
        note.append(paragraph)
        notes.append(note)
        return note_id

    def _template_notes(self):
        """A template's own footnotes part, emptied of its notes (its text is gone too)."""
        try:
            notes = self._doc.part.part_related_by(RT.FOOTNOTES).element
        except KeyError:
            return None
        for note in notes.findall(qn("w:footnote")):
            if note.get(qn("w:type")) is None:  # keep the separators
                notes.remove(note)
        return notes

    def _footnotes(self):
        """The footnotes part's root, created (part, relationship, settings) on first use."""
        if self._notes is None:
            document = self._doc.part
            part = FootnotesPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                                 parse_xml(FOOTNOTES_XML), document.package)  # fmt: skip
            document.relate_to(part, RT.FOOTNOTES)
            settings_root = self._doc.settings.element
            if settings_root.find(qn("w:footnotePr")) is None:  # Word lists the separators here
                special = _element("w:footnotePr")
                for note_id in (-1, 0):
                    special.append(_element("w:footnote", id=note_id))
                settings_root.insert_element_before(special, *_AFTER_FOOTNOTE_PR)
            self._notes = part.element
        return self._notes

    # -- blocks --------------------------------------------------------------------------------

    def _grid(self, widths_mm: Sequence[float | None], *, borders: bool):
        """A fixed-layout table as wide as the text, with or without black borders."""
        free = [w for w in widths_mm if w is None]
        rest = (self._width_mm - sum(w for w in widths_mm if w is not None)) / max(len(free), 1)
        widths = [Mm(rest if w is None else w) for w in widths_mm]
        table = self._doc.add_table(rows=0, cols=len(widths))
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # w:gridCol: LibreOffice reads it, new rows copy it into w:tcW
        properties = table._tbl.tblPr
        table_width = properties.find(qn("w:tblW"))
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(sum(w.twips for w in widths)))
        edges = _element("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            look = {"val": "single", "sz": 4, "space": 0, "color": "000000"} if borders else {}
            edges.append(_element(f"w:{edge}", **(look or {"val": "nil"})))
        properties.insert_element_before(edges, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
        return table

    @staticmethod
    def _row(table, *, header: bool = False, count: int | None = None) -> list[_Cell]:
        """A row that never splits across pages; a header row repeats on every page. With
        `count` cells fewer than the columns, the last one spans the rest. Built as XML:
        python-docx's add_row and merge search the whole table each time (minutes for 4,400
        rows)."""
        widths = [column.w for column in table._tbl.tblGrid.gridCol_lst]
        count = count or len(widths)
        row = _element("w:tr")
        properties = _element("w:trPr")
        properties.append(_element("w:cantSplit"))
        if header:
            properties.append(_element("w:tblHeader"))
        row.append(properties)
        cells = []
        for index in range(count):
            span = widths[index:] if index == count - 1 else widths[index : index + 1]
            cell, cell_properties = _element("w:tc"), _element("w:tcPr")
            cell_properties.append(_element("w:tcW", w=sum(w.twips for w in span), type="dxa"))
            if len(span) > 1:
                cell_properties.append(_element("w:gridSpan", val=len(span)))
            cell.append(cell_properties)
            cell.append(_element("w:p"))
            row.append(cell)
            cells.append(_Cell(cell, table))
        table._tbl.append(row)
        return cells

    def _rule(self, cell, width_mm: float, cell_mm: float) -> None:
        """A short centred line (under the issuer and the motto): an empty paragraph's bottom
        border, shortened by equal indents."""
        paragraph = self._paragraph(cell, style=HEADER)
        properties = paragraph._p.get_or_add_pPr()
        border = _element("w:pBdr")
        border.append(_element("w:bottom", val="single", sz=6, space=1, color="000000"))
        properties.append(border)  # before python-docx adds w:spacing/w:ind, as the schema wants
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = Mm(max(cell_mm - width_mm, 0) / 2)
        fmt.line_spacing, fmt.space_after = Pt(4), Pt(4)

    def header(self, *, issuer: str, parent: str = "", number: str = "") -> None:
        """The two-column borderless header: parent body, issuer (bold), rule and "Số: …" on
        the left; national name, motto and rule on the right."""
        left_mm = self._width_mm * ISSUER_SHARE
        table = self._grid([left_mm, None], borders=False)
        left, right = self._row(table)
        if parent:
            self._paragraph(left, parent, HEADER)
        self._paragraph(left, issuer, HEADER, bold=True)
        self._rule(left, left_mm / 3, left_mm)
        if number:
            self._paragraph(left, number, HEADER)
        self._paragraph(right, NATIONAL_NAME, HEADER, bold=True, size=12)
        self._paragraph(right, MOTTO, HEADER, bold=True)
        self._rule(right, MOTTO_RULE_MM, self._width_mm - left_mm)
        _drop_first(left, right)

    def place_date(self, text: str) -> None:
        """ "Đồng Tháp, ngày 05 tháng 12 năm 2020", italic, right-aligned under the header."""
        self._paragraph(self._doc, text, PLACE)

    def title(self, name: str, *lines: str) -> None:
        """The document's name ("BÁO CÁO") and its summary lines, bold and centred."""
        for text in (name, *lines):
            self._paragraph(self._doc, text, TITLE)

    def centred(self, text: str, *, italic: bool = False) -> None:
        self._paragraph(self._doc, text, CENTRED, italic=italic)

    def spacer(self) -> None:
        """An empty line (after a title block)."""
        self._paragraph(self._doc, style=CENTRED)

    def heading(self, title: str, *, number: str = "", depth: int = 1) -> None:
        """Depth 0 ("Phần I") is centred with its title on the next line; deeper headings read
        "1. Title" on the left."""
        style = HEADINGS[min(depth, len(HEADINGS) - 1)]
        separator = "\n" if depth == 0 else ". "
        self._paragraph(self._doc, f"{number}{separator}{title}" if number else title, style)

    def table(self, columns: Sequence[Column], rows: Iterable[Row | Sequence[object]]):
        """A bordered data table: bold header row repeated on each page, rows kept whole."""
        table = self._grid([column.width for column in columns], borders=True)
        cells = self._row(table, header=True)
        for cell, column in zip(cells, columns, strict=True):
            self._paragraph(cell, column.header, CELL, bold=True, align=CENTER)
        _drop_first(*cells)
        for item in rows:
            row = item if isinstance(item, Row) else Row(tuple(item))
            cells = self._row(table, count=len(row.cells))
            for index, value in enumerate(row.cells):
                paragraph = cells[index].paragraphs[0]
                self._set_style(paragraph, CELL)
                paragraph.paragraph_format.alignment = columns[index].align
                paragraph.paragraph_format.keep_with_next = row.keep_with_next or None
                if text := _clean(value):
                    self._run(paragraph, text, bold=row.bold)
        self.spacer()  # Word needs a paragraph between two tables
        return table

    def closing(self, recipients: Sequence[str], signer: str, name: str) -> None:
        """ "Nơi nhận" (left) and the signature block (right) at the end, never split."""
        self.spacer()
        table = self._grid([None, None], borders=False)
        left, right = self._row(table)
        self._paragraph(left, "Nơi nhận:", RECIPIENTS, bold=True, italic=True, size=12)
        for index, recipient in enumerate(recipients, start=1):
            ending = "." if index == len(recipients) else ";"
            self._paragraph(left, f"- {recipient}{ending}", RECIPIENTS)
        self._paragraph(right, signer, TITLE)
        for _ in range(SIGNATURE_LINES):
            self._paragraph(right, style=CENTRED)
        self._paragraph(right, name, TITLE)
        _drop_first(left, right)

    def appendix(self, label: str, title: str, attached: str = "", *,
                 new_section: bool = True, landscape: bool = False) -> None:  # fmt: skip
        """An appendix: on a new page (its own section, so it may turn landscape) unless it is
        the whole document; "Phụ lục 1", its title and the "(Kèm theo Báo cáo số …)" line."""
        if new_section:
            section = self._doc.add_section(WD_SECTION.NEW_PAGE)
            self._page(section, landscape)
            section.different_first_page_header_footer = False  # its first page is not page 1
        self._paragraph(self._doc, label, TITLE)
        self._paragraph(self._doc, title, TITLE)
        if attached:
            self._paragraph(self._doc, attached, CENTRED, italic=True)
        self.spacer()

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._doc.save(buffer)
        return buffer.getvalue()

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

Paragraphs, runs and tables are written as WordprocessingML text and parsed a block at a time
(`_p`, `_run`, `_tr`, `_table`, `_add`): python-docx's per-call API (add_run, the style and
alignment setters, add_row) searches the tree on each call, which made a province's Phụ lục 1
(4,400 rows) take 14 s. Footnotes are real Word footnotes: python-docx has no API for them, so
the footnotes part (/word/footnotes.xml with the separator notes -1 and 0) is added here when the
first note is.
"""

import io
import re
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

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
from PIL import ImageFont

LEFT, CENTER, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
FONT = "Times New Roman"  # LibreOffice substitutes the metric-compatible Liberation Serif/Tinos
HEADER_SIZE = 13
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# The PDF's lines are 1.3 times the font size (static/css/document.css: line-height: 1.3); Word's
# "multiple" counts in the font's own line height, 1.15 times the size for Times New Roman.
LINE_SPACING = 1.3 / 1.15
CELL_MARGINS_MM = {"top": 1, "bottom": 1, "left": 1.5, "right": 1.5}  # table.data td's padding
RULE_SHARE = 0.4  # Decree 30: the rule under the issuer and the trích yếu is 1/3 to 1/2 of it
NUMERAL_MM = 26  # an appendix's STT column: "LXXXVIII" in bold 13 pt is 22 mm
HANGING_TWIPS = 130  # "- " in 11 pt: a recipient's later lines start under its text
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
# w:sectPr children that must follow w:pgNumType.
_AFTER_PG_NUM_TYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                      "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                      "w:printerSettings", "w:sectPrChange")  # fmt: skip
_BREAK = re.compile(r"([\t\r\n])")  # as python-docx's run.text: a tab, or a line break each
_BREAKS = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}
_TABLE_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)  # python-docx's, as Word writes it
_RULE = (
    '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    '<w:spacing w:line="80" w:lineRule="exact" w:after="80"/>'
)  # a paragraph's bottom border; the line 4 pt high, 4 pt after it


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
    hanging: int = 0  # twips: the first line starts this far left of the others
    single: bool = False  # single line spacing (tables, as the PDF's line-height: normal)


BODY, TITLE, CENTRED, PLACE = "ND30 Body", "ND30 Title", "ND30 Centred", "ND30 Place"
HEADER, CELL, RECIPIENTS = "ND30 Header", "ND30 Table", "ND30 Recipients"
NOTE_TEXT, NOTE_REF = "ND30 Footnote Text", "ND30 Footnote Reference"
HEADINGS = tuple(f"ND30 Heading {level}" for level in range(1, 5))  # depth 0 … 3 and deeper


def _clean(value) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else localize(value)
    return _NOT_XML.sub("", str(text).replace("\r\n", "\n"))  # CRLF is one line break


@cache
def _font(bold: bool, size: float) -> ImageFont.FreeTypeFont:
    name = "Bold" if bold else "Regular"
    path = settings.BASE_DIR / "static" / "fonts" / f"Tinos-{name}.ttf"
    # The basic layout: the same lengths on every machine, with or without libraqm.
    return ImageFont.truetype(str(path), int(size * 10), layout_engine=ImageFont.Layout.BASIC)


def text_mm(text: str, *, size: float, bold: bool = False) -> float:
    """How long `text` is in Times New Roman (Tinos has its metrics), in mm: its longest line
    (an issuer may come in two lines, "SỞ KHOA HỌC\nVÀ CÔNG NGHỆ")."""
    font = _font(bold, size)
    return max(font.getlength(line) for line in text.split("\n")) / 10 * 25.4 / 72


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _elements(xml: str) -> list:
    """Parse blocks (paragraphs, tables, notes) written as WordprocessingML text. Each is copied
    out of the wrapper the text is parsed in, so that it declares its namespace itself: lxml
    takes quadratic time to move a subtree whose namespace is declared above it (10 s for a
    4,400-row table)."""
    return [deepcopy(block) for block in parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")]


def _run(value, *, bold=False, italic=False, size=None) -> str:
    """A run of `value` as text, nothing when it has none; tabs and line breaks become Word's."""
    text = _clean(value)
    if not text:
        return ""
    looks = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if size:
        looks += f'<w:sz w:val="{int(size * 2)}"/>'
    content = []
    for piece in _BREAK.split(text):
        if piece in _BREAKS:
            content.append(_BREAKS[piece])
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            content.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{f'<w:rPr>{looks}</w:rPr>' if looks else ''}{''.join(content)}</w:r>"


class DecreeDocument:
    def __init__(self, title: str, *, size: float = 14, table_size: float = 13,
                 landscape: bool = False, template: str | None = None):  # fmt: skip
        template = template or settings.REPORT_DOCX_TEMPLATE
        self._doc = docx.Document(template)
        self._doc.element.body.clear_content()  # a template gives styles, never text
        self._ids: dict[str, str] = {}
        self.size = size
        if not template:
            self._decree_defaults()
        self._styles(table_size)
        properties = self._doc.core_properties
        properties.title, properties.language = title, "vi-VN"
        properties.author = properties.last_modified_by = ""
        self._section = self._doc.sections[0]
        self._page(self._section, landscape)
        self._page_numbers(self._section)
        self._last_note = 0  # the footnotes' highest id
        self._header = None  # the header table and its column widths, once written
        self._notes = self._template_notes()

    def _style_id(self, name: str) -> str:
        """A style's id by name, looked up once (python-docx searches every style on each
        lookup), escaped for an attribute."""
        if name not in self._ids:
            self._ids[name] = escape(self._doc.styles[name].style_id, {'"': "&quot;"})
        return self._ids[name]

    # -- setup ---------------------------------------------------------------------------------

    def _decree_defaults(self) -> None:
        """Times New Roman at the body size, the PDF's line spacing, Vietnamese proofing, no theme
        font (Word lets a theme font win over a named one)."""
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
        spacing.set(qn("w:line"), str(round(240 * LINE_SPACING)))
        spacing.set(qn("w:lineRule"), "auto")

    def _styles(self, table_size: float) -> None:
        looks = {
            BODY: _Look(align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6),
            TITLE: _Look(align=CENTER, bold=True, keep=True),
            CENTRED: _Look(align=CENTER),
            PLACE: _Look(align=CENTER, italic=True, size=HEADER_SIZE),
            HEADER: _Look(align=CENTER, size=HEADER_SIZE),
            CELL: _Look(size=table_size, single=True),
            RECIPIENTS: _Look(size=11, hanging=HANGING_TWIPS),
            NOTE_TEXT: _Look(align=WD_ALIGN_PARAGRAPH.JUSTIFY, size=11),
        }
        # As the PDF's h2 (margin 4 mm above, 1 mm below): depth 2 italic, depth 3 italic only.
        for depth, name in enumerate(HEADINGS):
            looks[name] = _Look(align=CENTER if depth == 0 else None, bold=depth < 3,
                                italic=depth >= 2, keep=True, before=11, after=3,
                                outline=depth)  # fmt: skip
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
        if look.single:
            fmt.line_spacing = 1.0
        if look.hanging:
            fmt.left_indent, fmt.first_line_indent = Pt(look.hanging / 20), -Pt(look.hanging / 20)
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
        """The section's pages numbered from 1, PAGE centred in the top margin; the header of
        its first page stays empty (Decree 30: no number on page 1)."""
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        header = section.header
        header.is_linked_to_previous = False
        field = f'<w:fldSimple w:instr=" PAGE ">{_run("2")}</w:fldSimple>'  # 2 until updated
        (paragraph,) = _elements(self._p(HEADER, field))
        header._element.replace(header.paragraphs[0]._p, paragraph)
        properties = section._sectPr
        numbering = properties.find(qn("w:pgNumType"))
        if numbering is None:
            numbering = _element("w:pgNumType")
            properties.insert_element_before(numbering, *_AFTER_PG_NUM_TYPE)
        numbering.set(qn("w:start"), "1")

    @property
    def _width_mm(self) -> float:
        section = self._section
        return (section.page_width - section.left_margin - section.right_margin) / Mm(1)

    # -- text ----------------------------------------------------------------------------------

    def _p(self, style: str, runs: str = "", *, align: WD_ALIGN_PARAGRAPH | None = None,
           keep: bool = False, layout: str = "") -> str:  # fmt: skip
        """A paragraph in `style` holding `runs`; `layout` is what pPr holds between the keep
        and the alignment (a border, spacing, indents)."""
        properties = f'<w:pStyle w:val="{self._style_id(style)}"/>'
        if keep:
            properties += "<w:keepNext/>"
        properties += layout
        if align is not None:
            properties += f'<w:jc w:val="{align.xml_value}"/>'
        return f"<w:p><w:pPr>{properties}</w:pPr>{runs}</w:p>"

    def _add(self, *blocks: str) -> None:
        """Add paragraphs and tables at the end of the body, before its section properties."""
        end = self._doc.element.body.sectPr
        for element in _elements("".join(blocks)):
            end.addprevious(element)

    def paragraph(self, text: str, *, style: str = BODY, italic: bool = False) -> None:
        """One body paragraph: justified, 1 cm first-line indent."""
        self._add(self._p(style, _run(text, italic=italic)))

    def lines(self, text: str) -> None:
        """A body paragraph per non-empty line of a user's answer."""
        self._add(*(self._p(BODY, _run(line)) for line in text.splitlines() if line.strip()))

    def paragraph_with_notes(self, text: str | Sequence[str], notes: Sequence[str]) -> None:
        """A body paragraph with real footnotes. A plain `text` gets every note mark at its end;
        a sequence of pieces gets note i after piece i (one piece more than notes ends it)."""
        if isinstance(text, str):
            pieces, marks = [text], [len(notes)]
        else:
            pieces = list(text)
            if not len(notes) <= len(pieces) <= len(notes) + 1:
                raise ValueError("give as many pieces as notes, or one more")
            marks = [1] * len(notes) + [0] * (len(pieces) - len(notes))
        runs = []
        remaining = iter(notes)
        for piece, count in zip(pieces, marks, strict=True):
            runs.append(_run(piece))
            for _ in range(count):
                note_id = self._footnote(next(remaining))
                runs.append(self._mark(f'<w:footnoteReference w:id="{note_id}"/>'))
        self._add(self._p(BODY, "".join(runs)))

    def _mark(self, content: str) -> str:
        """A superscript note mark run holding `content` (a reference, or the note's own mark)."""
        # vertAlign on the run as well as in the style: LibreOffice ignores a character style's.
        return (
            f'<w:r><w:rPr><w:rStyle w:val="{self._style_id(NOTE_REF)}"/>'
            f'<w:vertAlign w:val="superscript"/></w:rPr>{content}</w:r>'
        )

    def _footnote(self, text: str) -> int:
        """Add a note to the footnotes part; its id (1, 2, … after the separators -1 and 0)."""
        notes = self._footnotes()
        self._last_note += 1
        paragraph = self._p(NOTE_TEXT, self._mark("<w:footnoteRef/>") + _run(f" {text}"))
        notes.extend(_elements(f'<w:footnote w:id="{self._last_note}">{paragraph}</w:footnote>'))
        return self._last_note

    def _template_notes(self):
        """A template's own footnotes part, emptied of its notes (its text is gone too)."""
        try:
            notes = self._doc.part.part_related_by(RT.FOOTNOTES).element
        except KeyError:
            return None
        for note in notes.findall(qn("w:footnote")):
            if note.get(qn("w:type")) is None:  # keep the separators
                notes.remove(note)
        self._last_note = max((int(note.get(qn("w:id"))) for note in notes), default=0)
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

    def _widths(self, widths_mm: Sequence[float | None]) -> list[int]:
        """Column widths in twips, as wide as the text: columns without a width share the rest."""
        free = [w for w in widths_mm if w is None]
        rest = (self._width_mm - sum(w for w in widths_mm if w is not None)) / max(len(free), 1)
        return [Mm(rest if w is None else w).twips for w in widths_mm]

    @staticmethod
    def _table(widths: Sequence[int], rows: Iterable[str], *, borders: bool) -> str:
        """A fixed-layout table of `rows` (see `_tr`), with or without black borders."""
        look = 'w:val="single" w:sz="4" w:space="0" w:color="000000"' if borders else 'w:val="nil"'
        edges = "".join(
            f"<w:{edge} {look}/>"
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        margins = (
            "<w:tblCellMar>"
            + "".join(f'<w:{side} w:w="{Mm(mm).twips}" w:type="dxa"/>'
                      for side, mm in CELL_MARGINS_MM.items())
            + "</w:tblCellMar>"
            if borders else ""
        )  # fmt: skip
        return (
            f'<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="{sum(widths)}"/>'
            f'<w:tblBorders>{edges}</w:tblBorders><w:tblLayout w:type="fixed"/>{margins}'
            f"{_TABLE_LOOK}"
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )

    @staticmethod
    def _tr(widths: Sequence[int], cells: Sequence[str], *, header: bool = False) -> str:
        """A row that never splits across pages; a header row repeats on every page. `cells`
        hold their paragraphs; with fewer cells than columns, the last one spans the rest."""
        row = ["<w:tr><w:trPr><w:cantSplit/>", "<w:tblHeader/>" if header else "", "</w:trPr>"]
        for index, content in enumerate(cells):
            span = widths[index:] if index == len(cells) - 1 else widths[index : index + 1]
            merged = f'<w:gridSpan w:val="{len(span)}"/>' if len(span) > 1 else ""
            row.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{sum(span)}" w:type="dxa"/>{merged}</w:tcPr>'
                f"{content}</w:tc>"
            )
        row.append("</w:tr>")
        return "".join(row)

    def _rule(self, width_mm: float, cell_mm: float, style: str = HEADER) -> str:
        """A short centred line (under the issuer, the motto and the trích yếu): an empty
        paragraph's bottom border, shortened by equal indents."""
        indent = Mm(max(cell_mm - width_mm, 0) / 2).twips
        return self._p(style, layout=f'{_RULE}<w:ind w:left="{indent}" w:right="{indent}"/>')

    def header(self, *, issuer: str, parent: str = "", number: str = "") -> None:
        """The borderless header table: parent body (regular), issuer (bold) and its rule on the
        left, national name, motto and its rule on the right; a second row holds "Số: …" and,
        once `place_date` gives it, the place and date centred under the motto (Decree 30)."""
        left_mm = self._width_mm * ISSUER_SHARE
        right_mm = self._width_mm - left_mm
        widths = self._widths([left_mm, None])
        issuer_mm = min(text_mm(issuer, size=HEADER_SIZE, bold=True), left_mm)
        left = "".join([
            self._p(HEADER, _run(parent)) if parent else "",
            self._p(HEADER, _run(issuer, bold=True)),
            self._rule(issuer_mm * RULE_SHARE, left_mm),
        ])  # fmt: skip
        right = "".join([
            self._p(HEADER, _run(NATIONAL_NAME, bold=True, size=12)),
            self._p(HEADER, _run(MOTTO, bold=True)),
            self._rule(text_mm(MOTTO, size=HEADER_SIZE, bold=True), right_mm),
        ])  # fmt: skip
        rows = [self._tr(widths, [left, right])]
        if number:
            rows.append(self._tr(widths, [self._p(HEADER, _run(number)), self._p(PLACE)]))
        self._add(self._table(widths, rows, borders=False))
        self._header = (self._doc.element.body.findall(qn("w:tbl"))[-1], widths)

    def place_date(self, text: str) -> None:
        """ "Đồng Tháp, ngày 05 tháng 12 năm 2020", italic, in the header's row of "Số" (or a row
        of its own), centred under the motto; a right-aligned paragraph without a header."""
        if self._header is None:
            self._add(self._p(PLACE, _run(text), align=RIGHT))
            return
        table, widths = self._header
        rows = table.findall(qn("w:tr"))
        if len(rows) == 1:
            row = self._tr(widths, [self._p(HEADER), self._p(PLACE, _run(text))])
            table.append(_elements(f"<w:tbl>{row}</w:tbl>")[0][0])
        else:
            (place,) = rows[1].findall(qn("w:tc"))[1].findall(qn("w:p"))
            place.extend(_elements(f"<w:p>{_run(text)}</w:p>")[0])

    def title(self, name: str, *lines: str) -> None:
        """The document's name ("BÁO CÁO") and its summary lines (the trích yếu), bold and
        centred, 6 mm under the header as in the PDF, with the trích yếu's short rule."""
        gap = '<w:spacing w:before="340"/>' if self._header is not None else ""
        self._add(self._p(TITLE, _run(name), layout=gap),
                  *(self._p(TITLE, _run(text)) for text in lines))  # fmt: skip
        if lines:
            longest = max(text_mm(line, size=self.size, bold=True) for line in lines)
            width = min(longest, self._width_mm) * RULE_SHARE
            self._add(self._rule(width, self._width_mm, style=TITLE))

    def centred(self, text: str, *, italic: bool = False) -> None:
        self._add(self._p(CENTRED, _run(text, italic=italic)))

    def spacer(self) -> None:
        """An empty line (after a title block)."""
        self._add(self._p(CENTRED))

    def heading(self, title: str, *, number: str = "", depth: int = 1) -> None:
        """Depth 0 ("Phần I") is centred with its title on the next line; deeper headings read
        "1. Title" on the left."""
        style = HEADINGS[min(depth, len(HEADINGS) - 1)]
        separator = "\n" if depth == 0 else ". "
        self._add(self._p(style, _run(f"{number}{separator}{title}" if number else title)))

    def table(self, columns: Sequence[Column], rows: Iterable[Row | Sequence[object]]) -> None:
        """A bordered data table: bold header row repeated on each page, rows kept whole."""
        widths = self._widths([column.width for column in columns])
        headers = [
            self._p(CELL, _run(column.header, bold=True), align=CENTER) for column in columns
        ]
        body = [self._tr(widths, headers, header=True)]
        for item in rows:
            row = item if isinstance(item, Row) else Row(tuple(item))
            cells = [
                self._p(CELL, _run(value, bold=row.bold), align=columns[index].align,
                        keep=row.keep_with_next)
                for index, value in enumerate(row.cells)
            ]  # fmt: skip
            body.append(self._tr(widths, cells))
        self._add(self._table(widths, body, borders=True))
        self.spacer()  # Word needs a paragraph between two tables

    def closing(self, recipients: Sequence[str], signer: str, name: str) -> None:
        """ "Nơi nhận" (left) and the signature block (right) at the end, never split, never
        alone on a page: the last paragraph keeps with it (Word moves both to the next page)."""
        last = self._doc.element.body.sectPr.getprevious()
        if last is not None and last.tag == qn("w:p"):
            last.get_or_add_pPr().keepNext_val = True
        self._add(self._p(CENTRED, keep=True))
        widths = self._widths([None, None])
        left = [self._p(RECIPIENTS, _run("Nơi nhận:", bold=True, italic=True, size=12))]
        for index, recipient in enumerate(recipients, start=1):
            ending = "." if index == len(recipients) else ";"
            left.append(self._p(RECIPIENTS, _run(f"- {recipient}{ending}")))
        right = [self._p(TITLE, _run(signer)), *[self._p(CENTRED)] * SIGNATURE_LINES,
                 self._p(TITLE, _run(name))]  # fmt: skip
        cells = ["".join(left), "".join(right)]
        self._add(self._table(widths, [self._tr(widths, cells)], borders=False))

    def appendix(self, label: str, title: str, attached: str = "", *,
                 new_section: bool = True, landscape: bool = False) -> None:  # fmt: skip
        """An appendix: on a new page unless it is the whole document; "Phụ lục 1", its title
        and the "(Kèm theo Báo cáo số …)" line. It is its own section, so it may turn landscape,
        and its pages are numbered on their own as the Decree wants: from 1, no number on its
        first page."""
        if new_section:
            self._section = self._doc.add_section(WD_SECTION.NEW_PAGE)
            self._page(self._section, landscape)
            self._page_numbers(self._section)
        blocks = [self._p(TITLE, _run(label)), self._p(TITLE, _run(title))]
        if attached:
            blocks.append(self._p(CENTRED, _run(attached, italic=True)))
        self._add(*blocks, self._p(CENTRED))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._doc.save(buffer)
        return buffer.getvalue()

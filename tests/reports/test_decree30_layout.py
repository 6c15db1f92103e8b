"""Decree 30/2020 layout of the PDF documents (static/css/document.css, reports/_header.html and
reports/_closing.html), measured on WeasyPrint's laid-out boxes and, per page, with pdftotext."""

import subprocess
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from reports import bloc_outputs
from reports.bloc_report import bloc_report
from reports.pdf_engine import StaticOnlyFetcher
from reports.registration_table import Line, RegistrationTable, Unit
from reports.rendering import FONT_FACES, Section, render_sections
from tests.reports.test_bloc_report import period
from tests.reports.test_pdf_sections import pages

pytestmark = pytest.mark.django_db
PT = 4 / 3  # CSS px per pt: WeasyPrint lays out in px
MM = 96 / 25.4


def _layout(html: str):
    fonts, fetcher = FontConfiguration(), StaticOnlyFetcher()
    stylesheet = CSS(string=FONT_FACES, font_config=fonts, url_fetcher=fetcher)
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).render(
        stylesheets=[stylesheet], font_config=fonts
    )


def _boxes(page, css_class: str, tag_suffix: str = ""):
    """The page's outermost boxes of elements with `css_class` (their ::after boxes with
    tag_suffix): an element's lines and text are boxes of the same element too."""
    seen, found = set(), []
    for box in page._page_box.descendants():
        element = box.element
        if (
            element is not None
            and css_class in (element.get("class") or "").split()
            and box.element_tag.endswith(tag_suffix)
            and (tag_suffix or "::" not in box.element_tag)
            and (id(element), box.element_tag) not in seen
        ):
            seen.add((id(element), box.element_tag))
            found.append(box)
    return found


def _centre(box) -> float:
    """The middle of the first line of text in `box`."""
    texts = [t for t in _first_line(box).descendants() if type(t).__name__ == "TextBox"]
    return (texts[0].position_x + texts[-1].position_x + texts[-1].width) / 2


def _text_width(box) -> float:
    """The widest line of text inside `box`."""
    return max(
        sum(text.width for text in line.descendants() if type(text).__name__ == "TextBox")
        for line in box.descendants()
        if type(line).__name__ == "LineBox"
    )


def _first_line(box):
    return next(line for line in box.descendants() if type(line).__name__ == "LineBox")


def _rule_and_text(page, css_class: str) -> tuple[float, float, float, float]:
    """Width of the rule under the text marked `css_class`, the text's, and both centres."""
    (span,) = _boxes(page, css_class)
    (rule,) = _boxes(page, css_class, "::after")
    return rule.border_width(), _text_width(span), _rule_centre(rule), _centre(span)


def _rule_centre(rule) -> float:
    return rule.border_box_x() + rule.border_width() / 2


@pytest.fixture
def report(full_demo):
    return bloc_report(full_demo.bloc, period("h1"))


def _body_layout(report):
    return _layout(bloc_outputs.pdf_sections(report)[0].chunks[0])


def test_date_line_shares_the_number_row_centred_under_the_motto(report):
    page = _body_layout(report).pages[0]
    (number,) = _boxes(page, "number-line")
    (place,) = _boxes(page, "place")
    assert abs(_first_line(number).position_y - _first_line(place).position_y) < 0.5 * PT
    *_, motto_centre = _rule_and_text(page, "motto")
    assert abs(_centre(place) - motto_centre) < 1 * MM


def test_rules_under_motto_issuer_and_summary_take_their_texts_length(report):
    page = _body_layout(report).pages[0]
    rule, text, rule_centre, text_centre = _rule_and_text(page, "motto")
    assert abs(rule - text) < 1 * PT  # as long as "Độc lập - Tự do - Hạnh phúc"
    assert abs(rule_centre - text_centre) < 1 * PT
    spans, rules = _boxes(page, "short"), _boxes(page, "short", "::after")
    assert len(spans) == len(rules) == 2  # the issuer's and the trích yếu's
    for span, rule in zip(spans, rules, strict=True):
        assert 1 / 3 <= rule.border_width() / _text_width(span) <= 1 / 2
        assert abs(_rule_centre(rule) - _centre(span)) < 1 * MM


def _unit_doc(**overrides):
    values = {
        "parent": "UBND TỈNH ĐỒNG THÁP", "issuer": "SỞ XÂY DỰNG", "symbol": "05/BC-SXD",
        "place_date": "Đồng Tháp, ngày 18 tháng 6 năm 2020", "title": "Kết quả thực hiện",
        "summary": "Khối thi đua 4A", "sections": [], "recipients": ["Khối thi đua 4A"],
        "signer_title": "GIÁM ĐỐC", "signer_name": "Nguyễn Văn A",
    }  # fmt: skip
    return SimpleNamespace(**{**values, **overrides})


def test_upper_issuing_body_in_regular_type_above_the_bold_issuer():
    page = _layout(render_to_string("reports/unit_report.html", {"doc": _unit_doc()})).pages[0]
    (parent,) = _boxes(page, "parent")
    (issuer,) = [b for b in _boxes(page, "short") if "SỞ XÂY DỰNG" in _texts(b)]
    assert "UBND TỈNH ĐỒNG THÁP" in _texts(parent)
    assert parent.style["font_weight"] == 400 and issuer.style["font_weight"] == 700
    assert parent.position_y < issuer.position_y


def _texts(box) -> str:
    return "".join(t.text for t in box.descendants() if type(t).__name__ == "TextBox")


def test_a_long_recipient_wraps_under_its_own_text():
    name = "Khối thi đua các cơ quan quản lý nhà nước về kinh tế, tài chính và xúc tiến đầu tư"
    doc = _unit_doc(recipients=["Sở Nội vụ", name, "Lưu: VT"])
    page = _layout(render_to_string("reports/unit_report.html", {"doc": doc})).pages[0]
    recipients = _boxes(page, "recipient")
    assert len(recipients) == 3
    lines = [b for b in recipients[1].descendants() if type(b).__name__ == "LineBox"]
    assert len(lines) > 1
    first_text = next(t for t in lines[0].descendants() if type(t).__name__ == "TextBox")
    later = next(t for t in lines[1].descendants() if type(t).__name__ == "TextBox")
    # The "- " hangs: a wrapped line starts where the recipient's text starts, not under the dash.
    assert later.position_x > first_text.position_x + 2 * PT


def test_the_signature_block_keeps_with_the_last_paragraph(report):
    """Lengthen the last section until the closing no longer fits under it: the page it moves
    to holds the end of the last paragraph too."""
    last = report.sections[-1]
    document = _body_layout(report)
    page = document.pages[-1]
    sign = _boxes(page, "sign")[0]  # the table's wrapper, caption and all
    bottom = page._page_box.content_box_y() + page._page_box.height
    room = bottom - (sign.position_y + sign.margin_height())
    line = 14 * 1.3 * PT + 6 * PT  # a one-line paragraph: line height and its 6 pt after
    # Enough for the closing to be pushed to a new page (one more: these lines replace the
    # section's "chưa có số liệu"), too few to fill the page.
    count = int(room // line) + 2
    last.text = "\n".join(f"Dòng {n}." for n in range(1, count + 1))
    texts = pages(bloc_outputs.to_pdf(report))
    closing = next(t for t in texts if "Nơi nhận:" in t)
    assert f"Dòng {count}." in closing


def test_footnotes_print_on_their_markers_page(report, settings):
    settings.PDF_WORKERS = 1
    section = report.sections[4]
    section.text = (
        "Các chi bộ thành viên tổ chức thành công đại hội^[Ghi chú một của báo cáo]. " * 3
        + "\nNội dung thứ hai^[Ghi chú thứ hai của báo cáo].\n"
    )
    texts = pages(bloc_outputs.to_pdf(report))
    (marked,) = [i for i, t in enumerate(texts) if "Nội dung thứ hai" in t]
    for note in ("Ghi chú một của báo cáo", "Ghi chú thứ hai của báo cáo"):
        assert [i for i, t in enumerate(texts) if note in t] == [marked], note


@pytest.mark.parametrize("numeral", ["XLVIII", "LXXXVIII"])
def test_appendix_numerals_past_xl_fit_their_column(report, numeral):
    report.appendix = RegistrationTable(
        "KHỐI THI ĐUA 4A", "Khối thi đua 4A", "KTĐ4A", 2020, "BẢNG",
        [Unit(numeral, "Sở Xây dựng", [Line(1, "Chỉ tiêu", "Tháng 6/2020")])],
    )  # fmt: skip
    html = render_to_string("reports/bloc_report.html", {"doc": report, "appendix_only": True})
    page = _layout(html).pages[0]
    cell = next(b for b in page._page_box.descendants()
                if b.element_tag == "td" and _texts(b) == numeral)  # fmt: skip
    assert len([b for b in cell.descendants() if type(b).__name__ == "LineBox"]) == 1
    assert _text_width(cell) <= cell.width


def test_a_chunked_appendix_leaves_at_most_one_part_empty_page_per_chunk(report, settings):
    """Measured at province scale (400 units, 9 chunks of 500 rows, 24 pages each): only each
    chunk's last page has room left. Here in small chunks, the same rule."""
    settings.PDF_CHUNK_ROWS = 15
    section = bloc_outputs.pdf_sections(report)[1]
    assert len(section.chunks) > 2
    for html in section.chunks:
        laid_out = _layout(html).pages
        part_empty = []
        for number, page in enumerate(laid_out, start=1):
            box = page._page_box
            rows = [b for b in box.descendants() if b.element_tag == "tr"]
            bottom = max(r.position_y + r.margin_height() for r in rows)
            if box.content_box_y() + box.height - bottom > 15 * MM:  # a tall row's height
                part_empty.append(number)
        assert part_empty in ([], [len(laid_out)])


def test_a_symbol_or_a_date_is_never_broken_across_lines(tmp_path):
    """WeasyPrint may break "41/QĐ-UBND.KT" after its slash or hyphen; the templates keep each
    symbol and date whole (templatetags/documents.whole_symbols)."""
    text = "- Bằng khen của Chủ tịch UBND tỉnh: tập thể đơn vị (Quyết định số 41/QĐ-UBND.KT ngày 25/02/2020)"  # noqa: E501
    html = Template(
        '{% load documents %}<html><head><link rel="stylesheet" href="static:css/document.css">'
        '</head><body><p style="width: 62mm">{{ text|whole_symbols }}</p></body></html>'
    ).render(Context({"text": text}))
    pdf = tmp_path / "narrow.pdf"
    pdf.write_bytes(render_sections([Section([html])]))
    lines = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()  # fmt: skip
    assert any("41/QĐ-UBND.KT" in line for line in lines), lines
    assert any("25/02/2020" in line for line in lines), lines
    assert str(Template("{% load documents %}{{ t|whole_symbols }}").render(
        Context({"t": "<b>59/2019/NĐ-CP</b>"}))) == (
        '&lt;b&gt;<span class="whole">59/2019/NĐ-CP</span>&lt;/b&gt;'
    )  # fmt: skip

"""Report kinds (a) and (b): the bloc's six-month and annual reports compiled from the records."""

import io
import os
from pathlib import Path

import docx
import pytest
from django.core.management import call_command

from campaigns.models import NarrativeAnswer, ProgressReport, ReportingPeriod
from campaigns.outline_data import SEED_000_OUTLINE
from reports import bloc_outputs
from reports.bloc_report import bloc_report
from tests.reports.test_registration_pdf import _font_rows, _text

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SEED_UNITS = [
    "Sở Khoa học và Công nghệ", "Sở Giao thông Vận tải", "Sở Xây dựng", "Sở Công Thương",
    "Ban Quản lý Khu kinh tế", "Sở Tài nguyên và Môi trường",
    "Trung tâm Xúc tiến Thương mại, Du lịch và Đầu tư", "Sở Nông nghiệp và Phát triển nông thôn",
]  # fmt: skip


@pytest.fixture
def world(full_demo):
    return full_demo


def period(kind: str) -> ReportingPeriod:
    return ReportingPeriod.objects.get(authority__code="DT", year=2020, kind=kind)


def headings(outline=SEED_000_OUTLINE["sections"]):
    for section in outline:
        yield section["number"], section["title"]
        yield from headings(section["children"])


def digest(report) -> str:
    """What a reader checks: each heading printed, its figures and table rows, in order."""
    lines = [report.symbol, report.title]
    for s, nothing in report.printed_sections:
        lines.append(f"{'  ' * s.depth}{s.number} {s.title}")
        lines += [f"{'  ' * s.depth}  = {line}" for line in s.figures.splitlines()]
        if s.table:
            lines += [f"{'  ' * s.depth}  | " + " | ".join(row) for row in s.table.rows]
        lines += [f"{'  ' * s.depth}  > {line}" for line in s.text.splitlines()]
        if nothing:
            lines.append(f"{'  ' * s.depth}  ({nothing})")
    for unit in report.appendix.units:
        lines.append(f"PL1 {unit.numeral} {unit.name}: {len(unit.lines)}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", ["h1", "annual"])
def test_golden_content(world, kind, django_assert_max_num_queries):
    """Fails when a section, a figure or the order changes; after a deliberate change, rerun
    with UPDATE_GOLDEN=1 and review the diff."""
    # A fixed number whatever the data: the annual report's ranking and proposals read theirs.
    with django_assert_max_num_queries(26):
        report = bloc_report(world.bloc, period(kind))
    golden = GOLDEN / f"bloc_report_2020_{kind}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(digest(report))
    assert digest(report) == golden.read_text()


def test_six_month_report_follows_seed_000(world):
    report = bloc_report(world.bloc, period("h1"))
    assert [(s.number, s.title) for s in report.sections] == list(headings())
    assert report.title.startswith("Sơ kết công tác thi đua - khen thưởng 06 tháng đầu năm 2020")
    awards = next(s for s in report.sections if s.title == "Công tác khen thưởng").figures
    assert "Quyết định số 40/QĐ-UBND.KT ngày 25/02/2020" in awards
    assert "Quyết định số 41/QĐ-UBND.KT ngày 25/02/2020" in awards
    assert "Tặng Cờ thi đua của Ủy ban nhân dân tỉnh cho Sở Khoa học và Công nghệ" in awards
    signature = report.signature
    assert (signature.on_behalf, signature.role) == ("TM. KHỐI THI ĐUA 4A", "KHỐI TRƯỞNG")
    assert signature.title == "PHÓ GIÁM ĐỐC\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert signature.name == "Huỳnh Văn Quân"
    assert sorted(u.name for u in report.appendix.units) == sorted(SEED_UNITS)


def test_narratives_are_merged_per_section_with_the_unit_named(world):
    section_id = NarrativeAnswer.objects.filter(report__organization__code="DT-SKHCN").values_list(
        "section_id", flat=True
    )[0]
    other = ProgressReport.objects.get(organization__code="DT-SCT", period=period("h1"))
    NarrativeAnswer.objects.create(
        report=other, section_id=section_id, text="Tổ chức hội thi.\nPhổ biến Chỉ thị 05."
    )
    report = bloc_report(world.bloc, period("h1"))
    merged = next(s for s in report.sections if s.key == str(section_id)).text.splitlines()
    # The leading unit (Sở KH&CN) drafts the bloc's text: first, unprefixed; then each unit's.
    first = merged.index("- Sở Công Thương: Tổ chức hội thi.")
    assert first > 0 and merged[first + 1] == "Phổ biến Chỉ thị 05."
    assert not any(line.startswith("- Sở Khoa học và Công nghệ: ") for line in merged)


def test_annual_report_adds_ranking_and_proposals(world):
    report = bloc_report(world.bloc, period("annual"))
    assert report.title == (
        "Tổng kết công tác thi đua - khen thưởng năm 2020 và phương hướng, nhiệm vụ năm 2021"
    )
    ranking = next(s for s in report.sections if s.key == "ranking")
    assert ranking.table.rows[0][:2] == ["1", "Sở Khoa học và Công nghệ"]
    assert [row[0] for row in ranking.table.rows].count("4") == 2  # the tie
    proposals = next(s for s in report.sections if s.key == "proposals")
    assert [row[1:3] for row in proposals.table.rows] == [  # the bloc's, not a unit's
        ["Sở Khoa học và Công nghệ", "Cờ thi đua của Ủy ban nhân dân tỉnh"],
        ["Sở Công Thương", "Bằng khen của Chủ tịch UBND tỉnh"],
    ]


def _pdftext(path) -> str:
    return " ".join(_text(path).split())


def test_build_report_pdf_acceptance(world, tmp_path):
    path = tmp_path / "bc.pdf"
    call_command("build_report", "bloc-summary", bloc="KTĐ4A", period="2020-H1", format="pdf",
                 output=path, stdout=io.StringIO())  # fmt: skip
    text = _pdftext(path)
    for expected in ("KHỐI THI ĐUA 4A", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số:", "/BC-KTĐ4A", "Đồng Tháp, ngày",
                     "tháng 6 năm 2020", "BÁO CÁO", "40/QĐ-UBND.KT", "41/QĐ-UBND.KT",
                     "Nơi nhận:", "TM. KHỐI THI ĐUA 4A", "KHỐI TRƯỞNG", "PHÓ GIÁM ĐỐC",
                     "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Huỳnh Văn Quân", "Phụ lục 1",
                     "(Kèm theo Báo cáo số:"):  # fmt: skip
        assert expected in text, expected
    assert (
        "Sơ kết công tác thi đua - khen thưởng 06 tháng đầu năm 2020 và phương hướng, nhiệm vụ "
        "06 tháng cuối năm 2020" in text
    )
    position = 0
    for number, title in headings():
        found = text.find(" ".join(f"{number}{'' if number.startswith('Phần') else '.'} {title}"
                                   .split()), position)  # fmt: skip
        found = found if found >= 0 else text.find(f"{number} {title}", position)
        assert found > position, (number, title)
        position = found
    appendix = text[text.index("Phụ lục 1") :]
    for unit in SEED_UNITS:
        assert unit in appendix, unit
    assert "Phấn đấu năm 2020, tốc độ tăng trưởng toàn ngành nông nghiệp đạt 3,5%" in appendix
    rows = _font_rows(path)
    assert rows and all(" yes " in row.split("Identity-H")[-1] for row in rows), rows
    assert all("PortalSerif" in row for row in rows), rows


def test_docx_reads_back_the_same_headings_and_rows(world):
    report = bloc_report(world.bloc, period("h1"))
    document = docx.Document(io.BytesIO(bloc_outputs.to_docx(report)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "BÁO CÁO"
    heading_texts = [t for t in texts if any(t.endswith(title) for _n, title in headings())]
    expected = [f"{n}\n{t}" if n.startswith("Phần") else f"{n}. {t}" for n, t in headings()]
    assert heading_texts == expected
    assert any("Quyết định số 40/QĐ-UBND.KT ngày 25/02/2020" in t for t in texts)
    header, numbering = (row.cells for row in document.tables[0].rows)
    assert "KHỐI THI ĐUA 4A" in header[0].text and "Số:" in numbering[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
    assert numbering[1].text == report.date_line  # on the line of "Số" (Decree 30)
    closing = document.tables[-2].rows[0].cells
    assert "Nơi nhận:" in closing[0].text and "Huỳnh Văn Quân" in closing[1].text
    assert "TM. KHỐI THI ĐUA 4A\nKHỐI TRƯỞNG" in closing[1].text
    targets = next(s for s in report.sections if s.table).table
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows[1:]]
    assert rows == targets.rows
    appendix = [row.cells[1].text for row in document.tables[-1].rows]
    for unit in SEED_UNITS:
        assert unit in appendix


def test_annual_report_states_once_what_the_members_have_not_sent(world, tmp_path):
    """No seed has annual text: an empty section is left out, a part with nothing at all keeps
    its heading and says so in one sentence — in the PDF and the DOCX alike."""
    report = bloc_report(world.bloc, period("annual"))
    path = tmp_path / "bc.pdf"
    path.write_bytes(bloc_outputs.to_pdf(report))
    pdf = _pdftext(path)
    word = " ".join(
        p.text for p in docx.Document(io.BytesIO(bloc_outputs.to_docx(report))).paragraphs
    )
    nothing = "Các cơ quan thành viên chưa gửi nội dung báo cáo cho phần này."
    for text in (pdf, word):
        assert "chưa có số liệu" not in text
        # II and IV of Phần I (every subsection empty), and Phần II.
        assert text.count(nothing) == 3
        assert "Công tác xây dựng Đảng" not in text  # II.3, inside an empty part
        assert "Kết quả phát hiện, giới thiệu" not in text  # III.3, beside III.4's awards
        assert "Công tác khen thưởng" in text and "Đánh giá, nhận xét" in text

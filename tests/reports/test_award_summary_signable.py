"""The award summary as a document of its own, as a clerk issues it (issue 14 leftovers): the
issuing body's header, "Số" and date lines, "BÁO CÁO" with the period, the tables, Nơi nhận and
the signature of the issuing office's staff, in the PDF and the DOCX alike."""

import io
import re
from datetime import date

import pytest
from docx import Document

from blocs.models import Organization, StaffAssignment, User
from reports import documents
from tests.reports.test_registration_pdf import _text

pytestmark = pytest.mark.django_db

H1_2020 = {"start": date(2020, 1, 1), "end": date(2020, 6, 15)}


def _texts(params, tmp_path) -> tuple[str, str]:
    """The PDF's text (pdftotext -layout) and the DOCX's paragraphs and cells, in order, with
    whitespace folded (a line wraps where the format lays it out)."""
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(documents.render("award-summary", params, "pdf", user=None).data)
    data = documents.render("award-summary", params, "docx", user=None).data
    document = Document(io.BytesIO(data))
    parts = []
    for block in document.element.body.iterchildren():
        parts.extend(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
        parts.append("\n")
    return " ".join(_text(pdf).split()), " ".join("".join(parts).split())


def _in_order(text: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = re.search(needle, text[position:])
        assert found, f"{needle!r} missing or out of order after …{text[position - 80 : position]}"
        position += found.end()


def _signer(code: str, position: str, signs_as: str) -> StaffAssignment:
    user = User.objects.create(username=f"signer-{signs_as}", full_name=f"Người ký {signs_as}")
    return StaffAssignment.objects.create(
        user=user, organization=Organization.objects.get(code=code), position=position,
        can_sign=True, signs_as=signs_as,
    )  # fmt: skip


def test_a_blocs_summary_is_the_blocs_report_signed_on_its_behalf(world, tmp_path):
    pdf, docx = _texts({**H1_2020, "bloc": world.bloc}, tmp_path)
    for text in (pdf, docx):
        _in_order(text, [
            "KHỐI THI ĐUA 4A", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            r"Số:\s+/BC-KTĐ4A", r"Đồng Tháp, ngày\s+tháng\s+năm 2020", "BÁO CÁO",
            "Tổng hợp kết quả khen thưởng 06 tháng đầu năm 2020 của các cơ quan thành viên",
            r"\(từ ngày 01/01/2020 đến hết ngày 15/06/2020\)",
            "I. TỔNG HỢP KẾT QUẢ KHEN THƯỞNG 06 THÁNG ĐẦU NĂM 2020", "Bằng khen của Chủ tịch UBND",
            "Tổng cộng", "II. ĐỀ NGHỊ VÀ KẾT QUẢ KHEN THƯỞNG", "Tổng cộng",
            r"Trên đây là báo cáo", r"\./\.", "Nơi nhận:", "Sở Nội vụ tỉnh Đồng Tháp;",
            "Lưu: VT.",
        ])  # fmt: skip
        # The leading unit's deputy signs on behalf of the bloc, as the bloc's reports are.
        _in_order(text, ["TM. KHỐI THI ĐUA 4A", "KHỐI TRƯỞNG", "PHÓ GIÁM ĐỐC", "Huỳnh Văn Quân"])


def test_an_authoritys_summary_is_its_emulation_offices_signed_kt_by_a_deputy(world, tmp_path):
    _signer("DT-SNV", "Phó Giám đốc", StaffAssignment.SignsAs.DEPUTY)
    params = {**H1_2020, "authority": world.org["DT"]}
    pdf, docx = _texts(params, tmp_path)
    for text in (pdf, docx):
        _in_order(text, [
            "UBND TỈNH ĐỒNG THÁP", "SỞ NỘI VỤ", r"Số:\s+/BC-SNV", r"Đồng Tháp, ngày", "BÁO CÁO",
            "Tổng hợp kết quả khen thưởng 06 tháng đầu năm 2020 của UBND tỉnh Đồng Tháp",
            "Nơi nhận:", "Ủy ban nhân dân tỉnh Đồng Tháp;",
        ])  # fmt: skip
        _in_order(text, ["Nơi nhận:", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Người ký deputy"])


def test_a_provinces_summary_by_achievement_year_is_signed_by_the_offices_head(world, tmp_path):
    _signer("DT-SNV", "Giám đốc", StaffAssignment.SignsAs.HEAD)
    pdf, docx = _texts({"year": 2019, "province": world.org["DT"]}, tmp_path)
    for text in (pdf, docx):
        _in_order(text, [
            "SỞ NỘI VỤ", r"năm 2020",  # awards for 2019 are decided, and summed up, in 2020
            r"Tổng hợp kết quả khen thưởng năm 2019 trên địa bàn tỉnh Đồng Tháp",
            r"\(khen thưởng thành tích năm 2019\)", "Nơi nhận:", "GIÁM ĐỐC", "Người ký head",
        ])  # fmt: skip
        assert "KT." not in text


def test_the_signature_block_is_never_alone_on_its_page(world, tmp_path):
    """The last paragraph goes with Nơi nhận and the signature to their page, in both formats."""
    params = {**H1_2020, "bloc": world.bloc}
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(documents.render("award-summary", params, "pdf", user=None).data)
    pages = _text(pdf).split("\f")
    closing = next(page for page in pages if "Nơi nhận:" in page)
    assert "Trên đây là báo cáo" in closing
    assert "KHỐI TRƯỞNG" in closing and "Huỳnh Văn Quân" in closing

    data = documents.render("award-summary", params, "docx", user=None).data
    paragraphs = Document(io.BytesIO(data)).paragraphs
    ending = next(p for p in paragraphs if p.text.startswith("Trên đây là báo cáo"))
    assert ending.paragraph_format.keep_with_next


def test_a_summary_of_every_deciding_body_leaves_the_issuer_to_the_clerk(world, tmp_path):
    """An administrator's summary of all authorities: no issuer to name, so no place either,
    and the date line reads as one (it printed ", ngày …")."""
    pdf, docx = _texts(H1_2020, tmp_path)
    for text in (pdf, docx):
        assert ", ngày" not in text
        _in_order(text, [r"Số:\s+/BC", r"ngày\s+tháng\s+năm 2020", "BÁO CÁO", "Nơi nhận:"])

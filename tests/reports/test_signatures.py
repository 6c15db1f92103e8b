"""Signature blocks as Decree 30 (Art. 10, Phụ lục I ô 7a–7c) writes them, from the signer's role
in the staff data: the head signs with the position alone, a deputy "KT.", an acting head "Q.",
and a collective body "TM." (issue 14)."""

import io
import zipfile

import pytest

from blocs.models import Bloc, Organization, StaffAssignment, User
from reports import decree30

pytestmark = pytest.mark.django_db

S = StaffAssignment.SignsAs


def _staff(position, signs_as, *, organization="Sở Công Thương"):
    # Unsaved: the block is decided from the row alone, no query.
    return StaffAssignment(
        user=User(username="x", full_name="Phạm Văn Ký"),
        organization=Organization(name=organization),
        position=position,
        signs_as=signs_as,
        can_sign=True,
    )


@pytest.mark.parametrize(
    ("position", "signs_as", "authority"),
    [
        ("Giám đốc", S.HEAD, ["GIÁM ĐỐC"]),
        ("Phó Giám đốc", S.DEPUTY, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        ("Phó Chủ tịch", S.DEPUTY, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("Quyền Giám đốc", S.ACTING, ["Q. GIÁM ĐỐC"]),
        ("Phó Trưởng ban", S.ACTING, ["Q. TRƯỞNG BAN"]),  # a deputy acting as head
    ],
)
def test_a_unit_signs_as_its_signer_role_says(position, signs_as, authority):
    signature = decree30.signature(_staff(position, signs_as))
    assert signature.authority == authority
    assert signature.signed == ["Phạm Văn Ký"]


def test_on_behalf_of_a_collective_the_signer_position_goes_under_the_space():
    signature = decree30.signature(
        _staff("Phó Giám đốc", S.DEPUTY, organization="Sở Khoa học và Công nghệ"),
        on_behalf_of="Khối thi đua 4A",
        as_role="Khối trưởng",
    )
    assert signature.authority == ["TM. KHỐI THI ĐUA 4A", "KHỐI TRƯỞNG"]
    assert signature.signed == ["PHÓ GIÁM ĐỐC", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Phạm Văn Ký"]


def test_nobody_to_sign_keeps_the_block_and_leaves_the_name_blank():
    assert decree30.signature(None).authority == ["THỦ TRƯỞNG ĐƠN VỊ"]
    assert decree30.signature(None).signed == []
    bloc = decree30.signature(None, on_behalf_of="Khối thi đua 4A", as_role="Khối trưởng")
    assert bloc.authority == ["TM. KHỐI THI ĐUA 4A", "KHỐI TRƯỞNG"] and bloc.signed == []


def test_a_position_typed_with_crlf_prints_no_blank_line():
    """A "\\r\\n" in a position (a textarea's line end) printed a blank line in the DOCX."""
    signature = decree30.Signature(
        "TM. KHỐI THI ĐUA 4A\r\n", "KHỐI TRƯỞNG", "PHÓ GIÁM ĐỐC\r\n\r\n SỞ KHCN \r\n", "A"
    )
    assert signature.on_behalf == "TM. KHỐI THI ĐUA 4A"
    assert signature.title == "PHÓ GIÁM ĐỐC\nSỞ KHCN"
    assert decree30.signature(_staff("Phó\r\nGiám đốc", S.DEPUTY)).role == "PHÓ GIÁM ĐỐC"


def _central_bloc(demo):
    """The demo's cluster of provinces under the central council, led by Ninh Thuận."""
    bloc = Bloc.objects.get(code="CTĐ-ĐNB")
    return bloc, demo.org["NT"]


def _assign(organization, username, position, *, signs_as="", can_sign=True):
    user = User.objects.create(username=username, full_name=f"Người {username}")
    return StaffAssignment.objects.create(
        user=user, organization=organization, position=position, can_sign=can_sign,
        signs_as=signs_as,
    )  # fmt: skip


def test_a_clerk_who_may_sign_never_signs_for_the_bloc(demo):
    """A central bloc printed its clerk ("CHUYÊN VIÊN TĐKT") as the signer."""
    bloc, leader = _central_bloc(demo)
    _assign(leader, "clerk", "Chuyên viên TĐKT")
    signature = decree30.bloc_signature(bloc, 2020)
    assert signature.authority == ["TM. CỤM THI ĐUA CÁC TỈNH MIỀN ĐÔNG NAM BỘ", "CỤM TRƯỞNG"]
    assert signature.signed == []
    assert "CHUYÊN VIÊN" not in str(vars(signature))


def test_the_bloc_signer_is_the_leading_unit_head_or_its_deputy(demo):
    bloc, leader = _central_bloc(demo)
    _assign(leader, "clerk", "Chuyên viên TĐKT")
    _assign(leader, "deputy", "Phó Chủ tịch", signs_as=S.DEPUTY)
    _assign(leader, "former", "Chủ tịch", signs_as=S.HEAD, can_sign=False)
    assert decree30.bloc_signature(bloc, 2020).signed == [
        "PHÓ CHỦ TỊCH", "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", "Người deputy"
    ]  # fmt: skip
    _assign(leader, "head", "Chủ tịch", signs_as=S.HEAD)
    assert decree30.bloc_signature(bloc, 2020).signed[::2] == ["CHỦ TỊCH", "Người head"]


def test_the_demo_bloc_signs_as_seed_000(demo):
    signature = decree30.bloc_signature(demo.bloc, 2020)
    assert signature.authority == ["TM. KHỐI THI ĐUA 4A", "KHỐI TRƯỞNG"]
    assert signature.signed == ["PHÓ GIÁM ĐỐC", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Huỳnh Văn Quân"]


def test_signing_without_a_role_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        _staff("Chuyên viên", "").clean()
    assert "signs_as" in refused.value.message_dict
    _staff("Giám đốc", S.HEAD).clean()


def test_the_docx_prints_a_crlf_position_without_a_blank_line(world):
    """The bloc report's signature as edited in its form (a textarea posts CRLF)."""
    from campaigns import demo_progress
    from campaigns.models import ReportingPeriod
    from reports import bloc_outputs
    from reports.bloc_report import bloc_report

    demo_progress.load()
    period = ReportingPeriod.objects.get(authority=world.org["DT"], year=2020, kind="h1")
    typed = {"on_behalf": "TM. KHỐI THI ĐUA 4A", "role": "KHỐI TRƯỞNG",
             "title": "PHÓ GIÁM ĐỐC\r\nSỞ X", "name": "Huỳnh Văn Quân"}  # fmt: skip
    report = bloc_report(world.bloc, period, content={"signature": typed})
    with zipfile.ZipFile(io.BytesIO(bloc_outputs.to_docx(report))) as docx:
        body = docx.read("word/document.xml").decode()
    assert "PHÓ GIÁM ĐỐC</w:t><w:br/><w:t>SỞ X" in body
    assert "<w:br/><w:br/>" not in body

"""Proposals from dossier to registry (awards/services.py) and who may see and act on them
(awards/views.py, awards/permissions.py).

The world is the demo of tests/conftest.py: Sở Xây dựng (officer `xaydung`) proposes to UBND tỉnh
Đồng Tháp, whose emulation office Sở Nội vụ (`sonoivu`) reviews; Sở Công Thương (`congthuong`)
is another unit of the same province and Sở Nội vụ An Giang reviews for another authority.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import eligibility, services
from awards.models import (
    Award,
    AwardType,
    Decision,
    DossierDocument,
    Initiative,
    Nominee,
    PersonYear,
    Proposal,
    ReviewAction,
)
from blocs.models import Person
from emulation_portal import uploads
from tests import samples
from tests.awards.conftest import _issued
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PDF = samples.PDF  # a real PDF: uploads are verified by parsing
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
YEAR = 2024


def _files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# Registry and dossier builders ------------------------------------------------------------------


def _proposal(world, actor=None, **extra) -> Proposal:
    fields = {
        "proposer": world.unit,
        "authority": world.authority,
        "kind": Proposal.Kind.ANNUAL,
        "year": YEAR,
        "title": "Đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2024",
        "symbol": "15/TTr-SXD",
        "dated": date(2024, 12, 10),
    }
    return services.proposal_create(actor=actor or world.demo.xaydung, **(fields | extra))


def _nominees(world, proposal) -> tuple[Nominee, Nominee]:
    return tuple(
        services.nominee_add(
            proposal=proposal,
            award_type=world.cstdcs,
            person=person,
            achievement=f"{person.full_name}: hoàn thành xuất sắc nhiệm vụ năm 2024.",
            actor=world.demo.xaydung,
        )
        for person in (world.mai, world.hung)
    )


def _dossier(world, proposal, nominees, skip=()) -> None:
    """Tờ trình, biên bản; per nominee báo cáo thành tích and xác nhận sáng kiến."""
    wanted = [(None, "to_trinh"), (None, "bien_ban")] + [
        (nominee, kind) for nominee in nominees for kind in ("bao_cao", "sang_kien")
    ]
    for nominee, kind in wanted:
        if (nominee, kind) in skip:
            continue
        services.document_add(
            proposal=proposal,
            nominee=nominee,
            kind=kind,
            name=f"{kind}-{nominee.pk if nominee else 'chung'}.pdf",
            data=PDF,
            actor=world.demo.xaydung,
        )


def _submitted(world):
    proposal = _proposal(world)
    mai, hung = _nominees(world, proposal)
    _dossier(world, proposal, (mai, hung))
    services.proposal_submit(proposal=proposal, actor=world.demo.xaydung)
    mai.refresh_from_db()
    hung.refresh_from_db()
    return proposal, mai, hung


def _approved(world):
    """Submitted, received, Mai eligible, Hùng not eligible, approved."""
    reviewer = world.demo.reviewer
    proposal, mai, hung = _submitted(world)
    services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
    services.nominees_verdict(
        proposal=proposal, nominees=[mai], verdict="eligible", note="", actor=reviewer
    )
    services.nominees_verdict(
        proposal=proposal, nominees=[hung], verdict="not_eligible",
        note="Chưa có danh hiệu Lao động tiên tiến năm 2024.", actor=reviewer,
    )  # fmt: skip
    services.proposal_review(proposal=proposal, action="approve", actor=reviewer)
    mai.refresh_from_db()
    hung.refresh_from_db()
    return proposal, mai, hung


def _decision(world, nominees, **extra) -> Decision:
    fields = {
        "authority": world.authority,
        "year": 2025,
        "dated": date(2025, 2, 25),
        "title": "Tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2024",
        "signer_name": "Phạm Thiện Nghĩa",
        "signer_title": "Chủ tịch",
        "nominees": nominees,
        "actor": world.demo.reviewer,
        "symbol_suffix": "QĐ-UBND.KT",
    }
    return services.decision_create(**(fields | extra))


def _statuses(checks) -> list[str]:
    return [c["status"] for c in checks]


# Bad input: refused, and nothing saved -----------------------------------------------------


def test_dossier_file_that_is_html_named_pdf_is_refused(world, _media):
    proposal = _proposal(world)
    with pytest.raises(ValidationError) as refused:
        services.document_add(
            proposal=proposal, kind="to_trinh", name="to-trinh.pdf", data=HTML,
            actor=world.demo.xaydung,
        )  # fmt: skip
    assert "to-trinh.pdf" in refused.value.messages[0]
    assert "không xét đuôi tên" in refused.value.messages[0]
    assert not DossierDocument.objects.exists()
    assert _files(_media) == []


def test_dossier_file_over_10_mb_is_refused(world, _media):
    proposal = _proposal(world)
    big = PDF + b"0" * (uploads.MAX_BYTES + 1 - len(PDF))
    with pytest.raises(ValidationError) as refused:
        services.document_add(
            proposal=proposal, kind="to_trinh", name="to-trinh.pdf", data=big,
            actor=world.demo.xaydung,
        )  # fmt: skip
    assert "quá lớn" in refused.value.messages[0] and "10 MB" in refused.value.messages[0]
    assert not DossierDocument.objects.exists()
    assert _files(_media) == []
    # exactly 10 MB is still accepted
    services.document_add(
        proposal=proposal, kind="to_trinh", name="to-trinh.pdf", data=big[:-1],
        actor=world.demo.xaydung,
    )  # fmt: skip
    assert DossierDocument.objects.get().size == uploads.MAX_BYTES


def test_submit_with_a_missing_document_lists_what_is_missing(world):
    proposal = _proposal(world)
    mai, hung = _nominees(world, proposal)
    _dossier(world, proposal, (mai, hung), skip={(None, "bien_ban"), (hung, "sang_kien")})
    with pytest.raises(ValidationError) as refused:
        services.proposal_submit(proposal=proposal, actor=world.demo.xaydung)
    message = refused.value.messages[0]
    assert message.startswith("Hồ sơ còn thiếu: ")
    assert "Tờ trình: Biên bản họp Hội đồng thi đua – khen thưởng" in message
    assert "Lê Văn Hùng: Quyết định, giấy xác nhận công nhận sáng kiến" in message
    assert "Nguyễn Thị Mai" not in message
    proposal.refresh_from_db()
    assert (proposal.status, proposal.submitted_at) == ("draft", None)
    assert not proposal.actions.filter(action="submit").exists()
    assert list(proposal.nominees.values_list("checks", flat=True)) == [[], []]


def test_submit_without_nominees_is_refused(world):
    proposal = _proposal(world)
    with pytest.raises(ValidationError, match="chưa có đối tượng đề nghị"):
        services.proposal_submit(proposal=proposal, actor=world.demo.xaydung)
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_nominee_of_another_unit_is_refused(world):
    proposal = _proposal(world)
    other = Person.objects.create(
        full_name="Phạm Văn Thương", organization=world.demo.org["DT-SCT"]
    )
    with pytest.raises(ValidationError) as refused:
        services.nominee_add(
            proposal=proposal, award_type=world.cstdcs, person=other,
            achievement="Hoàn thành xuất sắc nhiệm vụ.", actor=world.demo.xaydung,
        )  # fmt: skip
    assert "Phạm Văn Thương không thuộc Sở Xây dựng" in refused.value.messages[0]
    assert not Nominee.objects.exists()


def test_collective_award_for_a_person_is_refused(world):
    proposal = _proposal(world)
    with pytest.raises(ValidationError, match="dành cho tập thể"):
        services.nominee_add(
            proposal=proposal, award_type=AwardType.objects.get(code="TTLDXS"), person=world.mai,
            achievement="Hoàn thành xuất sắc nhiệm vụ.", actor=world.demo.xaydung,
        )  # fmt: skip
    assert not Nominee.objects.exists()


def test_decision_number_already_used_for_the_authority_and_year_is_refused(world):
    _proposal_, mai, _hung = _approved(world)
    first = _decision(world, [], number=40)
    with pytest.raises(ValidationError) as refused:
        _decision(world, [mai], number=40)
    assert refused.value.message_dict["number"] == [
        "Số 40 năm 2025 của Ủy ban nhân dân tỉnh Đồng Tháp đã được dùng."
    ]
    assert list(Decision.objects.filter(authority=world.authority)) == [first]
    mai.refresh_from_db()
    assert mai.decision_id is None
    # the same number is free for another authority or another year
    assert _decision(world, [], number=40, year=2024).number == 40
    other = _decision(world, [], number=40, authority=world.demo.org["AG"], actor=world.demo.admin)
    assert other.number == 40


def test_decision_for_nominees_not_approved_is_refused(world):
    _proposal_, mai, hung = _approved(world)
    with pytest.raises(ValidationError, match="Lê Văn Hùng chưa được duyệt"):
        _decision(world, [mai, hung])
    assert not Decision.objects.filter(authority=world.authority).exists()
    mai.refresh_from_db()
    assert mai.decision_id is None


def test_submitted_proposal_is_no_longer_editable(world):
    proposal, mai, _hung = _submitted(world)
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="không sửa được"):
        services.document_add(
            proposal=proposal, nominee=mai, kind="minh_chung", name="them.pdf", data=PDF,
            actor=world.demo.xaydung,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="không sửa được"):
        services.nominee_add(
            proposal=proposal, award_type=world.cstdcs, person=world.staff[1],
            achievement="Thêm.", actor=world.demo.xaydung,
        )  # fmt: skip
    assert proposal.documents.count() == 6 and proposal.nominees.count() == 2


def test_stale_proposal_object_cannot_add_to_a_submitted_dossier(world):
    proposal = _proposal(world)
    mai, hung = _nominees(world, proposal)
    _dossier(world, proposal, (mai, hung))
    services.proposal_submit(proposal=proposal, actor=world.demo.xaydung)  # `proposal` is stale
    with pytest.raises(ValidationError, match="không sửa được"):
        services.document_add(
            proposal=proposal, nominee=mai, kind="minh_chung", name="them.pdf", data=PDF,
            actor=world.demo.xaydung,
        )  # fmt: skip


# The whole path -------------------------------------------------------------------------------


def test_whole_path_from_dossier_to_registry(world):
    reviewer, officer = world.demo.reviewer, world.demo.xaydung

    # 1. Sở Xây dựng drafts, nominates two individuals, attaches the dossier and submits.
    proposal, mai, hung = _submitted(world)
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and proposal.submitted_at is not None
    assert _statuses(mai.checks) == ["pass", "pass"]
    assert [c["legal_basis"] for c in mai.checks] == [
        "Luật TĐKT 2022, Điều 23",
        "NĐ 91/2017/NĐ-CP, Điều 9 khoản 3; quy chế TĐKT của tỉnh",
    ]
    assert "Số hoá hồ sơ cấp phép xây dựng" in mai.checks[0]["explanation"]
    assert _statuses(hung.checks) == ["fail", "pass"]
    assert hung.checks[0]["explanation"] == "Chưa có danh hiệu Lao động tiên tiến năm 2024."
    assert all(present for *_rest, present in services.checklist(proposal))

    # 2. Sở Nội vụ receives it and records verdicts.
    services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
    services.nominees_verdict(
        proposal=proposal, nominees=[mai], verdict="eligible", note="", actor=reviewer
    )
    proposal.refresh_from_db()
    assert proposal.status == "received"  # Hùng is still pending
    with pytest.raises(ValidationError) as refused:
        services.nominees_verdict(
            proposal=proposal, nominees=[hung], verdict="eligible", note="", actor=reviewer
        )
    assert "Lê Văn Hùng chưa đạt điều kiện" in refused.value.message_dict["override"][0]
    hung.refresh_from_db()
    assert hung.verdict == "pending"
    override = "Có quyết định công nhận LĐTT 2024 số 12/QĐ-SXD, chưa cập nhật vào sổ."
    services.nominees_verdict(
        proposal=proposal, nominees=[hung], verdict="eligible", note="Đối chiếu bản giấy.",
        override=override, actor=reviewer,
    )  # fmt: skip
    hung.refresh_from_db()
    assert (hung.verdict, hung.override_reason) == ("eligible", override)
    action = ReviewAction.objects.get(nominee=hung, action="verdict:eligible")
    assert action.actor == reviewer and override in action.comment
    assert "Đối chiếu bản giấy." in action.comment
    proposal.refresh_from_db()
    assert proposal.status == "checked"

    # 3. Returned with a reason; the proposer resubmits and verdicts start again.
    with pytest.raises(ValidationError):
        services.proposal_review(proposal=proposal, action="return", actor=reviewer)
    reason = "Bổ sung quyết định công nhận Lao động tiên tiến của ông Hùng."
    services.proposal_review(proposal=proposal, action="return", actor=reviewer, comment=reason)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.return_reason) == ("returned", reason)
    services.proposal_submit(proposal=proposal, actor=officer)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.return_reason) == ("submitted", "")
    assert set(proposal.nominees.values_list("verdict", flat=True)) == {"pending"}
    assert proposal.actions.filter(action="submit").count() == 2
    assert proposal.actions.filter(label="Gửi lại sau khi bổ sung").exists()

    # 4. Received again: Mai eligible, Hùng not eligible (a note is required), approved.
    services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
    services.nominees_verdict(
        proposal=proposal, nominees=[mai], verdict="eligible", note="", actor=reviewer
    )
    with pytest.raises(ValidationError):
        services.nominees_verdict(
            proposal=proposal, nominees=[hung], verdict="not_eligible", note="", actor=reviewer
        )
    services.nominees_verdict(
        proposal=proposal, nominees=[hung], verdict="not_eligible",
        note="Không có danh hiệu LĐTT năm 2024.", actor=reviewer,
    )  # fmt: skip
    services.proposal_review(proposal=proposal, action="approve", actor=reviewer)
    proposal.refresh_from_db()
    mai.refresh_from_db()
    hung.refresh_from_db()
    assert proposal.status == "approved"
    assert (mai.verdict, hung.verdict) == ("approved", "rejected")
    assert hung.verdict_note == "Không có danh hiệu LĐTT năm 2024."

    # 5. The decision takes the authority's next number, then is issued into the registry.
    _issued(world.authority, 2025, number=40, suffix="QĐ-UBND.KT")
    assert services.next_number(world.authority, 2025) == 41
    decision = _decision(world, [mai])
    assert (decision.number, decision.status, decision.symbol) == (41, "draft", "41/QĐ-UBND.KT")
    mai.refresh_from_db()
    assert mai.decision == decision
    assert not Award.objects.filter(award_type=world.cstdcs).exists()
    awards = services.decision_issue(decision=decision, actor=reviewer)
    decision.refresh_from_db()
    assert decision.status == "issued" and decision.issued_at is not None
    award = Award.objects.get(award_type=world.cstdcs)
    assert awards == [award]
    assert (award.person, award.organization, award.year, award.decision, award.nominee) == (
        world.mai, world.unit, YEAR, decision, mai,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.status == "decided"
    assert proposal.actions.filter(action="decision", comment="41/QĐ-UBND.KT").exists()


def test_approve_needs_an_eligible_nominee(world):
    reviewer = world.demo.reviewer
    proposal, _mai, hung = _submitted(world)
    services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
    services.nominees_verdict(
        proposal=proposal, nominees=list(proposal.nominees.all()), verdict="not_eligible",
        note="Chưa đủ tiêu chuẩn.", actor=reviewer,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Chưa có đối tượng nào"):
        services.proposal_review(proposal=proposal, action="approve", actor=reviewer)
    proposal.refresh_from_db()
    assert proposal.status == "checked"


def test_review_steps_out_of_order_are_refused(world):
    reviewer = world.demo.reviewer
    proposal = _proposal(world)
    with pytest.raises(ValidationError, match="Không thể “Tiếp nhận hồ sơ”"):
        services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
    proposal, mai, _hung = _submitted(world)
    with pytest.raises(ValidationError, match="khi hồ sơ đã được tiếp nhận"):
        services.nominees_verdict(
            proposal=proposal, nominees=[mai], verdict="eligible", note="", actor=reviewer
        )


def test_receive_and_verdict_judge_against_the_registry_as_it_is_now(world):
    """Checks are refreshed on receipt and at each verdict: an override is needed for a nominee
    that fails now, though it passed when sent (here the unit's CSTĐ cơ sở places were filled
    meanwhile)."""
    reviewer = world.demo.reviewer
    proposal, mai, hung = _submitted(world)
    assert _statuses(mai.checks) == ["pass", "pass"]
    Award.objects.create(  # one more CSTĐ cơ sở of the unit issued meanwhile: 3 for 2 places
        award_type=world.cstdcs, year=YEAR, decision=world.unit_decision, person=world.staff[1],
        organization=world.unit,
    )  # fmt: skip
    services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
    mai.refresh_from_db()
    assert _statuses(mai.checks) == ["pass", "fail"]
    assert "Vượt tỷ lệ: 3 CSTĐ cơ sở" in mai.checks[1]["explanation"]
    with pytest.raises(ValidationError) as refused:
        services.nominees_verdict(
            proposal=proposal, nominees=[mai], verdict="eligible", note="", actor=reviewer
        )
    assert "override" in refused.value.message_dict
    # Hùng judged not eligible frees his place: Mai is judged on that, no override needed
    services.nominees_verdict(
        proposal=proposal, nominees=[hung], verdict="not_eligible", note="Không có LĐTT.",
        actor=reviewer,
    )  # fmt: skip
    services.nominees_verdict(
        proposal=proposal, nominees=[mai], verdict="eligible", note="", actor=reviewer
    )
    mai.refresh_from_db()
    assert (mai.verdict, mai.override_reason, _statuses(mai.checks)) == (
        "eligible", "", ["pass", "pass"],
    )  # fmt: skip


def _decided(world, code, person) -> Nominee:
    """`person` proposed for `code` in 2024, approved, and a decision issued for it."""
    proposal = _proposal(world, title=f"Đề nghị {code} năm 2024")
    nominee = Nominee.objects.create(
        proposal=proposal, person=person, award_type=AwardType.objects.get(code=code),
        achievement="Hoàn thành xuất sắc nhiệm vụ.", verdict="approved",
    )  # fmt: skip
    Proposal.objects.filter(pk=proposal.pk).update(status="approved")
    nominee = Nominee.objects.select_related("proposal").get(pk=nominee.pk)
    services.decision_issue(decision=_decision(world, [nominee]), actor=world.demo.reviewer)
    return nominee


def test_issued_cstdcs_uses_up_its_initiative_r_gen_2(world):
    """R-GEN-2 (CV 5007/BNV-TĐKT): once the title is decided, its initiative backs nothing else."""
    _proposal_, mai, _hung = _approved(world)
    services.decision_issue(decision=_decision(world, [mai]), actor=world.demo.reviewer)
    world.initiative.refresh_from_db()
    assert world.initiative.used_by == mai
    again = Nominee.objects.create(
        proposal=_proposal(world), person=world.mai, award_type=world.cstdcs, achievement="Lại."
    )
    [check] = [c for c in eligibility.evaluate(again) if c.legal_basis == "Luật TĐKT 2022, Điều 23"]
    assert check.status == "fail" and "đã dùng cho đề nghị khác" in check.explanation


def test_issued_cstd_tinh_uses_up_its_provincial_initiative(world):
    for year in (2022, 2023, 2024):
        Award.objects.create(
            award_type=world.cstdcs, year=year, decision=_issued(world.unit, year),
            person=world.mai, organization=world.unit,
        )  # fmt: skip
    provincial = Initiative.objects.create(
        person=world.mai, year=2023, title="Quy trình cấp phép liên thông toàn tỉnh", scope="tinh"
    )
    nominee = _decided(world, "CSTD_TINH", world.mai)
    provincial.refresh_from_db()
    world.initiative.refresh_from_db()
    assert (provincial.used_by, world.initiative.used_by) == (nominee, None)


def test_issued_bang_khen_tinh_uses_up_its_two_initiatives(world):
    PersonYear.objects.create(person=world.mai, year=2023, rating="htxsnv")
    earlier = Initiative.objects.create(
        person=world.mai, year=2023, title="Mẫu hồ sơ điện tử", scope="co_so"
    )
    nominee = _decided(world, "BK_TINH", world.mai)
    assert set(Initiative.objects.filter(used_by=nominee)) == {earlier, world.initiative}


def test_decision_refuses_nominees_proposed_to_another_authority(world):
    _proposal_, mai, _hung = _approved(world)
    Proposal.objects.filter(pk=mai.proposal_id).update(authority=world.demo.org["AG"])
    mai = Nominee.objects.select_related("proposal").get(pk=mai.pk)
    with pytest.raises(ValidationError) as refused:
        _decision(world, [mai])
    assert refused.value.message_dict["nominees"] == [
        "Một quyết định chỉ gồm các đối tượng trình Ủy ban nhân dân tỉnh Đồng Tháp."
    ]
    assert not Decision.objects.filter(authority=world.authority).exists()


# Decisions are immutable once issued ----------------------------------------------------------


def test_issued_decision_cannot_be_updated_or_issued_again(world):
    _proposal_, mai, _hung = _approved(world)
    decision = _decision(world, [mai])
    services.decision_update(decision=decision, actor=world.demo.reviewer, title="Sửa trích yếu")
    decision.refresh_from_db()
    assert decision.title == "Sửa trích yếu"  # a draft can still change
    services.decision_issue(decision=decision, actor=world.demo.reviewer)
    with pytest.raises(ValidationError, match="đã ban hành, không sửa được"):
        services.decision_update(decision=decision, actor=world.demo.reviewer, title="Sửa lại")
    with pytest.raises(ValidationError, match="đã ban hành, không sửa được"):
        services.decision_issue(decision=decision, actor=world.demo.reviewer)
    decision.refresh_from_db()
    assert decision.title == "Sửa trích yếu"
    assert decision.awards.count() == 1


def test_correcting_decision_can_be_created_and_issued(world):
    _proposal_, mai, _hung = _approved(world)
    old = _decision(world, [mai])
    services.decision_issue(decision=old, actor=world.demo.reviewer)
    correction = _decision(world, [], corrects=old, title="Đính chính Quyết định số 01/QĐ-UBND.KT")
    assert correction.number == old.number + 1 and correction.status == "draft"
    assert services.decision_issue(decision=correction, actor=world.demo.reviewer) == []
    correction.refresh_from_db()
    assert correction.status == "issued"
    assert list(old.corrections.all()) == [correction]
    old.refresh_from_db()
    assert old.status == "issued" and old.awards.count() == 1


def test_decision_without_nominees_or_correction_cannot_be_issued(world):
    decision = _decision(world, [])
    with pytest.raises(ValidationError, match="chưa có đối tượng nào"):
        services.decision_issue(decision=decision, actor=world.demo.reviewer)
    decision.refresh_from_db()
    assert decision.status == "draft"


# Permissions through the pages -------------------------------------------------------------


@pytest.fixture
def ag_reviewer(demo):
    """A reviewer of another authority: staff of Sở Nội vụ An Giang."""
    return StaffFactory(organization=demo.org["AG-SNV"]).user


@pytest.fixture
def submitted(world):
    proposal, mai, hung = _submitted(world)
    return SimpleNamespace(proposal=proposal, mai=mai, hung=hung)


@pytest.mark.parametrize(
    ("who", "status"),
    [("xaydung", 200), ("congthuong", 403), ("reviewer", 200), ("ag_reviewer", 403)],
)
def test_proposal_detail_by_role(client, demo, submitted, ag_reviewer, who, status):
    user = ag_reviewer if who == "ag_reviewer" else getattr(demo, who)
    client.force_login(user)
    response = client.get(reverse("proposal_detail", args=[submitted.proposal.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Nguyễn Thị Mai" in response.content.decode()


def test_proposal_detail_anonymous_is_sent_to_login(client, submitted):
    url = reverse("proposal_detail", args=[submitted.proposal.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_only_reviewers_may_review_or_record_verdicts(client, demo, submitted):
    proposal = submitted.proposal
    receive = reverse("proposal_review", args=[proposal.pk, "receive"])
    verdict = reverse("proposal_verdict", args=[proposal.pk])
    data = {"nominees": [submitted.mai.pk], "verdict": "eligible", "note": ""}
    client.force_login(demo.xaydung)
    assert client.post(receive).status_code == 403
    assert client.post(verdict, data).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    client.force_login(demo.reviewer)
    assert client.post(receive).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "received"
    client.force_login(demo.xaydung)
    assert client.post(verdict, data).status_code == 403
    client.force_login(demo.reviewer)
    assert client.post(verdict, data).status_code == 302
    submitted.mai.refresh_from_db()
    assert submitted.mai.verdict == "eligible"


def test_reviewer_of_another_authority_may_not_review(client, submitted, ag_reviewer):
    client.force_login(ag_reviewer)
    url = reverse("proposal_review", args=[submitted.proposal.pk, "receive"])
    assert client.post(url).status_code == 403
    submitted.proposal.refresh_from_db()
    assert submitted.proposal.status == "submitted"


def test_proposal_list_proposers_see_their_own_reviewers_their_authority(
    client, demo, world, ag_reviewer
):
    own = _proposal(world, title="Tờ trình của Sở Xây dựng")
    other = _proposal(
        world, actor=demo.congthuong, proposer=demo.org["DT-SCT"],
        title="Tờ trình của Sở Công Thương",
    )  # fmt: skip
    Proposal.objects.filter(pk__in=[own.pk, other.pk]).update(status="submitted")
    seen = {}
    for name, user in [
        ("xaydung", demo.xaydung),
        ("congthuong", demo.congthuong),
        ("reviewer", demo.reviewer),
        ("ag_reviewer", ag_reviewer),
    ]:
        client.force_login(user)
        response = client.get(reverse("proposal_list"))
        assert response.status_code == 200
        seen[name] = {p.title for p in response.context["page"]}
    assert seen == {
        "xaydung": {own.title},
        "congthuong": {other.title},
        "reviewer": {own.title, other.title},
        "ag_reviewer": set(),
    }


def test_proposal_list_bloc_leader_sees_only_the_years_it_leads(client, demo, world):
    from blocs.models import BlocMembership

    BlocMembership.objects.create(
        bloc=demo.bloc, organization=demo.org["DT-SGTVT"], year=2021, role="leader"
    )
    later = _proposal(
        world, actor=demo.admin, proposer=demo.org["DT-SGTVT"], bloc=demo.bloc, year=2021,
        title="Đề nghị của Khối 4A năm 2021",
    )  # fmt: skip
    client.force_login(demo.secretariat)
    assert client.get(reverse("proposal_detail", args=[later.pk])).status_code == 403
    listed = {p.pk for p in client.get(reverse("proposal_list")).context["page"]}
    assert later.pk not in listed


@pytest.mark.parametrize("who", ["xaydung", "congthuong", "reviewer", "ag_reviewer"])
def test_registry_and_export_for_any_logged_in_user(client, demo, ag_reviewer, world, who):
    client.force_login(ag_reviewer if who == "ag_reviewer" else getattr(demo, who))
    page = client.get(reverse("registry"))
    assert page.status_code == 200
    export = client.get(reverse("registry"), {"format": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert export.content.startswith(b"PK\x03\x04")
    assert "so-khen-thuong.xlsx" in export["Content-Disposition"]


def test_registry_anonymous_is_sent_to_login(client):
    response = client.get(reverse("registry"), {"format": "xlsx"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "status"),
    [("xaydung", 200), ("reviewer", 200), ("congthuong", 403), ("ag_reviewer", 403)],
)
def test_document_download_only_for_those_who_may_see_the_proposal(
    client, demo, submitted, ag_reviewer, who, status
):
    document = submitted.proposal.documents.get(nominee=submitted.mai, kind="bao_cao")
    client.force_login(ag_reviewer if who == "ag_reviewer" else getattr(demo, who))
    response = client.get(reverse("document_download", args=[document.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"

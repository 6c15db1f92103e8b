"""Awards within the decider's power (issue 13, finding 10): a decision grants only what its
authority confers, each body is offered the awards of its level, a nominee appears once per
award in a proposal, and a nominee can be removed (draft) or withdrawn (review)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import permissions, powers, services
from awards.models import AwardType, Decision, Nominee, Proposal
from blocs.models import Organization, StaffAssignment
from tests.awards.test_proposals import _approved, _decision, _proposal

pytestmark = pytest.mark.django_db


def _codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


@pytest.fixture
def ministry(db):
    government = Organization.objects.create(code="CP", name="Chính phủ", kind="central")
    return Organization.objects.create(
        code="BXD", name="Bộ Xây dựng", kind="central", parent=government
    )


def test_ministry_level_catalogue_entries_exist():
    assert AwardType.objects.get(code="CO_BO").name == "Cờ thi đua của Bộ, ban, ngành"
    assert AwardType.objects.get(code="BK_BO").level == "bo_tinh"


def test_a_province_confers_its_own_flag_and_certificate_not_the_governments(demo):
    offered = _codes(powers.award_types_conferred_by(demo.org["DT"]))
    assert {"CO_TINH", "BK_TINH", "CSTD_TINH", "TTLDXS", "CSTDCS", "LDTT"} <= offered
    assert not {"CO_CP", "BK_TTG", "CSTD_TQ", "HCLD3", "CO_BO", "BK_BO"} & offered


def test_a_ministry_is_offered_ministry_awards_not_the_provinces(ministry):
    offered = _codes(powers.award_types_conferred_by(ministry))
    assert {"CO_BO", "BK_BO", "TTLDXS", "KNC"} <= offered
    assert not {"CO_TINH", "BK_TINH", "CO_CP", "GK_XA"} & offered


def test_the_central_body_confers_state_awards(demo):
    offered = _codes(powers.award_types_conferred_by(demo.org["TW-HDTDKT"]))
    assert {"CO_CP", "BK_TTG", "CSTD_TQ"} <= offered
    assert not {"CO_TINH", "BK_TINH", "BK_BO"} & offered


def test_province_decision_granting_the_governments_flag_is_refused(world):
    """The reported case: UBND tỉnh issuing "Cờ thi đua của Chính phủ"."""
    proposal = _proposal(world)
    flag = AwardType.objects.get(code="CO_CP")
    nominee = Nominee.objects.create(  # as an old record or the admin could have left it
        proposal=proposal, organization=world.unit, award_type=flag, achievement="Dẫn đầu.",
        verdict="approved",
    )  # fmt: skip
    Proposal.objects.filter(pk=proposal.pk).update(status="approved")
    nominee = Nominee.objects.select_related("proposal", "award_type").get(pk=nominee.pk)
    with pytest.raises(ValidationError) as refused:
        _decision(world, [nominee])
    message = " ".join(refused.value.messages)
    assert "Cờ thi đua của Chính phủ" in message and "không thuộc thẩm quyền" in message
    assert not Decision.objects.filter(authority=world.authority).exists()
    # a draft that got it anyway (before the fix) cannot be issued
    decision = Decision.objects.create(
        authority=world.authority, year=2025, number=9, dated=date(2025, 2, 25), title="Cũ",
        signer_name="A", signer_title="Chủ tịch",
    )  # fmt: skip
    Nominee.objects.filter(pk=nominee.pk).update(decision=decision)
    with pytest.raises(ValidationError, match="không thuộc thẩm quyền"):
        services.decision_issue(decision=decision, actor=world.demo.reviewer)
    decision.refresh_from_db()
    assert decision.status == "draft" and not decision.awards.exists()


def test_nominee_service_refuses_an_award_outside_the_authoritys_power(world):
    proposal = _proposal(world)
    with pytest.raises(ValidationError, match="không thuộc thẩm quyền"):
        services.nominee_add(
            proposal=proposal, award_type=AwardType.objects.get(code="CO_CP"),
            organization=world.unit, achievement="Dẫn đầu.", actor=world.demo.xaydung,
        )  # fmt: skip
    assert not Nominee.objects.exists()


def test_nominee_form_offers_the_authoritys_catalogue(client, world):
    proposal = _proposal(world)
    client.force_login(world.demo.xaydung)
    page = client.get(reverse("proposal_detail", args=[proposal.pk]))
    offered = _codes(page.context["nominee_form"].fields["award_type"].queryset)
    assert "CO_TINH" in offered and "CO_CP" not in offered and "CO_BO" not in offered


# One nominee per award in a proposal ------------------------------------------------------------


def test_the_same_person_twice_for_the_same_award_is_refused(world):
    proposal = _proposal(world)
    services.nominee_add(
        proposal=proposal, award_type=world.cstdcs, person=world.mai, achievement="Lần 1.",
        actor=world.demo.xaydung,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.nominee_add(
            proposal=proposal, award_type=world.cstdcs, person=world.mai, achievement="Lần 2.",
            actor=world.demo.xaydung,
        )  # fmt: skip
    assert "Nguyễn Thị Mai đã có trong tờ trình với “Chiến sĩ thi đua cơ sở”" in " ".join(
        refused.value.messages
    )
    assert proposal.nominees.count() == 1


def test_the_database_refuses_a_duplicate_nominee_too(world):
    from django.db import IntegrityError, transaction

    proposal = _proposal(world)
    Nominee.objects.create(
        proposal=proposal, award_type=world.cstdcs, person=world.mai, achievement="1"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Nominee.objects.create(
            proposal=proposal, award_type=world.cstdcs, person=world.mai, achievement="2"
        )
    Nominee.objects.create(
        proposal=proposal, award_type=world.cstdcs, person=world.hung, achievement="3"
    )
    Nominee.objects.create(
        proposal=proposal, award_type=AwardType.objects.get(code="TTLDTT"),
        organization=world.unit, achievement="4",
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Nominee.objects.create(
            proposal=proposal, award_type=AwardType.objects.get(code="TTLDTT"),
            organization=world.unit, achievement="5",
        )  # fmt: skip


def test_duplicate_nominee_through_the_form_is_a_vietnamese_error(client, world):
    proposal = _proposal(world)
    client.force_login(world.demo.xaydung)
    data = {"person": world.mai.pk, "award_type": world.cstdcs.pk, "achievement": "Thành tích."}
    assert client.post(reverse("nominee_add", args=[proposal.pk]), data).status_code == 302
    response = client.post(reverse("nominee_add", args=[proposal.pk]), data)
    assert response.status_code == 400
    assert "đã có trong tờ trình" in response.content.decode()
    assert proposal.nominees.count() == 1


# Removing and withdrawing nominees ---------------------------------------------------------------


def test_unit_removes_a_nominee_from_its_draft(client, world):
    proposal = _proposal(world)
    nominee = services.nominee_add(
        proposal=proposal, award_type=world.cstdcs, person=world.mai, achievement="Thành tích.",
        actor=world.demo.xaydung,
    )  # fmt: skip
    client.force_login(world.demo.congthuong)
    assert client.post(reverse("nominee_remove", args=[nominee.pk])).status_code == 403
    client.force_login(world.demo.xaydung)
    assert client.post(reverse("nominee_remove", args=[nominee.pk])).status_code == 302
    assert not proposal.nominees.exists()
    assert proposal.actions.filter(action="nominee_remove", comment__contains="Nguyễn Thị Mai")


def test_nominee_cannot_be_removed_once_submitted(world):
    proposal, mai, _hung = _approved(world)
    with pytest.raises(ValidationError, match="không sửa được"):
        services.nominee_remove(nominee=mai, actor=world.demo.xaydung)
    assert Nominee.objects.filter(pk=mai.pk).exists()


def test_reviewer_marks_a_nominee_withdrawn_with_a_reason(client, world):
    from tests.awards.test_proposals import _submitted

    proposal, mai, hung = _submitted(world)
    services.proposal_review(proposal=proposal, action="receive", actor=world.demo.reviewer)
    client.force_login(world.demo.reviewer)
    url = reverse("nominee_withdraw", args=[hung.pk])
    response = client.post(url, {"reason": ""}, follow=True)
    hung.refresh_from_db()
    assert hung.verdict == "pending"  # a reason is required
    client.post(url, {"reason": "Đơn vị xin rút vì chuyển công tác."})
    hung.refresh_from_db()
    assert hung.verdict == "withdrawn"
    assert proposal.actions.filter(action="verdict:withdrawn", nominee=hung).exists()
    # the proposal is judged on who is left: Mai eligible is enough to approve
    services.nominees_verdict(
        proposal=proposal, nominees=[mai], verdict="eligible", note="", actor=world.demo.reviewer
    )
    proposal.refresh_from_db()
    assert proposal.status == "checked"
    services.proposal_review(proposal=proposal, action="approve", actor=world.demo.reviewer)
    hung.refresh_from_db()
    assert hung.verdict == "withdrawn"
    assert response.status_code == 200


def test_unit_officer_cannot_withdraw(client, world):
    from tests.awards.test_proposals import _submitted

    proposal, mai, _hung = _submitted(world)
    client.force_login(world.demo.xaydung)
    response = client.post(reverse("nominee_withdraw", args=[mai.pk]), {"reason": "Rút."})
    assert response.status_code == 403
    mai.refresh_from_db()
    assert mai.verdict == "pending"


def test_deciding_authorities_list_is_scoped(world):
    assert set(permissions.deciding_authorities(world.demo.xaydung)) == set()
    StaffAssignment.objects.filter(user=world.demo.xaydung).exists()


def test_a_withdrawn_nominee_is_not_judged_again_nor_asked_for_documents(world):
    from tests.awards.test_proposals import _submitted

    proposal, mai, hung = _submitted(world)
    reviewer = world.demo.reviewer
    services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
    services.nominee_withdraw(nominee=hung, reason="Đơn vị xin rút.", actor=reviewer)
    with pytest.raises(ValidationError, match="đã được đánh dấu rút"):
        services.nominees_verdict(
            proposal=proposal, nominees=[hung], verdict="eligible", note="", override="x",
            actor=reviewer,
        )  # fmt: skip
    assert all(nominee != hung for nominee, *_rest in services.checklist(proposal))
    hung.refresh_from_db()
    assert (hung.verdict, hung.verdict_note) == ("withdrawn", "Đơn vị xin rút.")

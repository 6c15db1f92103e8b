"""Segregation of duties (issue 13, finding 4): nobody reviews, approves or decides a proposal
that their own unit proposed or that nominates their unit or its people.

The rule applies to everyone, administrators included: an administrator is staff of no unit, so
only a proposal of (or for) a unit they are assigned to is closed to them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import permissions, services
from awards.models import AwardType, Decision, Nominee, Proposal
from blocs.models import Person, StaffAssignment
from tests.awards.test_proposals import PDF, _approved

pytestmark = pytest.mark.django_db

OWN_UNIT = "do đơn vị của mình trình hoặc đề nghị khen thưởng cho đơn vị, cán bộ của mình"


@pytest.fixture
def own_proposal(world):
    """Sở Nội vụ's reviewer proposes his own unit's officer for CSTĐ cơ sở and submits it."""
    demo, reviewer = world.demo, world.demo.reviewer
    snv = demo.org["DT-SNV"]
    colleague = Person.objects.create(full_name="Võ Thị Nội Vụ", organization=snv)
    proposal = services.proposal_create(
        actor=reviewer, proposer=snv, authority=world.authority, kind="annual", year=2024,
        title="Đề nghị tặng CSTĐ cơ sở cho cán bộ Sở Nội vụ", symbol="09/TTr-SNV",
    )  # fmt: skip
    nominee = services.nominee_add(
        proposal=proposal, award_type=world.cstdcs, person=colleague,
        achievement="Hoàn thành xuất sắc nhiệm vụ.", actor=reviewer,
    )  # fmt: skip
    for owner, kind in [(None, "to_trinh"), (None, "bien_ban"), (nominee, "bao_cao"),
                        (nominee, "sang_kien")]:  # fmt: skip
        services.document_add(
            proposal=proposal, nominee=owner, kind=kind, name="a.pdf", data=PDF, actor=reviewer
        )
    services.proposal_submit(proposal=proposal, actor=reviewer)
    proposal.refresh_from_db()
    nominee.refresh_from_db()
    return proposal, nominee


def test_one_reviewer_cannot_walk_his_own_units_proposal_through(client, world, own_proposal):
    """He could propose and submit; receiving is the first step refused, with the reason."""
    proposal, nominee = own_proposal
    reviewer = world.demo.reviewer
    assert proposal.status == "submitted"
    client.force_login(reviewer)
    response = client.post(reverse("proposal_review", args=[proposal.pk, "receive"]), follow=True)
    assert OWN_UNIT in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not proposal.actions.filter(action="receive").exists()
    # every later step is refused by the services as well, whatever the state says
    with pytest.raises(ValidationError, match=OWN_UNIT):
        services.proposal_review(proposal=proposal, action="receive", actor=reviewer)
    Proposal.objects.filter(pk=proposal.pk).update(status="received")
    with pytest.raises(ValidationError, match=OWN_UNIT):
        services.nominees_verdict(
            proposal=proposal, nominees=[nominee], verdict="eligible", note="", actor=reviewer,
            override="x",
        )  # fmt: skip
    Nominee.objects.filter(pk=nominee.pk).update(verdict="eligible")
    Proposal.objects.filter(pk=proposal.pk).update(status="checked")
    for action in ("approve", "council", "return", "reject"):
        with pytest.raises(ValidationError, match=OWN_UNIT):
            services.proposal_review(proposal=proposal, action=action, actor=reviewer, comment="x")
    Nominee.objects.filter(pk=nominee.pk).update(verdict="approved")
    Proposal.objects.filter(pk=proposal.pk).update(status="approved")
    nominee = Nominee.objects.select_related("proposal").get(pk=nominee.pk)
    with pytest.raises(ValidationError, match=OWN_UNIT):
        services.decision_create(
            authority=world.authority, year=2025, dated=date(2025, 2, 25), title="Tặng CSTĐ",
            signer_name="A", signer_title="Chủ tịch", nominees=[nominee], actor=reviewer,
        )  # fmt: skip
    assert not Decision.objects.filter(authority=world.authority).exists()
    # a decision drafted by someone else still cannot be issued by him
    decision = services.decision_create(
        authority=world.authority, year=2025, dated=date(2025, 2, 25), title="Tặng CSTĐ",
        signer_name="A", signer_title="Chủ tịch", nominees=[nominee], actor=world.demo.admin,
    )  # fmt: skip
    with pytest.raises(ValidationError, match=OWN_UNIT):
        services.decision_issue(decision=decision, actor=reviewer)
    client.force_login(reviewer)
    response = client.post(reverse("decision_detail", args=[decision.pk]), follow=True)
    assert OWN_UNIT in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == "draft" and not decision.awards.exists()


def test_a_colleague_in_the_same_unit_is_refused_too(world, own_proposal):
    proposal, _nominee = own_proposal
    colleague = StaffAssignment.objects.create(
        user=type(world.demo.reviewer).objects.create(username="snv2", full_name="Đồng Nghiệp"),
        organization=world.demo.org["DT-SNV"],
    ).user
    with pytest.raises(ValidationError, match=OWN_UNIT):
        services.proposal_review(proposal=proposal, action="receive", actor=colleague)


def test_administrator_outside_the_unit_may_review_it(world, own_proposal):
    proposal, _nominee = own_proposal
    services.proposal_review(proposal=proposal, action="receive", actor=world.demo.admin)
    proposal.refresh_from_db()
    assert proposal.status == "received"


def test_reviewer_may_not_review_a_proposal_nominating_his_unit(world):
    """Sở Xây dựng proposes, but nominates Sở Nội vụ's officer seconded there? No: a bloc
    proposal nominating Sở Nội vụ as a collective is refused to Sở Nội vụ's reviewer."""
    demo = world.demo
    from blocs.models import BlocMembership

    BlocMembership.objects.create(bloc=demo.bloc, organization=demo.org["DT-SNV"], year=2020)
    proposal = services.proposal_create(
        actor=demo.secretariat, proposer=demo.org["DT-SKHCN"], bloc=demo.bloc,
        authority=world.authority, kind="annual", year=2020, title="Đề nghị của khối",
    )  # fmt: skip
    services.nominee_add(
        proposal=proposal, award_type=AwardType.objects.get(code="BK_TINH"),
        organization=demo.org["DT-SNV"], achievement="Thành tích.", actor=demo.secretariat,
    )  # fmt: skip
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")
    assert permissions.conflict_of_interest(demo.reviewer, proposal)
    with pytest.raises(ValidationError, match=OWN_UNIT):
        services.proposal_review(proposal=proposal, action="receive", actor=demo.reviewer)


def test_ordinary_proposal_is_not_a_conflict(world):
    proposal, _mai, _hung = _approved(world)
    assert permissions.conflict_of_interest(world.demo.reviewer, proposal) is None


def test_proposal_page_tells_the_reviewer_why_he_cannot_act(client, world, own_proposal):
    proposal, _nominee = own_proposal
    client.force_login(world.demo.reviewer)
    page = client.get(reverse("proposal_detail", args=[proposal.pk]))
    assert page.status_code == 200
    assert OWN_UNIT in page.content.decode()
    assert page.context["review_form"] is None

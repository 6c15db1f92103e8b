"""Every awards form field that points at another record only accepts what the user may act on
(issue 13, finding 3): a foreign id POSTed by hand is refused and nothing changes."""

from datetime import date

import pytest
from django.urls import reverse

from awards import permissions, services
from awards.models import AwardType, Decision, Nominee, Proposal
from blocs.models import Bloc, BlocMembership, Organization, Person
from tests.awards.test_proposals import _approved, _issued, _proposal
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _decision_data(**extra):
    return {
        "symbol_suffix": "QĐ-UBND.KT",
        "dated": "25/02/2025",
        "title": "Đính chính quyết định",
        "signer_name": "Phạm Thiện Nghĩa",
        "signer_title": "Chủ tịch",
    } | extra


@pytest.fixture
def ag_reviewer(demo):
    return StaffFactory(organization=demo.org["AG-SNV"]).user


def test_decision_correcting_another_authoritys_decision_is_refused(client, world, ag_reviewer):
    """An An Giang reviewer cannot draft a correction of Đồng Tháp's decision: it would be a
    draft in Đồng Tháp's name taking Đồng Tháp's next number."""
    dt_decision = _issued(world.authority, 2025, number=40, suffix="QĐ-UBND.KT")
    client.force_login(ag_reviewer)
    response = client.post(reverse("decision_create"), _decision_data(corrects=dt_decision.pk))
    assert response.status_code == 400 or "corrects" in response.context["form"].errors
    assert list(Decision.objects.filter(authority=world.authority)) == [dt_decision]
    assert not Decision.objects.filter(corrects=dt_decision).exists()


def test_decision_correcting_own_authoritys_decision_is_accepted(client, world):
    dt_decision = _issued(world.authority, 2025, number=40, suffix="QĐ-UBND.KT")
    client.force_login(world.demo.reviewer)
    response = client.post(reverse("decision_create"), _decision_data(corrects=dt_decision.pk))
    assert response.status_code == 302
    correction = Decision.objects.get(corrects=dt_decision)
    assert (correction.authority, correction.number) == (world.authority, 41)


def test_decision_service_refuses_a_correction_in_another_authority(world):
    dt_decision = _issued(world.authority, 2025, number=40, suffix="QĐ-UBND.KT")
    with pytest.raises(services.ValidationError) as refused:
        services.decision_create(
            authority=world.demo.org["AG"], year=2025, dated=date(2025, 2, 25),
            title="Đính chính", signer_name="A", signer_title="Chủ tịch", nominees=[],
            corrects=dt_decision, actor=world.demo.admin,
        )  # fmt: skip
    assert "corrects" in refused.value.message_dict
    assert not Decision.objects.filter(corrects=dt_decision).exists()


def test_decision_service_refuses_an_authority_the_actor_does_not_decide_for(world, ag_reviewer):
    with pytest.raises(services.ValidationError):
        services.decision_create(
            authority=world.authority, year=2025, dated=date(2025, 2, 25), title="Quyết định",
            signer_name="A", signer_title="Chủ tịch", nominees=[], actor=ag_reviewer,
        )  # fmt: skip
    assert not Decision.objects.filter(authority=world.authority).exists()


def test_decision_form_offers_only_own_authoritys_decisions_to_correct(world, ag_reviewer):
    dt_decision = _issued(world.authority, 2025, number=40, suffix="QĐ-UBND.KT")
    ag_decision = _issued(world.demo.org["AG"], 2025, number=7, suffix="QĐ-UBND")
    assert set(permissions.correctable_decisions(world.demo.reviewer)) == {dt_decision}
    assert set(permissions.correctable_decisions(ag_reviewer)) == {ag_decision}


def test_decision_form_nominee_of_another_authority_is_refused(client, world, ag_reviewer):
    _proposal_, mai, _hung = _approved(world)
    client.force_login(ag_reviewer)
    response = client.post(reverse("decision_create"), _decision_data(nominees=[mai.pk]))
    assert response.status_code in (200, 400)
    assert "nominees" in response.context["form"].errors
    mai.refresh_from_db()
    assert mai.decision_id is None


# Bloc proposals: the year comes from what the user leads ----------------------------------------


def _bloc_post(demo, year, **extra):
    return {
        "title": "Đề nghị tặng Cờ thi đua", "kind": "annual", "year": str(year),
        "authority": demo.org["DT"].pk, "symbol": "05/TTr-KTĐ4A", "dated": "20/12/2020",
    } | extra  # fmt: skip


def test_bloc_proposal_posted_for_a_year_not_led_is_a_field_error(client, demo):
    """The URL says 2020 (led), the body says 2021 (not led, no leader at all): no 500, no
    proposal in another year's leader's name; a Vietnamese error on the year."""
    client.force_login(demo.secretariat)
    url = reverse("proposal_create") + f"?bloc={demo.bloc.pk}&year=2020"
    response = client.post(url, _bloc_post(demo, 2021))
    assert response.status_code in (200, 400)
    errors = response.context["form"].errors["year"]
    assert "không phải khối trưởng" in errors[0] and "2021" in errors[0]
    assert not Proposal.objects.exists()


def test_bloc_proposal_posted_for_a_year_led_by_another_unit_is_refused(client, demo):
    BlocMembership.objects.create(
        bloc=demo.bloc, organization=demo.org["DT-SCT"], year=2021, role="leader"
    )
    client.force_login(demo.secretariat)
    url = reverse("proposal_create") + f"?bloc={demo.bloc.pk}&year=2020"
    response = client.post(url, _bloc_post(demo, 2021))
    assert response.status_code in (200, 400)
    assert "year" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_bloc_proposal_for_the_led_year_is_created_by_the_leader(client, demo):
    client.force_login(demo.secretariat)
    url = reverse("proposal_create") + f"?bloc={demo.bloc.pk}&year=2020"
    response = client.post(url, _bloc_post(demo, 2020))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.year, proposal.proposer, proposal.bloc) == (
        2020, demo.org["DT-SKHCN"], demo.bloc,
    )  # fmt: skip


def test_bloc_proposal_url_with_junk_year_is_refused_not_500(client, demo):
    client.force_login(demo.secretariat)
    response = client.get(reverse("proposal_create") + f"?bloc={demo.bloc.pk}&year=abc")
    assert response.status_code in (400, 403, 404)


def test_proposal_to_an_authority_not_over_the_unit_is_refused(client, demo):
    """Sở Xây dựng (Đồng Tháp) posting An Giang as the deciding authority."""
    client.force_login(demo.xaydung)
    response = client.post(
        reverse("proposal_create"),
        {"title": "Đề nghị", "kind": "annual", "year": "2024", "authority": demo.org["AG"].pk},
    )
    assert response.status_code in (200, 400)
    assert "authority" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_proposal_service_refuses_a_proposer_the_actor_does_not_work_for(demo):
    with pytest.raises(services.ValidationError):
        services.proposal_create(
            actor=demo.xaydung, proposer=demo.org["DT-SCT"], authority=demo.org["DT"],
            kind="annual", year=2024, title="Đề nghị của đơn vị khác",
        )  # fmt: skip
    assert not Proposal.objects.exists()


def test_proposal_service_refuses_a_bloc_year_the_actor_does_not_lead(demo):
    with pytest.raises(services.ValidationError):
        services.proposal_create(
            actor=demo.secretariat, proposer=demo.org["DT-SKHCN"], bloc=demo.bloc,
            authority=demo.org["DT"], kind="annual", year=2021, title="Đề nghị của khối",
        )  # fmt: skip
    assert not Proposal.objects.exists()


def test_proposal_form_proposer_is_limited_to_the_users_units(client, demo):
    client.force_login(demo.xaydung)
    response = client.post(
        reverse("proposal_create"),
        {"title": "Đề nghị", "kind": "annual", "year": "2024", "authority": demo.org["DT"].pk,
         "proposer": demo.org["DT-SCT"].pk},
    )  # fmt: skip
    assert "proposer" in response.context["form"].errors
    assert not Proposal.objects.exists()


# Nominees: person, unit and award type from the proposal's scope ------------------------------


def test_nominee_form_refuses_a_person_of_another_unit(client, world):
    proposal = _proposal(world)
    other = Person.objects.create(
        full_name="Người Sở Công Thương", organization=world.demo.org["DT-SCT"]
    )
    client.force_login(world.demo.xaydung)
    response = client.post(
        reverse("nominee_add", args=[proposal.pk]),
        {"person": other.pk, "award_type": world.cstdcs.pk, "achievement": "Thành tích."},
    )
    assert response.status_code == 400
    assert "person" in response.context["nominee_form"].errors
    assert not Nominee.objects.exists()


def test_nominee_form_refuses_an_award_the_authority_cannot_confer(client, world):
    proposal = _proposal(world)
    flag = AwardType.objects.get(code="CO_CP")  # the Prime Minister's, not the province's
    client.force_login(world.demo.xaydung)
    response = client.post(
        reverse("nominee_add", args=[proposal.pk]),
        {"organization": world.unit.pk, "award_type": flag.pk, "achievement": "Thành tích."},
    )
    assert response.status_code == 400
    assert "award_type" in response.context["nominee_form"].errors
    assert not Nominee.objects.exists()


def test_document_form_refuses_a_nominee_of_another_proposal(client, world):
    first, second = _proposal(world), _proposal(world, title="Tờ trình thứ hai")
    nominee = services.nominee_add(
        proposal=first, award_type=world.cstdcs, person=world.mai, achievement="Thành tích.",
        actor=world.demo.xaydung,
    )  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.demo.xaydung)
    response = client.post(
        reverse("document_add", args=[second.pk]),
        {"kind": "bao_cao", "nominee": nominee.pk,
         "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")},
    )  # fmt: skip
    assert response.status_code == 400
    assert not second.documents.exists()


def test_verdict_form_refuses_a_nominee_of_another_proposal(client, world):
    first, _m, _h = _approved(world)
    second = _proposal(world, title="Tờ trình thứ hai")
    Proposal.objects.filter(pk=second.pk).update(status="received")
    client.force_login(world.demo.reviewer)
    response = client.post(
        reverse("proposal_verdict", args=[second.pk]),
        {"nominees": [_m.pk], "verdict": "not_eligible", "note": "Không."},
    )
    assert response.status_code == 400
    _m.refresh_from_db()
    assert _m.verdict == "approved"


def test_scoping_selectors(world, ag_reviewer):
    own = _proposal(world)
    demo = world.demo
    assert set(permissions.proposals_visible_to(demo.xaydung)) == {own}
    assert set(permissions.proposals_visible_to(demo.reviewer)) == set()  # a draft
    Proposal.objects.filter(pk=own.pk).update(status="submitted")
    assert set(permissions.proposals_visible_to(demo.reviewer)) == {own}
    assert set(permissions.proposals_visible_to(ag_reviewer)) == set()
    assert set(permissions.proposals_visible_to(demo.congthuong)) == set()
    draft = Decision.objects.create(
        authority=world.authority, year=2025, number=3, dated=date(2025, 1, 1), title="Dự thảo",
        signer_name="A", signer_title="B",
    )  # fmt: skip
    assert draft in permissions.decisions_visible_to(demo.reviewer)
    assert draft not in permissions.decisions_visible_to(ag_reviewer)
    assert draft not in permissions.decisions_visible_to(demo.xaydung)
    assert set(permissions.deciding_authorities(demo.reviewer)) == {world.authority}
    assert demo.org["DT"] in permissions.proposal_authorities(demo.xaydung)
    assert demo.org["AG"] not in permissions.proposal_authorities(demo.xaydung)
    assert not Bloc.objects.none().exists() and Organization.objects.exists()


# Each role posting a foreign id: refused, nothing changes ----------------------------------------

ROLES = ["xaydung", "congthuong", "secretariat", "reviewer", "ag_reviewer", "admin"]


def _user(demo, ag_reviewer, role):
    return ag_reviewer if role == "ag_reviewer" else getattr(demo, role)


@pytest.mark.parametrize("role", ROLES)
def test_foreign_decision_to_correct_is_refused_for_every_role(client, world, ag_reviewer, role):
    """An An Giang decision offered as `corrects` on Đồng Tháp's form: only An Giang's office
    (and the administrator, who then drafts in An Giang's name) may correct it."""
    ag_decision = _issued(world.demo.org["AG"], 2025, number=7, suffix="QĐ-UBND")
    client.force_login(_user(world.demo, ag_reviewer, role))
    data = _decision_data(corrects=ag_decision.pk)
    if role == "admin":
        data["authority"] = world.authority.pk  # the admin chooses Đồng Tháp, corrects An Giang
    response = client.post(reverse("decision_create"), data)
    if role in ("xaydung", "congthuong", "secretariat"):
        assert response.status_code == 403
    elif role == "ag_reviewer":  # its own authority's decision: a correction in An Giang
        assert response.status_code == 302
        assert Decision.objects.get(corrects=ag_decision).authority == world.demo.org["AG"]
        return
    else:
        assert response.status_code == 400
        assert "corrects" in response.context["form"].errors
    assert not Decision.objects.filter(corrects=ag_decision).exists()
    assert not Decision.objects.filter(authority=world.authority).exists()


@pytest.mark.parametrize("role", ROLES)
def test_foreign_authority_on_a_new_proposal_is_refused_for_every_role(
    client, demo, ag_reviewer, role
):
    """Every role posting Ninh Thuận (no authority over any of them) as the deciding body."""
    client.force_login(_user(demo, ag_reviewer, role))
    response = client.post(
        reverse("proposal_create"),
        {"title": "Đề nghị", "kind": "annual", "year": "2024", "authority": demo.org["NT"].pk,
         "proposer": demo.org["DT-SXD"].pk},
    )  # fmt: skip
    if role != "admin":
        assert response.status_code == 400
        assert response.context["form"].errors
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_foreign_person_on_a_nominee_is_refused_for_every_role(client, world, ag_reviewer, role):
    proposal = _proposal(world)
    stranger = Person.objects.create(full_name="Người An Giang", organization=world.demo.org["AG"])
    client.force_login(_user(world.demo, ag_reviewer, role))
    response = client.post(
        reverse("nominee_add", args=[proposal.pk]),
        {"person": stranger.pk, "award_type": world.cstdcs.pk, "achievement": "Thành tích."},
    )
    assert response.status_code in (400, 403)
    assert not Nominee.objects.exists()


def test_officer_of_one_unit_creates_a_proposal_without_choosing_the_unit(client, demo):
    """The browser journey's form: the unit is preselected, nothing to choose."""
    client.force_login(demo.xaydung)
    page = client.get(reverse("proposal_create"))
    assert list(page.context["form"].fields["proposer"].queryset) == [demo.org["DT-SXD"]]
    response = client.post(
        reverse("proposal_create"),
        {"title": "Đề nghị", "kind": "annual", "year": "2020", "authority": demo.org["DT"].pk},
    )
    assert response.status_code == 302
    assert Proposal.objects.get().proposer == demo.org["DT-SXD"]

"""Organisation structure rules: each bad input gets a Vietnamese message and saves nothing."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from blocs import services
from blocs.models import Bloc, BlocMembership, Organization
from tests.factories import BlocFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
Role = BlocMembership.Role


def messages(exc: ValidationError) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


@pytest.fixture
def bloc():
    return BlocFactory(code="KTĐ4A", name="Khối thi đua 4A")


def test_second_leader_for_same_bloc_year_is_refused_by_name(bloc):
    first = MembershipFactory(
        bloc=bloc, role=Role.LEADER, organization__name="Sở Khoa học và Công nghệ"
    )
    other = OrganizationFactory(name="Sở Xây dựng")
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            bloc=bloc, organization=other, year=2020, role=Role.LEADER, actor=None
        )
    assert "đã có khối trưởng là Sở Khoa học và Công nghệ" in messages(exc)
    assert list(BlocMembership.objects.values_list("pk", flat=True)) == [first.pk]


def test_second_deputy_is_refused(bloc):
    MembershipFactory(bloc=bloc, role=Role.DEPUTY)
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            bloc=bloc, organization=OrganizationFactory(), year=2020, role=Role.DEPUTY, actor=None
        )
    assert "đã có khối phó" in messages(exc)
    assert BlocMembership.objects.count() == 1


def test_the_database_itself_refuses_two_leaders(bloc):
    MembershipFactory(bloc=bloc, role=Role.LEADER)
    with pytest.raises(IntegrityError), transaction.atomic():
        BlocMembership.objects.create(
            bloc=bloc, organization=OrganizationFactory(), year=2020, role=Role.LEADER
        )


def test_a_leader_per_year_is_allowed(bloc):
    MembershipFactory(bloc=bloc, role=Role.LEADER, year=2020)
    services.membership_add(
        bloc=bloc, organization=OrganizationFactory(), year=2021, role=Role.LEADER, actor=None
    )
    assert BlocMembership.objects.filter(role=Role.LEADER).count() == 2


def test_unit_added_twice_to_the_same_bloc_year_is_refused(bloc):
    unit = OrganizationFactory(name="Sở Công Thương")
    services.membership_add(bloc=bloc, organization=unit, year=2020, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.membership_add(bloc=bloc, organization=unit, year=2020, actor=None)
    assert "Sở Công Thương đã là thành viên của Khối thi đua 4A năm 2020" in messages(exc)
    assert BlocMembership.objects.count() == 1


def test_the_database_itself_refuses_a_unit_twice(bloc):
    membership = MembershipFactory(bloc=bloc)
    with pytest.raises(IntegrityError), transaction.atomic():
        BlocMembership.objects.create(bloc=bloc, organization=membership.organization, year=2020)


@pytest.mark.parametrize("year", [1999, 2101, 0])
def test_membership_year_outside_2000_2100_is_refused(bloc, year):
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            bloc=bloc, organization=OrganizationFactory(), year=year, actor=None
        )
    assert f"Năm {year} nằm ngoài khoảng 2000–2100" in messages(exc)
    assert not BlocMembership.objects.exists()


def test_the_database_itself_refuses_a_year_out_of_range(bloc):
    with pytest.raises(IntegrityError), transaction.atomic():
        BlocMembership.objects.create(bloc=bloc, organization=OrganizationFactory(), year=2101)


def test_bloc_code_already_taken_is_refused_whatever_the_case(bloc):
    authority = OrganizationFactory(kind=Organization.Kind.PROVINCE)
    with pytest.raises(ValidationError) as exc:
        services.bloc_create(actor=None, code=" ktđ4a ", name="Khối khác", authority=authority)
    assert "code" in exc.value.message_dict
    assert "đã tồn tại" in messages(exc)
    assert Bloc.objects.count() == 1


def test_names_are_stored_composed_and_codes_upper_case():
    decomposed = unicodedata.normalize("NFD", "Sở Nông nghiệp và Phát triển nông thôn")
    org = services.organization_create(
        actor=None, code="dt-snn", name=decomposed, kind=Organization.Kind.DEPARTMENT
    )
    org.refresh_from_db()
    assert org.name == unicodedata.normalize("NFC", decomposed)
    assert org.code == "DT-SNN"


def test_organization_cannot_be_its_own_ancestor():
    parent = OrganizationFactory()
    child = OrganizationFactory(parent=parent)
    with pytest.raises(ValidationError) as exc:
        services.organization_update(organization=parent, actor=None, data={"parent": child})
    assert "không được là chính nó" in messages(exc)


def test_rotating_leadership_demotes_the_previous_holders(bloc):
    old_leader = MembershipFactory(bloc=bloc, role=Role.LEADER)
    old_deputy = MembershipFactory(bloc=bloc, role=Role.DEPUTY)
    member = MembershipFactory(bloc=bloc)
    services.bloc_year_set_leadership(
        bloc=bloc, year=2020, leader=old_deputy.organization, deputy=member.organization, actor=None
    )
    roles = dict(BlocMembership.objects.values_list("organization_id", "role"))
    assert roles == {
        old_leader.organization_id: Role.MEMBER,
        old_deputy.organization_id: Role.LEADER,
        member.organization_id: Role.DEPUTY,
    }


def test_leadership_must_be_two_different_members(bloc):
    member = MembershipFactory(bloc=bloc)
    outsider = OrganizationFactory(name="Sở Y tế")
    with pytest.raises(ValidationError) as exc:
        services.bloc_year_set_leadership(
            bloc=bloc, year=2020, leader=member.organization, deputy=member.organization, actor=None
        )
    assert "Khối phó phải khác khối trưởng" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.bloc_year_set_leadership(
            bloc=bloc, year=2020, leader=outsider, deputy=None, actor=None
        )
    assert "Sở Y tế không phải thành viên của Khối thi đua 4A năm 2020" in messages(exc)
    assert BlocMembership.objects.get().role == Role.MEMBER


def test_copy_last_years_members_then_adjust(bloc):
    MembershipFactory(bloc=bloc, role=Role.LEADER)
    MembershipFactory.create_batch(3, bloc=bloc)
    assert services.bloc_year_copy_members(bloc=bloc, from_year=2020, to_year=2021, actor=None) == 4
    assert BlocMembership.objects.filter(year=2021).count() == 4
    # Leadership rotates: the new year's leader is chosen, never copied (see
    # test_copy_year_leadership.py).
    assert BlocMembership.objects.filter(year=2021, role=Role.LEADER).count() == 0
    with pytest.raises(ValidationError) as exc:
        services.bloc_year_copy_members(bloc=bloc, from_year=2020, to_year=2021, actor=None)
    assert "năm 2021 đã có thành viên" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.bloc_year_copy_members(bloc=bloc, from_year=2015, to_year=2022, actor=None)
    assert "năm 2015 chưa có thành viên" in messages(exc)

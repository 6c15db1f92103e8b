"""'Copy last year's members' asks who leads the new year instead of carrying the old leader."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blocs import selectors, services
from blocs.forms import CopyMembersForm
from blocs.models import BlocMembership

pytestmark = pytest.mark.django_db
Role = BlocMembership.Role


def roles(year):
    return dict(
        BlocMembership.objects.filter(bloc__code="KTĐ4A", year=year).values_list(
            "organization__code", "role"
        )
    )


def test_copy_does_not_carry_the_old_leader_unasked(demo):
    old = roles(2020)
    services.bloc_year_copy_members(bloc=demo.bloc, from_year=2020, to_year=2021, actor=None)
    new = roles(2021)
    assert set(new) == set(old)
    assert set(new.values()) == {Role.MEMBER}


def test_copy_sets_the_chosen_leader_and_deputy(demo):
    leader, deputy = demo.org["DT-SGTVT"], demo.org["DT-SKHCN"]
    services.bloc_year_copy_members(
        bloc=demo.bloc, from_year=2020, to_year=2021, leader=leader, deputy=deputy, actor=None
    )
    new = roles(2021)
    assert new["DT-SGTVT"] == Role.LEADER and new["DT-SKHCN"] == Role.DEPUTY
    assert sorted(new.values()).count(Role.MEMBER) == len(new) - 2


def test_copy_refuses_a_leader_who_was_not_a_member(demo):
    outsider = demo.org["AG"]
    with pytest.raises(ValidationError) as exc:
        services.bloc_year_copy_members(
            bloc=demo.bloc, from_year=2020, to_year=2021, leader=outsider, actor=None
        )
    assert "leader" in exc.value.message_dict
    assert not BlocMembership.objects.filter(year=2021).exists()


def test_form_proposes_rotation_to_the_next_member(demo):
    members = selectors.rotation_order(demo.bloc, 2020)
    old_leader = next(i for i, m in enumerate(members) if m.role == Role.LEADER)
    expected = members[(old_leader + 1) % len(members)].organization_id
    form = CopyMembersForm(bloc=demo.bloc, year=2021)
    assert form.initial["from_year"] == 2020
    assert form.initial["leader"] == expected
    assert form.initial["deputy"] == members[(old_leader + 2) % len(members)].organization_id


def test_copy_through_the_page_with_a_new_leader(client, demo):
    client.force_login(demo.reviewer)
    page = client.get(reverse("bloc_year", args=[demo.bloc.pk, 2021]))
    assert "Khối trưởng năm mới" in page.content.decode()
    response = client.post(
        reverse("bloc_copy_members", args=[demo.bloc.pk, 2021]),
        {"from_year": 2020, "leader": demo.org["DT-SGTVT"].pk, "deputy": ""},
    )
    assert response.status_code == 302
    new = roles(2021)
    assert new["DT-SGTVT"] == Role.LEADER and Role.DEPUTY not in new.values()

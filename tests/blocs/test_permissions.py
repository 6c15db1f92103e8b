"""Who may do what, checked on the server for each object."""

import pytest
from django.urls import reverse

from blocs import services
from blocs.models import BlocMembership, Person, StaffAssignment
from blocs.roles import roles_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Role = BlocMembership.Role


def test_unit_officer_cannot_edit_another_units_data(client, demo):
    client.force_login(demo.xaydung)
    other = demo.org["DT-SCT"]
    person = Person.objects.create(full_name="Lê Văn Công", organization=other)
    for url in (
        reverse("organization_edit", args=[other.pk]),
        reverse("person_create", args=[other.pk]),
        reverse("person_edit", args=[person.pk]),
    ):
        assert client.get(url).status_code == 403
        response = client.post(url, {"short_name": "Đã bị đổi", "full_name": "Đã bị đổi"})
        assert response.status_code == 403
        assert "Không có quyền truy cập" in response.content.decode()
    other.refresh_from_db()
    person.refresh_from_db()
    assert other.short_name == "Sở CT"
    assert person.full_name == "Lê Văn Công"


def test_unit_officer_keeps_own_units_contact_details(client, demo):
    client.force_login(demo.xaydung)
    own = demo.org["DT-SXD"]
    response = client.post(
        reverse("organization_edit", args=[own.pk]),
        {"short_name": "SXD", "address": "Số 6, đường 30/4, TP Cao Lãnh", "phone": "", "email": ""},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.address == "Số 6, đường 30/4, TP Cao Lãnh"
    # The contact form cannot be used to change structural fields.
    client.post(reverse("organization_edit", args=[own.pk]), {"code": "HACK", "short_name": "SXD"})
    own.refresh_from_db()
    assert own.code == "DT-SXD"


def test_only_the_authoritys_office_and_admins_manage_a_bloc(client, demo):
    url = reverse("membership_add", args=[demo.bloc.pk, 2020])
    payload = {"organization": demo.org["DT-HLHPN"].pk, "role": Role.MEMBER}
    foreign_reviewer = UserFactory()
    StaffAssignment.objects.create(user=foreign_reviewer, organization=demo.org["AG-SNV"])
    for user in (demo.xaydung, demo.secretariat, foreign_reviewer):
        client.force_login(user)
        assert client.post(url, payload).status_code == 403
        assert client.get(reverse("bloc_edit", args=[demo.bloc.pk])).status_code == 403
    assert not BlocMembership.objects.filter(organization=demo.org["DT-HLHPN"]).exists()
    client.force_login(demo.reviewer)
    assert client.post(url, payload).status_code == 302
    assert BlocMembership.objects.filter(organization=demo.org["DT-HLHPN"], year=2020).exists()


def test_secretariat_role_moves_with_the_leader(demo):
    bloc = demo.bloc
    services.bloc_year_copy_members(bloc=bloc, from_year=2020, to_year=2021, actor=demo.reviewer)
    services.bloc_year_set_leadership(
        bloc=bloc, year=2021, leader=demo.org["DT-SXD"], deputy=None, actor=demo.reviewer
    )
    secretariat, xaydung = (
        roles_for(type(demo.xaydung).objects.get(pk=u.pk)) for u in (demo.secretariat, demo.xaydung)
    )
    assert secretariat.leads(bloc.pk, 2020) and not secretariat.leads(bloc.pk, 2021)
    assert xaydung.leads(bloc.pk, 2021) and not xaydung.leads(bloc.pk, 2020)


def test_role_navigation_is_derived_from_data(client, demo):
    expectations = {
        demo.admin: ['data-role="admin"'],
        demo.reviewer: ['data-role="reviewer"', 'data-role="unit"'],
        demo.secretariat: ['data-role="secretariat"', "Khối thi đua 4A (2020)"],
        demo.xaydung: ['data-role="unit"'],
    }
    for user, needles in expectations.items():
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        for needle in needles:
            assert needle in html, (user.username, needle)
    client.force_login(demo.xaydung)
    html = client.get(reverse("home")).content.decode()
    assert 'data-role="secretariat"' not in html and 'data-role="admin"' not in html

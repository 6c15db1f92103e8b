"""Authority on the data (issue 13, finding 3): an emulation office acts on its own authority's
organisations and blocs only, whatever a crafted POST or a direct service call carries."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blocs import permissions, services
from blocs.models import Bloc, BlocMembership, Organization, StaffAssignment
from blocs.roles import roles_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Role = BlocMembership.Role


def fresh(user):
    """Roles are cached on the user object for a request; read them again."""
    return type(user).objects.get(pk=user.pk)


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def test_reviewer_form_hides_jurisdiction_and_offers_only_its_own_units_as_parents(client, demo):
    client.force_login(demo.reviewer)
    form = client.get(reverse("organization_edit", args=[demo.org["DT-SXD"].pk])).context["form"]
    assert "emulation_office_for" not in form.fields
    parents = set(form.fields["parent"].queryset.values_list("code", flat=True))
    assert {"DT", "DT-HN", "DT-SNV"} <= parents
    assert not parents & {"AG", "AG-SNV", "NT", "TW-HDTDKT", "DT-SXD"}
    assert {"province", "central"}.isdisjoint(v for v, _ in form.fields["kind"].choices)

    client.force_login(demo.admin)
    form = client.get(reverse("organization_edit", args=[demo.org["DT-SXD"].pk])).context["form"]
    assert "emulation_office_for" in form.fields
    assert form.fields["parent"].queryset.filter(code="AG").exists()


def test_reviewer_cannot_make_its_office_serve_another_province(demo):
    office = demo.org["DT-SNV"]
    with pytest.raises(ValidationError) as exc:
        services.organization_update(
            organization=office, actor=demo.reviewer, data={"emulation_office_for": demo.org["AG"]}
        )
    assert "Chỉ quản trị hệ thống" in messages(exc)
    office.refresh_from_db()
    assert office.emulation_office_for == demo.org["DT"]
    assert roles_for(fresh(demo.reviewer)).authority_ids == {demo.org["DT"].pk}


def test_a_crafted_post_naming_another_office_is_refused_by_name(client, demo):
    client.force_login(demo.reviewer)
    unit = demo.org["DT-SXD"]
    response = client.post(
        reverse("organization_edit", args=[unit.pk]),
        {"code": unit.code, "name": unit.name, "kind": unit.kind, "parent": demo.org["DT"].pk,
         "emulation_office_for": demo.org["AG"].pk, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "không được thay đổi mục" in response.content.decode()
    unit.refresh_from_db()
    assert unit.emulation_office_for is None


def test_reviewer_cannot_move_a_unit_into_another_province_but_the_admin_can(demo):
    unit = demo.org["DT-SXD"]
    with pytest.raises(ValidationError) as exc:
        services.organization_update(
            organization=unit, actor=demo.reviewer, data={"parent": demo.org["AG"]}
        )
    assert "Ủy ban nhân dân tỉnh An Giang không thuộc phạm vi anh/chị quản lý." in messages(exc)
    assert Organization.objects.get(pk=unit.pk).parent == demo.org["DT"]
    services.organization_update(
        organization=unit, actor=demo.admin, data={"parent": demo.org["AG"]}
    )
    assert Organization.objects.get(pk=unit.pk).parent == demo.org["AG"]


def test_reviewer_moves_units_within_its_own_jurisdiction(demo):
    unit = demo.org["DT-HN-PGDDT"]
    services.organization_update(
        organization=unit, actor=demo.reviewer, data={"parent": demo.org["DT"]}
    )
    assert Organization.objects.get(pk=unit.pk).parent == demo.org["DT"]


def test_only_administrators_create_top_level_bodies_or_central_kinds(demo):
    fields = {"code": "XX", "name": "Ủy ban nhân dân tỉnh Mới", "kind": "province"}
    with pytest.raises(ValidationError) as exc:
        services.organization_create(actor=demo.reviewer, **fields)
    assert not Organization.objects.filter(code="XX").exists()
    with pytest.raises(ValidationError) as exc:
        services.organization_create(actor=demo.reviewer, parent=demo.org["DT"], **fields)
    assert "Chỉ quản trị hệ thống được đặt loại" in messages(exc)
    fields["kind"] = "department"
    with pytest.raises(ValidationError) as exc:
        services.organization_create(actor=demo.reviewer, **fields)
    assert "cơ quan cấp cao nhất" in messages(exc)
    services.organization_create(actor=demo.reviewer, parent=demo.org["DT"], **fields)
    services.organization_create(actor=demo.admin, code="YY", name="Tỉnh khác", kind="province")
    assert Organization.objects.get(code="YY").parent is None


def test_reviewer_edits_its_province_which_stays_where_and_what_it_is(client, demo):
    province = demo.org["DT"]
    client.force_login(demo.reviewer)
    url = reverse("organization_edit", args=[province.pk])
    form = client.get(url).context["form"]
    assert "parent" not in form.fields and "kind" not in form.fields
    body = {"code": province.code, "name": province.name, "short_name": "UBND Đồng Tháp",
            "is_active": "on"}  # fmt: skip
    assert client.post(url, body).status_code == 302
    assert client.post(url, body | {"parent": demo.org["AG"].pk}).status_code == 200
    province.refresh_from_db()
    assert (province.short_name, province.parent, province.kind) == (
        "UBND Đồng Tháp",
        None,
        "province",
    )


def test_a_bloc_admits_only_units_of_its_authority_whoever_asks(demo):
    foreign = demo.org["AG-SNV"]
    for actor in (demo.reviewer, demo.admin):
        with pytest.raises(ValidationError) as exc:
            services.membership_add(
                bloc=demo.bloc, organization=foreign, year=2020, role=Role.LEADER, actor=actor
            )
        assert (
            "Sở Nội vụ tỉnh An Giang không thuộc Ủy ban nhân dân tỉnh Đồng Tháp nên không thể "
            "là thành viên của Khối thi đua 4A."
        ) in messages(exc)
    assert not BlocMembership.objects.filter(organization=foreign).exists()
    services.membership_add(
        bloc=demo.bloc, organization=demo.org["DT-HLHPN"], year=2020, actor=demo.reviewer
    )


def test_a_central_councils_cluster_admits_provinces(demo):
    cluster = Bloc.objects.get(code="CTĐ-ĐNB")
    services.membership_add(bloc=cluster, organization=demo.org["AG"], year=2020, actor=demo.admin)
    assert permissions.membership_candidates(cluster).filter(code="DN").exists()
    assert not permissions.membership_candidates(cluster).filter(code="DT-SXD").exists()


def test_the_add_member_form_offers_only_the_authoritys_units(client, demo):
    client.force_login(demo.reviewer)
    form = client.get(reverse("bloc_year", args=[demo.bloc.pk, 2020])).context["add_form"]
    codes = set(form.fields["organization"].queryset.values_list("code", flat=True))
    assert {"DT-HLHPN", "DT-HN-TP1"} <= codes
    assert not codes & {"AG", "AG-SNV", "NT", "DT"}


def test_another_provinces_reviewer_cannot_manage_this_blocs_members_through_services(demo):
    ag_reviewer = UserFactory()
    StaffAssignment.objects.create(user=ag_reviewer, organization=demo.org["AG-SNV"])
    with pytest.raises(ValidationError):
        services.membership_add(
            bloc=demo.bloc, organization=demo.org["DT-HLHPN"], year=2020, actor=ag_reviewer
        )
    with pytest.raises(ValidationError):
        services.bloc_year_set_leadership(
            bloc=demo.bloc, year=2020, leader=demo.org["DT-SXD"], deputy=None, actor=ag_reviewer
        )
    leader = BlocMembership.objects.get(bloc=demo.bloc, year=2020, role=Role.LEADER)
    assert leader.organization == demo.org["DT-SKHCN"]


def test_a_bloc_is_run_only_by_an_authority_the_user_serves(demo):
    with pytest.raises(ValidationError) as exc:
        services.bloc_create(
            actor=demo.reviewer, code="AG-K9", name="Khối của tỉnh khác", authority=demo.org["AG"]
        )
    assert "authority" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.bloc_update(
            bloc=demo.bloc, actor=demo.reviewer, data={"authority": demo.org["AG"]}
        )
    assert Bloc.objects.get(pk=demo.bloc.pk).authority == demo.org["DT"]


def test_copying_a_year_does_not_carry_a_unit_that_left_the_authority(demo):
    services.organization_update(
        organization=demo.org["DT-SXD"], actor=demo.admin, data={"parent": demo.org["AG"]}
    )
    with pytest.raises(ValidationError) as exc:
        services.bloc_year_copy_members(
            bloc=demo.bloc, from_year=2020, to_year=2021, actor=demo.reviewer
        )
    assert "Sở Xây dựng" in messages(exc) and "from_year" in exc.value.message_dict
    assert not BlocMembership.objects.filter(bloc=demo.bloc, year=2021).exists()


def test_a_ministrys_cluster_admits_provincial_departments(demo):
    """Issue 16: a ministry (a central body under the Government) runs clusters of the
    provinces' departments of its sector, whatever years it counts; the central council's
    clusters still gather provinces and central bodies only."""
    ministry = Organization.objects.create(
        code="TW-BXD-T", name="Bộ Xây dựng (thử)", kind="central", parent=demo.org["TW-CP"]
    )
    cluster = Bloc.objects.create(code="CTĐ-GD-T", name="Cụm (thử)", kind="cluster",
                                  authority=ministry)  # fmt: skip
    district_office = demo.org["DT-HN-PGDDT"]  # a department, but under a district
    candidates = set(permissions.membership_candidates(cluster).values_list("code", flat=True))
    assert {"DT-SXD", "AG-SNV", "DT", "TW-HDTDKT"} <= candidates
    assert district_office.code not in candidates and "DT-HN" not in candidates
    services.membership_add(
        bloc=cluster, organization=demo.org["DT-SXD"], year=2020, actor=demo.admin
    )
    council = Bloc.objects.get(code="CTĐ-ĐNB")
    assert not permissions.membership_candidates(council).filter(code="DT-SXD").exists()

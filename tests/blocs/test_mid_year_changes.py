"""A leader, deputy or member changing during a year, from a date (issue 16 item 5), for a
calendar-year bloc and a school-year cluster."""

from datetime import date as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blocs import leadership, selectors, services
from blocs.models import Bloc, BlocMembership, Organization, StaffAssignment, User, YearKind
from blocs.roles import roles_for, secretariat_units
from campaigns import dashboard
from campaigns.models import ReportingPeriod
from reports import decree30

pytestmark = pytest.mark.django_db
Role = BlocMembership.Role


def fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def school(db):
    """A school-year cluster of two provinces' Sở GD&ĐT (năm học 2020–2021 stored as 2020)."""
    ministry = Organization.objects.create(
        code="BGDDT", name="Bộ Giáo dục và Đào tạo", kind="central", year_kind=YearKind.SCHOOL
    )
    units = {
        code: Organization.objects.create(
            code=code, name=f"Sở GD&ĐT tỉnh {code[-1]}", kind="department", parent=ministry
        )
        for code in ("GD-A", "GD-B", "GD-C")
    }
    cluster = Bloc.objects.create(
        code="CUM-GD", name="Cụm thi đua ngành giáo dục", kind="cluster", authority=ministry
    )
    for code, role in (("GD-A", Role.LEADER), ("GD-B", Role.MEMBER), ("GD-C", Role.MEMBER)):
        BlocMembership.objects.create(bloc=cluster, organization=units[code], year=2020, role=role)
    staff = {}
    for code in ("GD-A", "GD-B"):
        user = User.objects.create(username=code.lower(), full_name=f"Giám đốc {code}")
        StaffAssignment.objects.create(
            user=user, organization=units[code], position="Giám đốc", can_sign=True,
            signs_as=StaffAssignment.SignsAs.HEAD,
        )  # fmt: skip
        staff[code] = user
    return cluster, units, staff


def test_a_school_year_leader_changes_from_a_date(school):
    cluster, units, staff = school
    services.role_change_add(
        bloc=cluster, year=2020, role=Role.LEADER, organization=units["GD-B"],
        effective_from=D(2021, 2, 1), actor=None,
    )  # fmt: skip
    assert leadership.leader_on(cluster, 2020, D(2021, 1, 31)) == units["GD-A"]
    assert leadership.leader_on(cluster, 2020, D(2021, 2, 1)) == units["GD-B"]
    # The membership's role at the start stays.
    assert BlocMembership.objects.get(organization=units["GD-A"]).role == Role.LEADER
    # A past year: the leader at its end (31/05/2021) is the secretariat.
    assert roles_for(fresh(staff["GD-B"])).leads(cluster.pk, 2020)
    assert not roles_for(fresh(staff["GD-A"])).leads(cluster.pk, 2020)
    assert secretariat_units(cluster.pk, 2020) == [units["GD-B"].pk]
    # Within the year, today counts.
    assert leadership.reference_day(cluster, 2020, D(2021, 1, 10)) == D(2021, 1, 10)
    assert leadership.reference_day(cluster, 2020, D(2022, 1, 10)) == D(2021, 5, 31)


def test_the_signature_follows_the_documents_date(school):
    cluster, units, _staff = school
    services.role_change_add(
        bloc=cluster, year=2020, role=Role.LEADER, organization=units["GD-B"],
        effective_from=D(2021, 2, 1), actor=None,
    )  # fmt: skip
    assert decree30.bloc_signature(cluster, 2020, on=D(2021, 1, 20)).signed[-1] == "Giám đốc GD-A"
    assert decree30.bloc_signature(cluster, 2020, on=D(2021, 2, 2)).signed[-1] == "Giám đốc GD-B"
    assert decree30.bloc_signature(cluster, 2020).signed[-1] == "Giám đốc GD-B"  # the year's end


def test_a_calendar_leader_change_moves_the_secretariat(demo):
    services.role_change_add(
        bloc=demo.bloc, year=2020, role=Role.LEADER, organization=demo.org["DT-SXD"],
        effective_from=D(2020, 7, 1), actor=None,
    )  # fmt: skip
    assert leadership.leader_on(demo.bloc, 2020, D(2020, 6, 30)) == demo.org["DT-SKHCN"]
    assert roles_for(fresh(demo.xaydung)).leads(demo.bloc.pk, 2020)
    assert not roles_for(fresh(demo.secretariat)).leads(demo.bloc.pk, 2020)
    signer = decree30.bloc_signature(demo.bloc, 2020, on=D(2020, 6, 30)).signed[-1]
    assert signer == "Huỳnh Văn Quân"
    assert decree30.bloc_signature(demo.bloc, 2020).signed[-1] == "Nguyễn Văn Dựng"
    # The deputy too, and the history for the page.
    services.role_change_add(
        bloc=demo.bloc, year=2020, role=Role.DEPUTY, organization=demo.org["DT-SCT"],
        effective_from=D(2020, 9, 1), actor=None,
    )  # fmt: skip
    assert leadership.deputy_on(demo.bloc, 2020, D(2020, 9, 1)) == demo.org["DT-SCT"]
    detail = selectors.bloc_year(demo.bloc, 2020)
    assert detail.leader.organization == demo.org["DT-SXD"]
    assert [(u.code, since, until) for u, since, until in detail.leader_history] == [
        ("DT-SKHCN", D(2020, 1, 1), D(2020, 6, 30)),
        ("DT-SXD", D(2020, 7, 1), None),
    ]
    # The next year's rotation starts after the leader at the year's end.
    members = [m.organization_id for m in selectors.rotation_order(demo.bloc, 2020)]
    after = members[(members.index(demo.org["DT-SXD"].pk) + 1) % len(members)]
    assert selectors.next_leadership(demo.bloc, 2020)[0] == after


def test_roles_for_costs_one_query_more_at_most(demo, django_assert_num_queries):
    services.role_change_add(
        bloc=demo.bloc, year=2020, role=Role.LEADER, organization=demo.org["DT-SXD"],
        effective_from=D(2020, 7, 1), actor=None,
    )  # fmt: skip
    user = fresh(demo.xaydung)
    with django_assert_num_queries(4):  # staff, offices, led at the start, leader changes
        assert roles_for(user).leads(demo.bloc.pk, 2020)


@pytest.mark.parametrize(
    ("day", "field"),
    [(D(2020, 8, 31), "effective_from"), (D(2021, 6, 1), "effective_from")],
)
def test_the_date_lies_in_the_school_year(school, day, field):
    cluster, units, _staff = school
    with pytest.raises(ValidationError) as error:
        services.role_change_add(
            bloc=cluster, year=2020, role=Role.LEADER, organization=units["GD-B"],
            effective_from=day, actor=None,
        )  # fmt: skip
    assert "năm học 2020–2021" in error.value.message_dict[field][0]


def test_the_new_holder_must_be_a_member_on_that_day(demo, school):
    cluster, units, _staff = school
    with pytest.raises(ValidationError) as error:
        services.role_change_add(
            bloc=demo.bloc, year=2020, role=Role.LEADER, organization=units["GD-B"],
            effective_from=D(2020, 7, 1), actor=None,
        )  # fmt: skip
    assert "organization" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.role_change_add(
            bloc=demo.bloc, year=2020, role=Role.LEADER, organization=demo.org["DT-SXD"],
            effective_from=D(2021, 1, 1), actor=None,
        )  # fmt: skip
    assert "năm 2020" in error.value.message_dict["effective_from"][0]


def test_left_on_is_validated_in_the_school_year(school):
    cluster, units, _staff = school
    membership = BlocMembership.objects.get(bloc=cluster, organization=units["GD-C"])
    for joined, left, field in (
        (None, D(2021, 6, 15), "left_on"),
        (D(2020, 8, 1), None, "joined_on"),
        (D(2020, 10, 1), D(2020, 9, 15), "left_on"),
    ):
        with pytest.raises(ValidationError) as error:
            services.membership_set_dates(
                membership=membership, joined_on=joined, left_on=left, actor=None
            )
        assert field in error.value.message_dict
    services.membership_set_dates(
        membership=membership, joined_on=None, left_on=D(2021, 1, 31), actor=None
    )
    assert BlocMembership.objects.get(pk=membership.pk).left_on == D(2021, 1, 31)


def _period(authority, year, kind, start, end):
    return ReportingPeriod.objects.create(
        authority=authority, year=year, kind=kind, name="Kỳ", start=start,
        end=end, due=end,
    )  # fmt: skip


def test_a_member_that_left_is_not_expected_in_later_periods(school):
    cluster, units, _staff = school
    BlocMembership.objects.filter(organization=units["GD-C"]).update(left_on=D(2021, 1, 15))
    BlocMembership.objects.filter(organization=units["GD-B"]).update(joined_on=D(2020, 12, 1))
    first = _period(
        cluster.authority, 2020, ReportingPeriod.Kind.H1, D(2020, 9, 1), D(2020, 11, 30)
    )
    second = _period(
        cluster.authority, 2020, ReportingPeriod.Kind.ANNUAL, D(2021, 1, 16), D(2021, 5, 31)
    )

    def expected(period):
        return {
            row.organization.code for row in dashboard.bloc_dashboard(cluster, 2020, period).rows
        }

    assert expected(first) == {"GD-A", "GD-C"}
    assert expected(second) == {"GD-A", "GD-B"}
    assert len(dashboard.bloc_dashboard(cluster, 2020, None).rows) == 3


def test_copy_year_leaves_out_members_that_left(demo):
    BlocMembership.objects.filter(bloc=demo.bloc, organization=demo.org["DT-SCT"]).update(
        left_on=D(2020, 9, 30)
    )
    copied = services.bloc_year_copy_members(
        bloc=demo.bloc, from_year=2020, to_year=2021, actor=None
    )
    assert copied == BlocMembership.objects.filter(bloc=demo.bloc, year=2020).count() - 1
    assert not BlocMembership.objects.filter(
        bloc=demo.bloc, year=2021, organization=demo.org["DT-SCT"]
    ).exists()


def test_the_office_records_a_change_on_the_page(client, demo):
    client.force_login(demo.reviewer)
    url = reverse("bloc_role_change", args=[demo.bloc.pk, 2020])
    response = client.post(
        url,
        {"role": "leader", "organization": demo.org["DT-SXD"].pk, "effective_from": "01/07/2020"},
    )
    assert response.status_code == 302
    page = client.get(reverse("bloc_year", args=[demo.bloc.pk, 2020])).content.decode()
    assert "Khối trưởng: Sở Khoa học và Công nghệ" in page and "đến 30/06/2020" in page
    assert "từ 01/07/2020" in page
    # The badge marks today's holder (the year's end: 2020 is past), listed first.
    detail = client.get(reverse("bloc_year", args=[demo.bloc.pk, 2020])).context["detail"]
    assert [(m.organization.code, m.holds) for m in detail.members][0] == ("DT-SXD", "leader")
    bad = client.post(
        url,
        {"role": "leader", "organization": demo.org["DT-SXD"].pk, "effective_from": "01/07/2021"},
    )
    assert bad.status_code == 400 and "năm 2020" in bad.content.decode()


def test_members_cannot_record_changes(client, demo):
    client.force_login(demo.xaydung)
    url = reverse("bloc_role_change", args=[demo.bloc.pk, 2020])
    response = client.post(
        url,
        {"role": "leader", "organization": demo.org["DT-SXD"].pk, "effective_from": "01/07/2020"},
    )
    assert response.status_code == 403
    membership = BlocMembership.objects.get(
        bloc=demo.bloc, year=2020, organization=demo.org["DT-SCT"]
    )
    dates = reverse("membership_dates", args=[demo.bloc.pk, 2020, membership.pk])
    assert client.post(dates, {"left_on": "30/09/2020"}).status_code == 403


def test_the_office_records_a_member_leaving(client, demo):
    client.force_login(demo.reviewer)
    membership = BlocMembership.objects.get(
        bloc=demo.bloc, year=2020, organization=demo.org["DT-SCT"]
    )
    dates = reverse("membership_dates", args=[demo.bloc.pk, 2020, membership.pk])
    assert client.get(dates).status_code == 200
    assert client.post(dates, {"joined_on": "", "left_on": "30/09/2020"}).status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == D(2020, 9, 30)
    assert (
        "rời khối từ 30/09/2020"
        in client.get(reverse("bloc_year", args=[demo.bloc.pk, 2020])).content.decode()
    )


def test_the_bloc_list_shows_the_leader_after_the_change(demo):
    services.role_change_add(
        bloc=demo.bloc, year=2020, role=Role.LEADER, organization=demo.org["DT-SXD"],
        effective_from=D(2020, 7, 1), actor=None,
    )  # fmt: skip
    shown = {b.code: b.leader for b in selectors.bloc_list(year=2020)}
    assert shown["KTĐ4A"] == demo.org["DT-SXD"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_membership_as_it_was():
    """Existing rows stay valid: roles held at the start, no one has left."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target):
        executor = MigrationExecutor(connection)
        others = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "blocs"]
        executor.migrate([target, *others] if target else executor.loader.graph.leaf_nodes())
        return executor.loader.project_state([target] if target else None).apps

    old = migrate(("blocs", "0006_organization_year_kind"))
    try:
        Org, Bloc_, Member = (
            old.get_model("blocs", n) for n in ("Organization", "Bloc", "BlocMembership")
        )
        authority = Org.objects.create(code="P", name="UBND tỉnh P", kind="province")
        unit = Org.objects.create(code="U", name="Sở U", kind="department", parent=authority)
        bloc = Bloc_.objects.create(code="K1", name="Khối 1", authority=authority)
        Member.objects.create(bloc=bloc, organization=unit, year=2020, role="leader",
                              joined_on=D(2020, 3, 1))  # fmt: skip
        migrate(None)
        kept = BlocMembership.objects.get(bloc__code="K1")
        assert (kept.role, kept.joined_on, kept.left_on) == (Role.LEADER, D(2020, 3, 1), None)
        assert leadership.leader_on(kept.bloc, 2020, D(2020, 12, 31)) == kept.organization
    finally:
        migrate(None)


def test_the_new_leader_proposes_for_the_bloc(demo):
    """After a hand-over the bloc's award proposal comes from whoever leads now; the former
    leader may no longer propose for the bloc."""
    from awards.permissions import proposal_refusal

    services.role_change_add(
        bloc=demo.bloc, year=2020, role=Role.LEADER, organization=demo.org["DT-SXD"],
        effective_from=D(2020, 7, 1), actor=None,
    )  # fmt: skip
    ask = {"authority": demo.bloc.authority, "bloc": demo.bloc, "year": 2020}
    assert proposal_refusal(fresh(demo.xaydung), proposer=demo.org["DT-SXD"], **ask) is None
    refused = proposal_refusal(fresh(demo.secretariat), proposer=demo.org["DT-SKHCN"], **ask)
    assert refused and "year" in refused

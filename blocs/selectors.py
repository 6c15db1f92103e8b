"""Reads shared by the organisation and bloc pages."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from emulation_portal.text import nfc, vi_order

from . import leadership
from .emulation_year import EmulationYear
from .leadership import deputy_on, leader_on  # noqa: F401 (the selectors of who leads when)
from .models import Bloc, BlocMembership, BlocRoleChange, Organization, StaffAssignment

# The scoping selectors live next to the rules they serve; imported here for the pages' reads.
from .permissions import managed_authorities, organizations_managed_by  # noqa: F401


def organization_search(*, q: str = "", kind: str = ""):
    queryset = Organization.objects.select_related("parent")
    if q := nfc(q):
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q)
        )
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by(vi_order("name"), "pk")


def bloc_list(*, year: int | None = None):
    """Blocs with their member count and leader for `year` (or their latest year)."""
    blocs = list(Bloc.objects.select_related("authority").order_by("code"))
    memberships = BlocMembership.objects.filter(bloc__in=blocs).select_related("organization")
    if year:
        memberships = memberships.filter(year=year)
    latest: dict[int, int] = {}
    by_bloc_year: dict[tuple[int, int], list[BlocMembership]] = {}
    for m in memberships:
        latest[m.bloc_id] = max(latest.get(m.bloc_id, 0), m.year)
        by_bloc_year.setdefault((m.bloc_id, m.year), []).append(m)
    handed: dict[tuple[int, int], list[BlocRoleChange]] = {}
    for change in BlocRoleChange.objects.filter(
        bloc__in=blocs, role=BlocMembership.Role.LEADER
    ).select_related("organization"):
        handed.setdefault((change.bloc_id, change.year), []).append(change)
    for bloc in blocs:
        bloc.shown_year = year or latest.get(bloc.pk)
        members = by_bloc_year.get((bloc.pk, bloc.shown_year), [])
        bloc.member_count = len(members)
        # The leader today (at the year's end for a past year), as the bloc's page shows it.
        units = {m.organization_id: m.organization for m in members}
        start = next((m.organization_id for m in members if m.role == "leader"), None)
        changes = handed.get((bloc.pk, bloc.shown_year), [])
        day = leadership.reference_day(bloc, bloc.shown_year) if bloc.shown_year else None
        bloc.leader = units.get(leadership.holder_id(start, changes, day)) if day else None
    return blocs


def bloc_years(bloc: Bloc) -> list[int]:
    return list(
        BlocMembership.objects.filter(bloc=bloc)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


@dataclass
class BlocYear:
    bloc: Bloc
    year: int
    members: list[BlocMembership]
    leader: BlocMembership | None  # the holders today (at the year's end for a past year)
    deputy: BlocMembership | None
    secretariat: list[StaffAssignment]
    years: list[int]
    leader_history: list = ()  # (unit, from, until) when the role changed during the year
    deputy_history: list = ()


def bloc_year(bloc: Bloc, year: int) -> BlocYear:
    members = list(
        BlocMembership.objects.filter(bloc=bloc, year=year)
        .select_related("organization", "bloc")
        .order_by(vi_order("organization__name"))
    )
    day = leadership.reference_day(bloc, year)
    by_unit = {m.organization_id: m for m in members}
    histories, holders = {}, {}
    changes = list(
        BlocRoleChange.objects.filter(bloc=bloc, year=year).select_related("organization")
    )
    for role in (BlocMembership.Role.LEADER, BlocMembership.Role.DEPUTY):
        steps = leadership.history(bloc, year, role, members, changes)
        holder = next((unit for unit, since, _until in reversed(steps) if since <= day), None)
        holders[role] = by_unit.get(holder.pk) if holder else None
        histories[role] = steps if len(steps) > 1 else []
    leader, deputy = holders[BlocMembership.Role.LEADER], holders[BlocMembership.Role.DEPUTY]
    # The page marks who holds a role on the day (`holds`), not who held it at the start: the
    # leader first, then the deputy, then the rest in Vietnamese alphabetical order.
    for m in members:
        m.holds = next(
            (role for role, held in holders.items() if held is m), BlocMembership.Role.MEMBER
        )
    rank = {BlocMembership.Role.LEADER: 0, BlocMembership.Role.DEPUTY: 1}
    members.sort(key=lambda m: rank.get(m.holds, 2))
    secretariat = []
    if leader:
        secretariat = list(
            StaffAssignment.objects.filter(organization=leader.organization, is_active=True)
            .select_related("user")
            .order_by("-can_sign", "user__last_name", "user__first_name")
        )
    return BlocYear(
        bloc, year, members, leader, deputy, secretariat, bloc_years(bloc),
        histories[BlocMembership.Role.LEADER], histories[BlocMembership.Role.DEPUTY],
    )  # fmt: skip


def rotation_order(bloc: Bloc, year: int) -> list[BlocMembership]:
    """A year's members in the order the leadership rotates: Vietnamese alphabetical order."""
    return list(
        BlocMembership.objects.filter(bloc=bloc, year=year)
        .select_related("organization")
        .order_by(vi_order("organization__name"), "pk")
    )


def next_leadership(bloc: Bloc, year: int) -> tuple[int | None, int | None]:
    """Who would lead a year copied from `year` by rotation: the member after the leader at that
    year's end, and the one after it as deputy; nobody when that year had no leader."""
    members = rotation_order(bloc, year)
    last = leader_on(bloc, year, EmulationYear.of(bloc.authority, year).end)
    at = next((i for i, m in enumerate(members) if last and m.organization_id == last.pk), None)
    if at is None:
        return None, None
    pick = [members[(at + step) % len(members)].organization_id for step in (1, 2)]
    return pick[0], pick[1] if len(members) > 2 else None


def organization_detail(organization: Organization) -> Organization:
    return (
        Organization.objects.select_related("parent", "emulation_office_for")
        .prefetch_related(
            Prefetch("children", queryset=Organization.objects.order_by(vi_order("name"), "pk")),
            Prefetch("people"),
            Prefetch("staff", queryset=StaffAssignment.objects.select_related("user")),
            Prefetch(
                "memberships",
                queryset=BlocMembership.objects.select_related("bloc__authority").order_by("-year"),
            ),
        )
        .annotate(children_count=Count("children"))
        .get(pk=organization.pk)
    )

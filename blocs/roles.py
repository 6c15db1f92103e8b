"""Roles are derived from data, never hand-assigned flags (DESIGN §3).

- unit officer: has an active StaffAssignment in an organisation;
- bloc secretariat for (bloc, year): works in the unit that leads the bloc that year (today, or
  at the year's end for a past year: a leader may change from a date, blocs/leadership.py);
- reviewer: works in an emulation office (Sở Nội vụ, Ban TĐKT) serving an authority;
- administrator: a superuser.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from .leadership import holder_id, leader_on, reference_day
from .models import Bloc, BlocMembership, BlocRoleChange, Organization, StaffAssignment


@dataclass(frozen=True)
class Roles:
    is_admin: bool = False
    organization_ids: frozenset[int] = frozenset()
    authority_ids: frozenset[int] = frozenset()  # authorities whose emulation office the user is in
    led_bloc_years: frozenset[tuple[int, int]] = (
        frozenset()
    )  # (bloc_id, year) the user's units lead
    led_blocs: tuple = field(default=())  # (bloc, year) pairs for navigation, newest first

    @property
    def is_reviewer(self) -> bool:
        return bool(self.authority_ids)

    @property
    def is_unit_officer(self) -> bool:
        return bool(self.organization_ids)

    @property
    def is_secretariat(self) -> bool:
        return bool(self.led_bloc_years)

    def leads(self, bloc_id: int, year: int) -> bool:
        return (bloc_id, year) in self.led_bloc_years


ANONYMOUS = Roles()


def roles_for(user) -> Roles:
    """Compute once per request: the result is cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    org_ids = frozenset(
        StaffAssignment.objects.filter(
            user=user, is_active=True, organization__is_active=True
        ).values_list("organization_id", flat=True)
    )
    authority_ids = frozenset(
        Organization.objects.filter(pk__in=org_ids, emulation_office_for__isnull=False).values_list(
            "emulation_office_for_id", flat=True
        )
    )
    led = _led(org_ids)
    roles = Roles(
        is_admin=user.is_superuser,
        organization_ids=org_ids,
        authority_ids=authority_ids,
        led_bloc_years=frozenset((bloc.pk, year) for bloc, year in led),
        led_blocs=tuple(led),
    )
    user._portal_roles = roles
    return roles


def _led(org_ids) -> list[tuple[Bloc, int]]:
    """(bloc, year) pairs the units lead on the year's reference day (today, or the year's end
    for a past year): the year's leader at the start unless a change handed it on, and changes
    handing it to them. Two queries whatever the number of blocs."""
    started = BlocMembership.objects.filter(
        organization_id__in=org_ids, role=BlocMembership.Role.LEADER
    ).select_related("bloc__authority")
    # The leader changes of every bloc-year the units belong to: a unit only takes over a bloc
    # it is a member of, and a later change may hand the role on again.
    in_their_blocs = Exists(
        BlocMembership.objects.filter(
            bloc=OuterRef("bloc"), year=OuterRef("year"), organization_id__in=org_ids
        )
    )
    changes = BlocRoleChange.objects.filter(in_their_blocs, role=BlocMembership.Role.LEADER)
    candidates: dict[tuple[int, int], tuple[Bloc, int | None, list]] = {
        (m.bloc_id, m.year): (m.bloc, m.organization_id, []) for m in started
    }
    for change in changes.select_related("bloc__authority"):
        key = (change.bloc_id, change.year)
        candidates.setdefault(key, (change.bloc, None, []))[2].append(change)
    led = [
        (bloc, year)
        for (_bloc_id, year), (bloc, initial_id, handed) in candidates.items()
        if holder_id(initial_id, handed, reference_day(bloc, year)) in org_ids
    ]
    return sorted(led, key=lambda pair: (-pair[1], pair[0].code))


# The other way round: which units hold a role on an object (whom a notification reaches).


def secretariat_units(bloc_id: int, year: int) -> list[int]:
    """The unit leading the bloc that year, today (at the year's end for a past year): its
    staff are the bloc's secretariat."""
    bloc = Bloc.objects.select_related("authority").get(pk=bloc_id)
    leader = leader_on(bloc, year)
    return [leader.pk] if leader else []


def office_units(authority_id: int) -> list[int]:
    """The emulation offices serving an authority: its staff are the reviewers."""
    return list(
        Organization.objects.filter(emulation_office_for_id=authority_id).values_list(
            "pk", flat=True
        )
    )

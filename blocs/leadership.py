"""Who leads a bloc on a given day of a year.

A year's memberships carry the roles held at the start (`BlocMembership.role`); a
`BlocRoleChange` hands a role to another member from a date. The holder on a day is the latest
change on or before it, else the holder at the start. Kept apart from selectors.py because
roles.py reads it too, and selectors imports permissions, which imports roles.
"""

from datetime import date, timedelta

from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .emulation_year import EmulationYear
from .models import Bloc, BlocMembership, BlocRoleChange, Organization

Role = BlocMembership.Role


def reference_day(bloc: Bloc, year: int, today: date | None = None) -> date:
    """The day whose holder counts when no date is given: today within the year, the year's
    last day for a past year (who led at its end), its first day for a year not yet begun."""
    span = EmulationYear.of(bloc.authority, year)
    today = today or timezone.localdate()
    return min(max(today, span.start), span.end)


def holder_id(initial_id: int | None, changes, day: date) -> int | None:
    """The organisation holding a role on `day`: `changes` are that role's changes of the
    bloc-year (any order), `initial_id` the holder at the start."""
    taken = [c for c in changes if c.effective_from <= day]
    return max(taken, key=lambda c: c.effective_from).organization_id if taken else initial_id


def role_on(bloc: Bloc, year: int, role: str, day: date | None = None):
    """The Organization holding `role` of `bloc` on `day` (default: `reference_day`), in one
    query: the latest change on or before the day, else the holder at the start."""
    day = day or reference_day(bloc, year)
    handed = BlocRoleChange.objects.filter(
        bloc=bloc, year=year, role=role, effective_from__lte=day
    ).order_by("-effective_from")
    started = BlocMembership.objects.filter(bloc=bloc, year=year, role=role)
    holder = Coalesce(
        Subquery(handed.values("organization_id")[:1]),
        Subquery(started.values("organization_id")[:1]),
    )
    return Organization.objects.select_related("parent").filter(pk=holder).first()


def leader_on(bloc: Bloc, year: int, day: date | None = None):
    return role_on(bloc, year, Role.LEADER, day)


def deputy_on(bloc: Bloc, year: int, day: date | None = None):
    return role_on(bloc, year, Role.DEPUTY, day)


def history(
    bloc: Bloc, year: int, role: str, members, changes
) -> list[tuple[object, date, date | None]]:
    """The role's holders through the year, oldest first: (organisation, from, until), `from`
    the year's start for the holder at the start, `until` None for the last. `members` are the
    year's memberships, `changes` its role changes (organisations loaded)."""
    span = EmulationYear.of(bloc.authority, year)
    start = next((m.organization for m in members if m.role == role), None)
    steps = [(start, span.start)] if start else []
    handed = sorted((c for c in changes if c.role == role), key=lambda c: c.effective_from)
    steps += [(c.organization, c.effective_from) for c in handed]
    if len(steps) > 1 and steps[1][1] == span.start:
        steps = steps[1:]  # replaced from the first day: the start holder never held it
    return [
        (unit, since, steps[i + 1][1] - timedelta(days=1) if i + 1 < len(steps) else None)
        for i, (unit, since) in enumerate(steps)
    ]

"""Roles are derived from data, never hand-assigned flags (DESIGN §3).

- unit officer: has an active StaffAssignment in an organisation;
- bloc secretariat for (bloc, year): works in the unit that leads the bloc that year;
- reviewer: works in an emulation office (Sở Nội vụ, Ban TĐKT) serving an authority;
- administrator: a superuser.
"""

from dataclasses import dataclass, field

from .models import BlocMembership, Organization, StaffAssignment


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
    led = list(
        BlocMembership.objects.filter(organization_id__in=org_ids, role=BlocMembership.Role.LEADER)
        .select_related("bloc__authority")  # pages and menus label each year by its authority
        .order_by("-year", "bloc__code")
    )
    roles = Roles(
        is_admin=user.is_superuser,
        organization_ids=org_ids,
        authority_ids=authority_ids,
        led_bloc_years=frozenset((m.bloc_id, m.year) for m in led),
        led_blocs=tuple((m.bloc, m.year) for m in led),
    )
    user._portal_roles = roles
    return roles


# The other way round: which units hold a role on an object (whom a notification reaches).


def secretariat_units(bloc_id: int, year: int) -> list[int]:
    """The unit leading the bloc that year: its staff are the bloc's secretariat."""
    return list(
        BlocMembership.objects.filter(
            bloc_id=bloc_id, year=year, role=BlocMembership.Role.LEADER
        ).values_list("organization_id", flat=True)
    )


def office_units(authority_id: int) -> list[int]:
    """The emulation offices serving an authority: its staff are the reviewers."""
    return list(
        Organization.objects.filter(emulation_office_for_id=authority_id).values_list(
            "pk", flat=True
        )
    )

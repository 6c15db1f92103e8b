"""Every permission decision about organisations, blocs and people, next to the selectors that
scope what a user may act on. Views call these per object; forms take their choices from the
scoping selectors; services check the same rules again, so a crafted POST is refused too.

A service called with `actor=None` is a command, a task or the demo loader: it is trusted."""

from django.db.models import Q

from emulation_portal.text import vi_order

from .models import Bloc, BlocMembership, Organization, Person, User
from .roles import roles_for

# Scoping selectors ---------------------------------------------------------------------------


def subtree_ids(root_ids) -> set[int]:
    """The given organisations and everything below them."""
    ids = set(root_ids)
    frontier = set(ids)
    while frontier:
        frontier = (
            set(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - ids
        )
        ids |= frontier
    return ids


def managed_authorities(user):
    """Active authorities whose emulation office the user works in (all for administrators)."""
    roles = roles_for(user)
    queryset = Organization.objects.filter(is_active=True)
    return queryset if roles.is_admin else queryset.filter(pk__in=roles.authority_ids)


def organizations_managed_by(user):
    """Everything for administrators; otherwise the authorities whose emulation office the user
    works in, and everything below them."""
    return _managed(user).order_by(vi_order("name"), "pk")


def _managed(user, also=()):
    queryset = Organization.objects.all()
    if not roles_for(user).is_admin:
        ids = subtree_ids(roles_for(user).authority_ids) | {pk for pk in also if pk}
        queryset = queryset.filter(pk__in=ids)
    return queryset


def membership_candidates(bloc: Bloc, year: int | None = None):
    """Who can be a member of a bloc: the active units under its authority. A central council's
    clusters gather provinces and central bodies, which sit outside its own tree; a ministry (a
    central body under the Government, as awards.powers tells a ministry from a council) runs
    clusters of the provinces' departments of its sector, so its blocs also admit a province's
    departments. With `year`: those not yet members that year (what the page offers to add)."""
    authority = bloc.authority
    queryset = Organization.objects.filter(is_active=True).exclude(pk=authority.pk)
    if authority.kind != Organization.Kind.CENTRAL:
        queryset = queryset.filter(pk__in=subtree_ids([authority.pk]))
    else:
        admitted = Q(parent__isnull=True) | Q(kind=Organization.Kind.CENTRAL)
        if authority.parent_id is not None:
            admitted |= Q(
                kind=Organization.Kind.DEPARTMENT, parent__kind=Organization.Kind.PROVINCE
            )
        queryset = queryset.filter(admitted)
    if year is not None:
        members = BlocMembership.objects.filter(bloc=bloc, year=year).values("organization_id")
        queryset = queryset.exclude(pk__in=members)
    return queryset.order_by(vi_order("name"), "pk")


# Organisations -------------------------------------------------------------------------------


def manages_organization(user, organization: Organization) -> bool:
    """The emulation office of an authority manages the authority and everything below it."""
    authority_ids = roles_for(user).authority_ids
    node, seen = organization, set()
    while node is not None and node.pk not in seen:
        if node.pk in authority_ids:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def can_create_organization(user) -> bool:
    roles = roles_for(user)
    return roles.is_admin or roles.is_reviewer


def can_edit_organization(user, organization: Organization) -> bool:
    """Full edit: administrators and the managing emulation office."""
    return roles_for(user).is_admin or manages_organization(user, organization)


def can_edit_organization_contact(user, organization: Organization) -> bool:
    """A unit's own officers keep its contact details and people up to date."""
    return can_edit_organization(user, organization) or (
        organization.pk in roles_for(user).organization_ids
    )


def can_set_jurisdiction(user) -> bool:
    """Which authority an office serves (it makes its staff that authority's reviewers) and
    top-level bodies (provinces, central councils): administrators only."""
    return roles_for(user).is_admin


def can_set_year_settings(user, organization: Organization) -> bool:
    """How the authority's emulation year runs (calendar or school year, its months) is an
    operational setting of the authority, not jurisdiction: the emulation office managing it
    sets it, administrators always. Whether it may still change is the service's question
    (an authority whose records count years by it keeps it)."""
    return can_edit_organization(user, organization)


# Kinds that sit at the top of a jurisdiction: a province's UBND, a central council. Marking a
# unit as one would widen whom its blocs may admit (see membership_candidates).
JURISDICTION_KINDS = frozenset({Organization.Kind.PROVINCE, Organization.Kind.CENTRAL})


def can_set_kind(user, organization: Organization | None, kind: str) -> bool:
    """Others keep a kind as it is, and never choose a top-of-jurisdiction kind."""
    if can_set_jurisdiction(user):
        return True
    if organization is not None and organization.pk:
        current = Organization.objects.filter(pk=organization.pk).values_list("kind", flat=True)
        if current.first() == kind:
            return True
    return kind not in JURISDICTION_KINDS


def kind_choices(user):
    return [
        (value, label)
        for value, label in Organization.Kind.choices
        if can_set_jurisdiction(user) or value not in JURISDICTION_KINDS
    ]


def can_place_organization(user, organization: Organization | None, parent) -> bool:
    """Administrators place anything anywhere. Others keep an organisation where it is, or put
    it under an organisation they manage; never at the top level, never in another authority."""
    if can_set_jurisdiction(user):
        return True
    if organization is not None and organization.pk:
        current = Organization.objects.filter(pk=organization.pk).values_list("parent_id")
        if (parent.pk if parent else None) == current.get()[0]:
            return True
    return parent is not None and manages_organization(user, parent)


def parent_choices(user, organization: Organization | None = None):
    """The organisations the user may put `organization` under: those it manages, never the
    organisation itself or one below it; keeping it where it is is always offered."""
    if organization is None or not organization.pk:
        return organizations_managed_by(user)
    queryset = _managed(user, also=[organization.parent_id])
    return queryset.exclude(pk__in=subtree_ids([organization.pk])).order_by(vi_order("name"), "pk")


def can_edit_person(user, person: Person) -> bool:
    return can_edit_organization_contact(user, person.organization)


# Blocs ---------------------------------------------------------------------------------------


def can_create_bloc(user) -> bool:
    return can_create_organization(user)


def can_manage_bloc(user, bloc: Bloc) -> bool:
    """Create/edit the bloc, set a year's members, rotate leader and deputy."""
    roles = roles_for(user)
    return roles.is_admin or bloc.authority_id in roles.authority_ids


def can_run_bloc_for(user, authority: Organization) -> bool:
    """A bloc's authority is one the user's emulation office serves (any for administrators)."""
    return managed_authorities(user).filter(pk=authority.pk).exists()


def can_add_member(user, bloc: Bloc, organization: Organization) -> bool:
    """The bloc's managers add units under the bloc's authority, and nothing else."""
    return (
        can_manage_bloc(user, bloc)
        and membership_candidates(bloc).filter(pk=organization.pk).exists()
    )


def can_view_audit(user, organization_or_bloc) -> bool:
    if isinstance(organization_or_bloc, Bloc):
        return can_manage_bloc(user, organization_or_bloc) or any(
            bloc_id == organization_or_bloc.pk for bloc_id, _ in roles_for(user).led_bloc_years
        )
    return can_edit_organization_contact(user, organization_or_bloc)


# Accounts and staff --------------------------------------------------------------------------


def can_administer(user) -> bool:
    """The portal's administration pages (accounts, staff): administrators and the emulation
    offices, each scoped to what it manages."""
    roles = roles_for(user)
    return roles.is_admin or roles.is_reviewer


def accounts_managed_by(user):
    """Accounts that work (or worked) in a unit the user manages; all for administrators."""
    queryset = User.objects.all()
    if not roles_for(user).is_admin:
        units = _managed(user).values("pk")
        queryset = queryset.filter(assignments__organization__in=units).distinct()
    return queryset.order_by(vi_order("full_name"), "username")


def active_accounts_managed_by(user):
    """The accounts an office assigns staff from: those it manages that are switched on."""
    return accounts_managed_by(user).filter(is_active=True)


def staff_units(user):
    """Active units the user may assign staff to and invite accounts into."""
    return organizations_managed_by(user).filter(is_active=True)


def managed_ids(user) -> set[int] | None:
    """Ids of the organisations the user manages, for checks over many rows (None: all)."""
    roles = roles_for(user)
    return None if roles.is_admin else subtree_ids(roles.authority_ids)


def can_assign_staff(user, organization: Organization, *, managed=None) -> bool:
    """Assign staff to a unit, end an assignment there. `managed` (from `managed_ids`) saves the
    walk up the tree when a page checks many rows."""
    if managed is None:
        return can_edit_organization(user, organization)
    return organization.pk in managed


def can_end_assignment(user, assignment, *, managed=None) -> bool:
    """End a staff assignment where one assigns staff, but not one's own: ending it would take
    away the very office the user acts for."""
    return assignment.user_id != user.pk and (
        roles_for(user).is_admin or can_assign_staff(user, assignment.organization, managed=managed)
    )


def can_manage_account(user, account, *, managed=None) -> bool:
    """Deactivate or reactivate: administrators; an office only for accounts working in units
    it manages and nowhere else (another province's officer is not its to switch off), never
    an administrator's account, never its own."""
    if account.pk == user.pk:
        return False
    if roles_for(user).is_admin:
        return True
    managed = managed_ids(user) if managed is None else managed
    unit_ids = {a.organization_id for a in account.assignments.all()}
    return not account.is_superuser and bool(unit_ids) and unit_ids <= managed

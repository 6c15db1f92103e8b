"""Every permission decision about organisations, blocs and people. Views call these per object."""

from .models import Bloc, Organization, Person
from .roles import roles_for


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


def can_edit_person(user, person: Person) -> bool:
    return can_edit_organization_contact(user, person.organization)


def can_create_bloc(user) -> bool:
    return can_create_organization(user)


def can_manage_bloc(user, bloc: Bloc) -> bool:
    """Create/edit the bloc, set a year's members, rotate leader and deputy."""
    roles = roles_for(user)
    return roles.is_admin or bloc.authority_id in roles.authority_ids


def can_view_audit(user, organization_or_bloc) -> bool:
    if isinstance(organization_or_bloc, Bloc):
        return can_manage_bloc(user, organization_or_bloc) or any(
            bloc_id == organization_or_bloc.pk for bloc_id, _ in roles_for(user).led_bloc_years
        )
    return can_edit_organization_contact(user, organization_or_bloc)

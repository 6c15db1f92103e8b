"""The scopes of organisation and account pickers (see `emulation_portal.autocomplete`): each
resolves the context the form was built with, checks the user may act on it, and returns the
scoping selector the form's field takes its queryset from."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from emulation_portal.autocomplete import ORGANIZATIONS, USERS, register

from . import permissions
from .models import Bloc, Organization


@register("membership_candidates", ORGANIZATIONS, ("bloc", "year"))
def membership_candidates(user, *, bloc, year):
    bloc = get_object_or_404(Bloc.objects.select_related("authority"), pk=bloc)
    if not permissions.can_manage_bloc(user, bloc):
        raise PermissionDenied
    return permissions.membership_candidates(bloc, year=year)


@register("organization_parents", ORGANIZATIONS)
def organization_parents(user):
    """Parents of a new organisation."""
    if not permissions.can_create_organization(user):
        raise PermissionDenied
    return permissions.parent_choices(user)


@register("organization_parents_of", ORGANIZATIONS, ("organization",))
def organization_parents_of(user, *, organization):
    organization = get_object_or_404(Organization, pk=organization)
    if not permissions.can_edit_organization(user, organization):
        raise PermissionDenied
    return permissions.parent_choices(user, organization)


@register("managed_organizations", ORGANIZATIONS)
def managed_organizations(user):
    """The organisations the user manages (nothing for those who manage none)."""
    return permissions.organizations_managed_by(user)


@register("managed_authorities", ORGANIZATIONS)
def managed_authorities(user):
    """Authorities whose emulation office the user works in (every organisation for
    administrators): a bloc's authority, the authority an office serves."""
    return permissions.managed_authorities(user)


# The accounts pages are the administration's (`can_administer`): others are refused, as there.


@register("staff_units", ORGANIZATIONS)
def staff_units(user):
    """Units an office invites accounts into and assigns staff to."""
    if not permissions.can_administer(user):
        raise PermissionDenied
    return permissions.staff_units(user)


@register("managed_accounts", USERS)
def managed_accounts(user):
    """Active accounts of the units the office manages (every account for administrators)."""
    if not permissions.can_administer(user):
        raise PermissionDenied
    return permissions.active_accounts_managed_by(user)

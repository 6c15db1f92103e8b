"""The scope of the nominee picker (see `emulation_portal.autocomplete`)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from emulation_portal.autocomplete import ORGANIZATIONS, PEOPLE, register

from . import permissions
from .models import Proposal


@register("nominee_people", PEOPLE, ("proposal",))
def nominee_people(user, *, proposal):
    proposal = get_object_or_404(Proposal, pk=proposal)
    if not permissions.can_edit_proposal(user, proposal):
        raise PermissionDenied
    return permissions.nominee_people(proposal).order_by("full_name", "pk")


@register("proposer_units", ORGANIZATIONS)
def proposer_units(user):
    """Units the user may propose for outside blocs (none for those with no unit)."""
    return permissions.proposer_units(user)


@register("proposal_authorities", ORGANIZATIONS)
def proposal_authorities(user):
    """Bodies the user's units propose to (every authority for the administrator)."""
    return permissions.proposal_authorities(user)

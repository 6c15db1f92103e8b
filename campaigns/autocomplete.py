"""The scope of the campaign and reporting-period authority pickers (see
`emulation_portal.autocomplete`)."""

from emulation_portal.autocomplete import ORGANIZATIONS, register

from . import permissions


@register("campaign_authorities", ORGANIZATIONS)
def campaign_authorities(user):
    """Authorities the user may launch campaigns and set periods for (none for others)."""
    return permissions.campaign_authorities(user)

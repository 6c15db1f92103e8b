"""Permission decisions for campaigns and registrations, next to the selectors that scope what
a user may act on. Views call these for every object, forms take their choices from the
selectors, services check again (`actor=None`: a command or the demo loader, trusted)."""

from django.db.models import Q

from blocs.models import Bloc
from blocs.permissions import managed_authorities
from blocs.roles import roles_for

from .models import Campaign, ProgressReport, Registration, ReportOutline

# Scoping selectors ---------------------------------------------------------------------------


def campaign_authorities(user):
    """The authorities the user may launch campaigns and set reporting periods for."""
    return managed_authorities(user)


def outlines_for(authority_id):
    """The outlines a period of the authority may follow: the shared ones and its own."""
    return ReportOutline.objects.filter(Q(authority__isnull=True) | Q(authority_id=authority_id))


# Campaigns -----------------------------------------------------------------------------------


def can_create_campaign(user) -> bool:
    roles = roles_for(user)
    return roles.is_admin or roles.is_reviewer


def can_manage_campaign(user, campaign: Campaign) -> bool:
    roles = roles_for(user)
    return roles.is_admin or campaign.authority_id in roles.authority_ids


def can_launch_for(user, authority) -> bool:
    """A campaign (or a period) belongs to an authority whose emulation office the user is in."""
    return authority is not None and campaign_authorities(user).filter(pk=authority.pk).exists()


def can_import_registrations(user, bloc: Bloc, year: int) -> bool:
    """Importing the bloc's registration table is the secretariat's job (that year's leader),
    and the administrators'; the authority's office reads the overview but does not import."""
    roles = roles_for(user)
    return roles.is_admin or roles.leads(bloc.pk, year)


def can_compile_bloc(user, bloc: Bloc, year: int) -> bool:
    """The bloc's secretariat that year, its authority's emulation office, administrators."""
    roles = roles_for(user)
    return roles.is_admin or roles.leads(bloc.pk, year) or bloc.authority_id in roles.authority_ids


def can_start_registration(user, campaign: Campaign, bloc: Bloc, organization_id: int) -> bool:
    """Open a unit's registration: the unit itself, the bloc's secretariat that year, admins.
    (The service checks that the bloc is the campaign's authority's and the unit a member.)"""
    roles = roles_for(user)
    return (
        roles.is_admin
        or organization_id in roles.organization_ids
        or roles.leads(bloc.pk, campaign.year)
    )


def can_view_registration(user, registration: Registration) -> bool:
    return registration.organization_id in roles_for(user).organization_ids or can_compile_bloc(
        user, registration.bloc, registration.campaign.year
    )


def is_own_unit(user, paper) -> bool:
    """A registration or report of one of the user's own units."""
    return paper.organization_id in roles_for(user).organization_ids


def can_edit_registration(user, registration: Registration) -> bool:
    """Own unit's officers and the bloc secretariat (on the unit's behalf), while editable."""
    roles = roles_for(user)
    return registration.is_editable and (
        roles.is_admin
        or is_own_unit(user, registration)
        or roles.leads(registration.bloc_id, registration.campaign.year)
    )


def can_review_bloc(user, bloc: Bloc, year: int) -> bool:
    """Accept, return or reopen a bloc's papers of a year: its secretariat that year, admins."""
    roles = roles_for(user)
    return roles.is_admin or roles.leads(bloc.pk, year)


def can_review_registration(user, registration: Registration) -> bool:
    return can_review_bloc(user, registration.bloc, registration.campaign.year)


def acceptable_registrations(user, campaign: Campaign, bloc: Bloc):
    """Submitted registrations of a bloc that the user may accept (`can_review_registration`)."""
    queryset = Registration.objects.filter(
        campaign=campaign, bloc=bloc, status=Registration.Status.SUBMITTED
    ).select_related("campaign", "bloc", "organization")
    if not can_review_bloc(user, bloc, campaign.year):
        queryset = queryset.none()
    return queryset.order_by("organization__name", "pk")


def can_use_office_pages(user) -> bool:
    """The pages of any emulation office (periods, the authority dashboard), each scoped to the
    authorities the user serves."""
    roles = roles_for(user)
    return roles.is_admin or roles.is_reviewer


def can_edit_outline(user, outline) -> bool:
    """Shared outlines (no authority) are edited by administrators only; an authority's own by
    its emulation office."""
    roles = roles_for(user)
    return roles.is_admin or (
        outline.authority_id is not None and outline.authority_id in roles.authority_ids
    )


def can_read_outlines(user) -> bool:
    roles = roles_for(user)
    return roles.is_admin or roles.is_reviewer or roles.is_secretariat


def can_start_report(user, period, bloc: Bloc, organization_id: int) -> bool:
    """Open a unit's progress report: the unit, the bloc's secretariat that year, admins."""
    roles = roles_for(user)
    return (
        roles.is_admin
        or organization_id in roles.organization_ids
        or roles.leads(bloc.pk, period.year)
    )


def can_manage_periods(user, authority_id: int) -> bool:
    """Reporting periods and outlines belong to the authority's emulation office."""
    roles = roles_for(user)
    return roles.is_admin or authority_id in roles.authority_ids


def can_view_report(user, report) -> bool:
    """A unit sees its own reports; the bloc's compilers see all of the bloc's."""
    return report.organization_id in roles_for(user).organization_ids or can_compile_bloc(
        user, report.bloc, report.period.year
    )


def can_edit_report(user, report) -> bool:
    roles = roles_for(user)
    return report.is_editable and (
        roles.is_admin
        or report.organization_id in roles.organization_ids
        or roles.leads(report.bloc_id, report.period.year)
    )


def can_review_report(user, report) -> bool:
    return can_review_bloc(user, report.bloc, report.period.year)


def acceptable_reports(user, bloc: Bloc, year: int):
    """Submitted progress reports of a bloc-year that the user may accept (`can_review_report`)."""
    queryset = ProgressReport.objects.filter(
        bloc=bloc, period__year=year, status=ProgressReport.Status.SUBMITTED
    ).select_related("period", "bloc", "organization")
    if not can_review_bloc(user, bloc, year):
        queryset = queryset.none()
    return queryset.order_by("period__start", "organization__name", "pk")


def can_self_score(user, organization_id: int) -> bool:
    return organization_id in roles_for(user).organization_ids


def can_bloc_score(user, bloc, year: int) -> bool:
    roles = roles_for(user)
    return roles.is_admin or roles.leads(bloc.pk, year)

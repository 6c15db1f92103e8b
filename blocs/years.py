"""The year a page opens on: the latest year that has data for this user.

The portal is used for past years too (the demo data is 2020), so a year picker that opened on
the calendar year would show empty pages. Every page with a year picker or filter takes its
default from `default_year`; an explicit, valid `?year=` still wins.

What counts as the user's data follows their roles (blocs/roles.py): a unit's memberships,
registrations, proposals and awards; an emulation office's blocs, campaigns, reporting periods,
proposals received and decisions; the whole portal's memberships, periods, proposals and
decisions for an administrator. Campaign and award models are referred to by name only
(DESIGN §2: blocs imports no app to its left).
"""

from django.apps import apps
from django.utils import timezone

from .models import BlocMembership
from .roles import roles_for


def _year_queries(roles):
    """Querysets of one column, a year, that together hold every year the user has data for."""
    Campaign = apps.get_model("campaigns", "Campaign")
    ReportingPeriod = apps.get_model("campaigns", "ReportingPeriod")
    Registration = apps.get_model("campaigns", "Registration")
    Proposal = apps.get_model("awards", "Proposal")
    Award = apps.get_model("awards", "Award")
    Decision = apps.get_model("awards", "Decision")
    if roles.is_admin:
        # Work done, not plans: a campaign launched for a year no bloc has members in yet (the
        # demo's An Giang 2021) would open every page on an empty year.
        return [
            BlocMembership.objects.values_list("year"),
            ReportingPeriod.objects.values_list("year"),
            Proposal.objects.values_list("year"),
            Decision.objects.values_list("year"),
        ]
    units, authorities = roles.organization_ids, roles.authority_ids
    queries = []
    if units:
        queries += [
            BlocMembership.objects.filter(organization_id__in=units).values_list("year"),
            Registration.objects.filter(organization_id__in=units).values_list("campaign__year"),
            Proposal.objects.filter(proposer_id__in=units).values_list("year"),
            Award.objects.filter(organization_id__in=units).values_list("year"),
        ]
    if authorities:
        queries += [
            BlocMembership.objects.filter(bloc__authority_id__in=authorities).values_list("year"),
            Campaign.objects.filter(authority_id__in=authorities).values_list("year"),
            ReportingPeriod.objects.filter(authority_id__in=authorities).values_list("year"),
            Proposal.objects.filter(authority_id__in=authorities).values_list("year"),
            Decision.objects.filter(authority_id__in=authorities).values_list("year"),
        ]
    return queries


def data_years(user) -> list[int]:
    """Every year with data for `user`, newest first (one query; cached on the user)."""
    cached = getattr(user, "_portal_data_years", None)
    if cached is not None:
        return cached
    queries = _year_queries(roles_for(user))
    years = []
    if queries:
        # Models order by default; a compound query takes no ORDER BY in its parts.
        first, *rest = (query.order_by() for query in queries)
        years = sorted({year for (year,) in first.union(*rest) if year}, reverse=True)
    if getattr(user, "is_authenticated", False):
        user._portal_data_years = years
    return years


def default_year(user, *, today=None) -> int:
    """The latest year with data for `user` up to this year (a year planned ahead only when there
    is nothing else); this year when the user has no data at all."""
    this_year = (today or timezone.localdate()).year
    years = data_years(user)
    return next((year for year in years if year <= this_year), years[-1] if years else this_year)

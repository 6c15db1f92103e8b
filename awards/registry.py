"""The award registry (sổ khen thưởng): what the registry page and its spreadsheet read."""

from blocs.models import BlocMembership


def with_blocs(awards) -> None:
    """Each award's `blocs`: those its unit is a member of in the achievement year or in the
    year of the decision (a bloc reports its members' awards decided that year). One query."""
    memberships = BlocMembership.objects.filter(
        organization_id__in={award.organization_id for award in awards},
        year__in={year for award in awards for year in (award.year, award.decision.year)},
    ).select_related("bloc")
    by_unit_year = {}
    for membership in memberships.order_by("bloc__code"):
        by_unit_year.setdefault((membership.organization_id, membership.year), []).append(
            membership.bloc
        )
    for award in awards:
        found = [
            *by_unit_year.get((award.organization_id, award.year), []),
            *by_unit_year.get((award.organization_id, award.decision.year), []),
        ]
        award.blocs = list(dict.fromkeys(found))

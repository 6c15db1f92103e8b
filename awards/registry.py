"""The award registry (sổ khen thưởng): what the registry page and its spreadsheet read."""

from django.db.models import Case, Exists, OuterRef, Q, When
from django.db.models.functions import ExtractMonth, ExtractYear

from blocs.emulation_year import year_containing
from blocs.models import BlocMembership, YearKind


def with_blocs(awards) -> None:
    """Each award's `blocs`: those its unit is a member of in the achievement year or in the
    bloc's year the decision was dated in (a bloc reports its members' awards decided that
    year; for a school-year bloc a decision of January falls in the year that began the
    September before). One query."""
    memberships = BlocMembership.objects.filter(
        organization_id__in={award.organization_id for award in awards},
        year__in={
            year
            for award in awards
            for year in (award.year, award.decision.dated.year - 1, award.decision.dated.year)
        },
    ).select_related("bloc__authority")
    by_unit = {}
    for membership in memberships.order_by("bloc__code"):
        by_unit.setdefault(membership.organization_id, []).append(membership)
    for award in awards:
        candidates = by_unit.get(award.organization_id, [])
        found = [m.bloc for m in candidates if m.year == award.year] + [
            m.bloc
            for m in candidates
            if m.year == year_containing(m.bloc.authority, award.decision.dated).number
        ]
        award.blocs = list(dict.fromkeys(found))


def in_bloc(awards, bloc_id: int):
    """The awards `with_blocs` would place in bloc `bloc_id`, filtered in SQL."""
    dated = OuterRef("decision__dated")
    # year_containing in SQL: for a school-year bloc, a decision dated before its authority's
    # start month belongs to the year that began the calendar year before.
    decided_in = Case(
        When(
            Q(bloc__authority__year_kind=YearKind.SCHOOL)
            & Q(bloc__authority__year_start_month__gt=ExtractMonth(dated)),
            then=ExtractYear(dated) - 1,
        ),
        default=ExtractYear(dated),
    )
    members = BlocMembership.objects.filter(
        Q(year=OuterRef("year")) | Q(year=decided_in),
        bloc_id=bloc_id,
        organization_id=OuterRef("organization_id"),
    )
    return awards.filter(Exists(members))

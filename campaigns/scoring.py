"""Scoring: criteria trees with maximum points, self and bloc assessment, ranking, meeting."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from blocs.emulation_year import EmulationYear
from blocs.models import Bloc, BlocMembership
from emulation_portal.audit import acting_as
from emulation_portal.text import nfc, vi_sort_key

from .models import (
    Criterion,
    MeetingNomination,
    MeetingResult,
    Score,
    ScoringScheme,
    TargetProgress,
)
from .progress import default_period_name


def period_words(scheme: ScoringScheme, authority) -> str:
    """What the scheme scores: "Tổng kết năm 2020", "Sơ kết 6 tháng 2020"; a school year's
    period by its name, "Tổng kết năm học 2020–2021", "Sơ kết học kỳ I năm học 2020–2021"."""
    year = EmulationYear.of(authority, scheme.year)
    if not year.is_school:
        return f"{scheme.get_period_kind_display()} {scheme.year}"
    return default_period_name(scheme.period_kind, year)


# A tree as nested tuples: (number, title, max points, from_targets, children).


@transaction.atomic
def scheme_from_data(*, bloc: Bloc, year: int, name: str, criteria, period_kind="annual", actor):
    scheme, created = ScoringScheme.objects.get_or_create(
        bloc=bloc, year=year, period_kind=period_kind, defaults={"name": name}
    )
    if created:
        with acting_as(actor):
            _add(scheme, None, criteria)
    return scheme


def _add(scheme, parent, items):
    for ordinal, (number, title, points, from_targets, children) in enumerate(items, start=1):
        criterion = Criterion.objects.create(
            scheme=scheme,
            parent=parent,
            ordinal=ordinal,
            number=number,
            title=title,
            max_points=Decimal(points),
            from_targets=from_targets,
        )
        _add(scheme, criterion, children)


@dataclass
class CriterionRow:
    criterion: Criterion
    depth: int
    is_leaf: bool


def criteria_rows(scheme: ScoringScheme) -> list[CriterionRow]:
    """The criteria in document order with their depth (one query)."""
    by_parent: dict[int | None, list[Criterion]] = {}
    for criterion in scheme.criteria.order_by("ordinal", "pk"):
        by_parent.setdefault(criterion.parent_id, []).append(criterion)
    rows: list[CriterionRow] = []

    def walk(parent_id, depth):
        for criterion in by_parent.get(parent_id, []):
            rows.append(CriterionRow(criterion, depth, criterion.pk not in by_parent))
            walk(criterion.pk, depth + 1)

    walk(None, 0)
    return rows


def max_total(rows: list[CriterionRow]) -> Decimal:
    return sum((r.criterion.max_points for r in rows if r.is_leaf), Decimal(0))


@transaction.atomic
def scores_save(*, scheme, organization, values: dict[int, dict], as_bloc: bool, actor) -> None:
    """Save one unit's points: `values` maps leaf criterion id → {points, comment}.

    Units fill their self-assessment; the secretariat fills the bloc's assessment.
    """
    leaves = {r.criterion.pk: r.criterion for r in criteria_rows(scheme) if r.is_leaf}
    points_field, comment_field = (
        ("bloc_points", "comment") if as_bloc else ("self_points", "self_comment")
    )
    errors = {}
    for criterion_id, value in values.items():
        criterion = leaves.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Tiêu chí không thuộc thang điểm này."))
        points = value.get("points")
        if points is not None and not Decimal(0) <= points <= criterion.max_points:
            errors[f"points_{criterion_id}"] = _(
                "Điểm “%(points)s” của tiêu chí %(number)s phải từ 0 đến %(max)s."
            ) % {
                "points": points,
                "number": criterion.number or criterion.title,
                "max": number_format(criterion.max_points.normalize()),
            }
    if errors:
        raise ValidationError(errors)
    # Written in place and only where something differs: points posted back as shown change
    # nothing (no row, no audit entry), and an empty criterion gets no empty score row.
    existing = {
        s.criterion_id: s
        for s in Score.objects.select_for_update().filter(
            organization=organization, criterion_id__in=list(values)
        )
    }
    with acting_as(actor):
        for criterion_id, value in values.items():
            wanted = {points_field: value.get("points")}
            if "comment" in value:
                wanted[comment_field] = nfc(value["comment"])
            score = existing.get(criterion_id)
            if score is None:
                if wanted[points_field] is None and not wanted.get(comment_field):
                    continue
                score, created = Score.objects.get_or_create(
                    criterion_id=criterion_id, organization=organization, defaults=wanted
                )
                if created:
                    continue
            changed = [
                name
                for name, new in wanted.items()
                if (nfc(getattr(score, name)) if name == comment_field else getattr(score, name))
                != new
            ]
            if changed:
                for name in changed:
                    setattr(score, name, wanted[name])
                score.save(update_fields=changed)


def initial_points(criterion, score, *, as_bloc: bool, done_share) -> dict:
    """What a scoring form starts with: the saved points, else for a criterion linked to the
    targets the suggestion max × share done (completion feeds the score)."""
    points, comment = (None, "")
    if score is not None:
        points, comment = (
            (score.bloc_points, score.comment)
            if as_bloc
            else (score.self_points, score.self_comment)
        )
    if points is None and criterion.from_targets and done_share is not None:
        points = (criterion.max_points * done_share).quantize(Decimal("0.01"))
    return {"points": points, "comment": comment}


@dataclass
class RankRow:
    membership: BlocMembership
    total: Decimal
    self_total: Decimal
    scored: int
    rank: int | None = None
    tied: bool = False
    done_share: Decimal | None = None
    scores: dict = field(default_factory=dict)

    @property
    def organization(self):
        return self.membership.organization


def ranking(scheme: ScoringScheme) -> tuple[list[RankRow], int]:
    """Members ranked by the bloc's points. Rules (shown on the ranking page):

    - only units scored by the bloc on every leaf criterion are ranked; the others are listed
      after them, unranked, with how many criteria are still missing;
    - equal totals share a rank (1, 2, 2, 4) and are marked as ties;
    - a unit that joined mid-year is ranked like the others, its joining date shown.
    """
    leaves = [r.criterion.pk for r in criteria_rows(scheme) if r.is_leaf]
    memberships = list(
        BlocMembership.objects.filter(bloc=scheme.bloc, year=scheme.year).select_related(
            "organization", "bloc"
        )
    )
    scores: dict[int, dict[int, Score]] = {}
    for score in Score.objects.filter(criterion_id__in=leaves):
        scores.setdefault(score.organization_id, {})[score.criterion_id] = score
    rows = []
    for membership in memberships:
        own = scores.get(membership.organization_id, {})
        rows.append(
            RankRow(
                membership=membership,
                total=sum((s.bloc_points or 0 for s in own.values()), Decimal(0)),
                self_total=sum((s.self_points or 0 for s in own.values()), Decimal(0)),
                scored=sum(1 for s in own.values() if s.bloc_points is not None),
                scores=own,
            )
        )
    complete = sorted(
        (r for r in rows if leaves and r.scored == len(leaves)), key=lambda r: -r.total
    )
    previous = None
    for position, row in enumerate(complete, start=1):
        if previous is not None and row.total == previous.total:
            row.rank = previous.rank
            row.tied = previous.tied = True
        else:
            row.rank = position
        previous = row
    incomplete = sorted(
        (r for r in rows if r not in complete),
        key=lambda r: (-r.scored, vi_sort_key(r.organization.name)),
    )
    return complete + incomplete, len(leaves)


def target_done_shares(*, bloc: Bloc, year: int, period_kinds=("annual", "h1")) -> dict:
    """Per unit: share of the targets in its report that are done, from its latest period's
    report that year (the annual report when there is one, else the six-month one)."""
    shares = {}
    for kind in reversed(period_kinds):  # later kinds overwrite earlier ones
        counts = (
            TargetProgress.objects.filter(
                report__bloc=bloc, report__period__year=year, report__period__kind=kind
            )
            .values_list("report__organization_id")
            .annotate(
                total=Count("pk"),
                done=Count("pk", filter=Q(state__in=TargetProgress.DONE_STATES)),
            )
        )
        for org_id, total, done in counts:
            if total:
                shares[org_id] = Decimal(done) / total
    return shares


@transaction.atomic
def meeting_save(*, bloc, year, held_on: date, attendees: int, nominations, note="", actor):
    """Record the year-end meeting: [(organization, award_type, votes_for)]. Saved in place: a
    nomination kept keeps its row, only the cells no longer ticked are removed."""
    members = set(
        BlocMembership.objects.filter(bloc=bloc, year=year).values_list(
            "organization_id", flat=True
        )
    )
    pairs = [(organization.pk, award.pk) for organization, award, _votes in nominations]
    if len(set(pairs)) != len(pairs):
        raise ValidationError(_("Một đơn vị chỉ được suy tôn một lần cho mỗi hình thức."))
    for organization, _award, votes in nominations:
        if organization.pk not in members:
            raise ValidationError(
                _("%(unit)s không phải thành viên của khối %(year)s.")
                % {"unit": organization, "year": EmulationYear.of(bloc.authority, year).ui_label}
            )
        if not isinstance(votes, int) or votes < 0:
            raise ValidationError(
                _("Số phiếu của %(unit)s (%(votes)s) không được âm.")
                % {"unit": organization, "votes": votes}
            )
        if votes > attendees:
            raise ValidationError(
                _("Số phiếu của %(unit)s (%(votes)s) lớn hơn số đơn vị dự họp (%(n)s).")
                % {"unit": organization, "votes": votes, "n": attendees}
            )
    with acting_as(actor):
        meeting, _created = MeetingResult.objects.update_or_create(
            bloc=bloc,
            year=year,
            defaults={"held_on": held_on, "attendees": attendees, "note": note},
        )
        existing = {(n.organization_id, n.award_type_id): n for n in meeting.nominations.all()}
        for organization, award_type, votes in nominations:
            nomination = existing.pop((organization.pk, award_type.pk), None)
            if nomination is None:
                MeetingNomination.objects.create(
                    meeting=meeting,
                    organization=organization,
                    award_type=award_type,
                    votes_for=votes,
                )
            elif nomination.votes_for != votes:
                nomination.votes_for = votes
                nomination.save(update_fields=["votes_for"])
        for nomination in existing.values():  # unticked on the form: deliberately removed
            nomination.delete()
    return meeting

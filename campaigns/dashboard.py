"""Reads for progress reports and dashboards. Every function runs a fixed number of queries,
whatever the number of units and targets (tests guard it; bench/bench_dashboard.py times it)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from blocs.models import Bloc, BlocMembership, member_between
from blocs.roles import roles_for
from emulation_portal.fields import percent, round_half_up

from . import scoring
from .models import (
    Evidence,
    ProgressReport,
    Registration,
    ReportingPeriod,
    ScoringScheme,
    Target,
    TargetProgress,
)
from .progress import outline_snapshot, period_heading, registration_for

DONE = TargetProgress.DONE_STATES
CLOSED = TargetProgress.CLOSED_STATES


def is_overdue(target: Target, state: str | None, on: date) -> bool:
    """Due period over without the target done (or closed as not achieved / dropped)."""
    return bool(target.due_end) and target.due_end < on and state not in CLOSED


def reference_date(period: ReportingPeriod) -> date:
    """Overdue is judged at the period's end, or today while the period runs."""
    return min(timezone.localdate(), period.end)


@dataclass
class ReportView:
    report: ProgressReport
    sections: list[dict]
    answers: dict
    lines: list
    documents: list
    frozen: bool
    titles: list


def report_view(pk: int) -> ReportView:
    """A report with what it answered: the outline as submitted once submitted, live before."""
    report = (
        ProgressReport.objects.select_related(
            "period__outline", "period__authority", "bloc", "organization"
        )
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=TargetProgress.objects.select_related("target")
                .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
                .order_by("target__ordinal"),
            ),
            "answers",
            "documents",
        )
        .get(pk=pk)
    )
    frozen = report.status != ProgressReport.Status.DRAFT and bool(report.outline_snapshot)
    sections = report.outline_snapshot if frozen else outline_snapshot(report.period.outline)
    answers = {a.section_id: a for a in report.answers.all()}
    sections = [
        section
        | {
            "title": period_heading(section["title"], report.period),
            "answer": answers.get(section["id"]),
        }
        for section in sections
    ]
    on = reference_date(report.period)
    lines = list(report.progress.all())
    for line in lines:
        line.overdue = is_overdue(line.target, line.state, on)
    registration = registration_for(report.period, report.bloc, report.organization)
    titles = (
        list(registration.titles.select_related("award_type").order_by("ordinal"))
        if registration
        else []
    )
    return ReportView(
        titles=titles,
        report=report,
        sections=sections,
        answers=answers,
        lines=lines,
        documents=list(report.documents.all()),
        frozen=frozen,
    )


@dataclass
class MemberStatus:
    membership: BlocMembership
    registration: Registration | None = None
    report: ProgressReport | None = None
    targets: int = 0
    done: int = 0
    overdue: int = 0
    rank: scoring.RankRow | None = None

    @property
    def organization(self):
        return self.membership.organization

    @property
    def done_pct(self) -> int:
        return int(percent(self.done, self.targets) or 0)

    @property
    def overdue_pct(self) -> int:
        return int(percent(self.overdue, self.targets) or 0)


@dataclass
class BlocDashboard:
    bloc: Bloc
    year: int
    period: ReportingPeriod | None
    rows: list[MemberStatus] = field(default_factory=list)
    scheme: ScoringScheme | None = None

    def count(self, attribute: str, *statuses: str) -> int:
        return sum(
            1
            for r in self.rows
            if getattr(r, attribute) and getattr(r, attribute).status in statuses
        )

    @property
    def accepted_registrations(self) -> int:
        return self.count("registration", "accepted")

    @property
    def reports_in(self) -> int:
        return self.count("report", "submitted", "accepted")

    @property
    def done_pct(self) -> int:
        targets = sum(r.targets for r in self.rows)
        return int(percent(sum(r.done for r in self.rows), targets) or 0)

    @property
    def leader_by_rank(self):
        first = next((r for r in self.rows if r.rank and r.rank.rank == 1), None)
        return first.organization if first else None


def bloc_dashboard(bloc: Bloc, year: int, period: ReportingPeriod | None) -> BlocDashboard:
    memberships = BlocMembership.objects.filter(bloc=bloc, year=year)
    if period is not None:  # a unit that joined after or left before it owes no report
        memberships = memberships.filter(member_between(period.start, period.end))
    memberships = list(
        memberships.select_related("organization", "bloc").order_by("organization__name")
    )
    dashboard = BlocDashboard(bloc, year, period)
    rows = {m.organization_id: MemberStatus(m) for m in memberships}
    for registration in Registration.objects.filter(bloc=bloc, campaign__year=year):
        if registration.organization_id in rows:
            rows[registration.organization_id].registration = registration
    states: dict[int, str] = {}
    if period is not None:
        for report in ProgressReport.objects.filter(bloc=bloc, period=period):
            if report.organization_id in rows:
                rows[report.organization_id].report = report
        # Figures come from what units handed in, not from drafts still being written.
        states = dict(
            TargetProgress.objects.filter(
                report__bloc=bloc,
                report__period=period,
                report__status__in=(
                    ProgressReport.Status.SUBMITTED,
                    ProgressReport.Status.ACCEPTED,
                ),
            ).values_list("target_id", "state")
        )
    on = reference_date(period) if period else timezone.localdate()
    targets = Target.objects.filter(
        registration__bloc=bloc, registration__campaign__year=year
    ).select_related("registration")
    for target in targets.only("pk", "due_end", "registration__organization_id"):
        row = rows.get(target.registration.organization_id)
        if row is None:
            continue
        state = states.get(target.pk)
        row.targets += 1
        row.done += state in DONE
        row.overdue += is_overdue(target, state, on)
    dashboard.scheme = (
        ScoringScheme.objects.filter(bloc=bloc, year=year)
        .order_by("-period_kind")  # "h1" before "annual": prefer the annual scheme
        .last()
    )
    if dashboard.scheme is not None:
        ranked, _leaves = scoring.ranking(dashboard.scheme)
        for rank_row in ranked:
            rows[rank_row.organization.pk].rank = rank_row
    dashboard.rows = sorted(
        rows.values(),
        key=lambda r: (r.rank is None or r.rank.rank is None, r.rank.rank if r.rank else 0),
    )
    return dashboard


def current_period(bloc: Bloc, year: int) -> ReportingPeriod | None:
    """The period whose window contains today; else the latest with reports from this bloc;
    else the latest of the year."""
    periods = list(ReportingPeriod.objects.filter(authority_id=bloc.authority_id, year=year))
    today = timezone.localdate()
    running = [p for p in periods if p.start <= today <= p.due]
    if running:
        return running[0]
    reported = set(
        ProgressReport.objects.filter(bloc=bloc, period__in=periods).values_list(
            "period_id", flat=True
        )
    )
    candidates = [p for p in periods if p.pk in reported] or periods
    return max(candidates, key=lambda p: p.end, default=None)


@dataclass
class YearResult:
    year: int
    done_pct: int | None
    total: Decimal | None
    rank: int | None
    members: int


def history(bloc: Bloc, organization_id: int | None = None) -> list[YearResult]:
    """This year next to previous ones: targets done %, score and rank (the unit's or the bloc's
    average)."""
    years = sorted(
        set(BlocMembership.objects.filter(bloc=bloc).values_list("year", flat=True)), reverse=True
    )
    results = []
    for year in years:
        shares = scoring.target_done_shares(bloc=bloc, year=year)
        scheme = ScoringScheme.objects.filter(bloc=bloc, year=year, period_kind="annual").first()
        ranked = scoring.ranking(scheme)[0] if scheme else []
        members = BlocMembership.objects.filter(bloc=bloc, year=year).count()
        if organization_id is not None:
            row = next((r for r in ranked if r.organization.pk == organization_id), None)
            share = shares.get(organization_id)
            results.append(
                YearResult(year, None if share is None else int(percent(share, 1)),
                           row.total if row and row.scored else None, row.rank if row else None,
                           members)
            )  # fmt: skip
        else:
            values = list(shares.values())
            done = int(percent(sum(values), len(values))) if values else None
            totals = [r.total for r in ranked if r.rank is not None]
            average = round_half_up(sum(totals) / len(totals), 2) if totals else None
            results.append(YearResult(year, done, average, None, members))
    return results


@dataclass
class UnitReport:
    period: ReportingPeriod
    bloc: Bloc
    organization: object
    report: ProgressReport | None


def unit_reports(user) -> list[UnitReport]:
    """The reports the user's units owe or have made, newest periods first."""
    org_ids = roles_for(user).organization_ids
    memberships = list(
        BlocMembership.objects.filter(organization_id__in=org_ids).select_related(
            "bloc", "organization"
        )
    )
    if not memberships:
        return []
    periods = ReportingPeriod.objects.filter(
        authority_id__in={m.bloc.authority_id for m in memberships},
        year__in={m.year for m in memberships},
    ).order_by("-year", "-end")
    reports = {
        (r.period_id, r.bloc_id, r.organization_id): r
        for r in ProgressReport.objects.filter(organization_id__in=org_ids)
    }
    result = []
    for period in periods:
        for m in memberships:
            if (
                m.year == period.year
                and m.bloc.authority_id == period.authority_id
                and m.overlaps(period.start, period.end)
            ):
                key = (period.pk, m.bloc_id, m.organization_id)
                result.append(UnitReport(period, m.bloc, m.organization, reports.get(key)))
    return result


def unit_targets(user, year: int | None = None) -> tuple[int | None, list[Target]]:
    """The user's units' targets of their latest registration year, with state and overdue."""
    registrations = Registration.objects.filter(
        organization_id__in=roles_for(user).organization_ids
    ).select_related("campaign")
    year = year or max((r.campaign.year for r in registrations), default=None)
    if year is None:
        return None, []
    targets = list(
        Target.objects.filter(registration__in=registrations, registration__campaign__year=year)
        .select_related("registration__organization", "registration__campaign__authority")
        .order_by("due_end", "registration__organization__name", "ordinal")
    )
    latest = {}
    for line in TargetProgress.objects.filter(target__in=targets).order_by("report__period__end"):
        latest[line.target_id] = line
    today = timezone.localdate()
    for target in targets:
        line = latest.get(target.pk)
        target.state_label = line.get_state_display() if line else ""
        target.overdue = is_overdue(target, line.state if line else None, today)
    return year, targets

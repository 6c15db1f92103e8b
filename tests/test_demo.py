from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from blocs.models import Bloc, BlocMembership
from campaigns.models import ProgressReport, ReportingPeriod, TargetProgress
from reports.bloc_report import bloc_report

pytestmark = pytest.mark.django_db


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_load_demo_twice_gives_the_same_row_counts():
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first
    for username in ("admin", "sonoivu", "hvquan", "xaydung", "congthuong"):
        assert username in out.getvalue()


def test_demo_has_the_seed_structure():
    call_command("load_demo", stdout=StringIO())
    members = BlocMembership.objects.filter(bloc__code="KTĐ4A", year=2020)
    assert members.count() == 8
    assert members.get(role="leader").organization.name == "Sở Khoa học và Công nghệ"
    hong_ngu = Bloc.objects.filter(authority__code="DT-HN")
    assert sorted(hong_ngu.values_list("kind", flat=True)) == ["bloc", "bloc", "bloc", "cluster"]
    cluster = BlocMembership.objects.filter(bloc__code="CTĐ-ĐNB", year=2020)
    assert cluster.count() == 7
    assert cluster.get(role="leader").organization.code == "NT"


def test_demo_reports_carry_seed_000_and_the_annual_figures():
    """Issue 14: the demo six-month report has content in all 14 of seed 000's sections (10
    printed "chưa có số liệu"), and the annual report has figures: reports handed in, targets
    continuing the six-month states (done, late, running, overdue, missed), the ranking and the
    bloc's proposal."""
    call_command("load_demo", stdout=StringIO())
    bloc = Bloc.objects.get(code="KTĐ4A")
    periods = {p.kind: p for p in ReportingPeriod.objects.filter(authority=bloc.authority)}
    h1 = bloc_report(bloc, periods["h1"])
    leaves = [s for s in h1.sections if not s.has_children]
    assert len(leaves) == 14
    assert [s.number for s in leaves if s.missing] == []
    assert any("^[Sở KH&CN tổ chức 01 buổi" in s.text for s in leaves)  # a footnote kept

    annual = periods["annual"]
    handed_in = ProgressReport.objects.filter(period=annual, bloc=bloc, status="accepted")
    assert handed_in.count() == 7
    states = Counter(
        TargetProgress.objects.filter(report__in=handed_in).values_list("state", flat=True)
    )
    assert set(states) == {"done", "done_late", "in_progress", "not_achieved"}
    assert states["done"] > states["in_progress"] / 2
    sections = {s.key: s for s in bloc_report(bloc, annual).sections}
    assert len(sections["ranking"].table.rows) == 8
    assert [row[1] for row in sections["proposals"].table.rows] == [
        "Sở Khoa học và Công nghệ",
        "Sở Công Thương",
    ]


def test_demo_is_a_consistent_2020():
    """Issue 15: no accepted registration without targets, no accepted report without content,
    and every date a 2020 date on the campaign's calendar (issue 14: the proposals took the load
    time as their submission date, so the 2020 award summary by decision date showed none)."""
    from datetime import date

    from auditlog.models import LogEntry
    from django.utils import timezone

    from awards.models import Proposal, ReviewAction
    from awards.summary import award_summary
    from campaigns.models import Registration

    call_command("load_demo", stdout=StringIO())
    registrations = Registration.objects.filter(campaign__year=2020)
    for registration in registrations:
        assert registration.status == "accepted"
        assert registration.targets.exists(), registration.organization.name
        submitted = timezone.localtime(registration.submitted_at).date()
        decided = timezone.localtime(registration.decided_at).date()
        assert date(2020, 1, 21) < submitted <= decided < date(2020, 3, 1), registration
        history = LogEntry.objects.get_for_object(registration)
        assert history.exists() and not history.exclude(timestamp__year=2020).exists()
    for report in ProgressReport.objects.filter(status="accepted"):
        assert report.progress.exists() or report.answers.exists(), report
        assert not LogEntry.objects.get_for_object(report).exclude(timestamp__year=2020).exists()
    proposals = Proposal.objects.exclude(status="draft")
    assert proposals.exists()
    for proposal in proposals:
        submitted = timezone.localtime(proposal.submitted_at).date()
        assert submitted == proposal.dated, proposal
    for action in ReviewAction.objects.all():
        assert timezone.localtime(action.at).year == 2020, action
    table = award_summary(start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert sum(group.proposed for group in table.groups) > 0


def test_demo_notifications_are_dated_on_the_2020_calendar():
    """The workflow steps the demo replays notify their people; each notice bears its step's
    date, not the day `load_demo` ran (a 2020 demo listed every notice on today's date)."""
    from django.urls import resolve
    from django.utils import timezone

    from awards.models import ReviewAction
    from notifications.models import Notification

    call_command("load_demo", stdout=StringIO())
    notices = Notification.objects.all()
    assert notices.exists()
    assert {timezone.localtime(n.created_at).year for n in notices} == {2020}
    received = notices.filter(event="proposal.receive").first()
    step = ReviewAction.objects.get(proposal=resolve(received.link).kwargs["pk"], action="receive")
    assert received.created_at == step.at

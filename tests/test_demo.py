from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

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
    # The school year's records (năm học 2020–2021, stored as 2020) run on the school calendar:
    # test_demo_school_year_runs_on_the_school_calendar.
    registrations = Registration.objects.filter(
        campaign__year=2020, campaign__authority__year_kind="calendar"
    )
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
        if report.period.authority.year_kind == "calendar":
            history = LogEntry.objects.get_for_object(report)
            assert not history.exclude(timestamp__year=2020).exists()
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
    school = {
        reverse("report_detail", args=[pk])
        for pk in ProgressReport.objects.filter(period__authority__year_kind="school").values_list(
            "pk", flat=True
        )
    }  # the school year's reports: test_demo_school_year_runs_on_the_school_calendar
    notices = Notification.objects.all()
    assert notices.exists()
    calendar = [n for n in notices if n.link not in school]
    assert {timezone.localtime(n.created_at).year for n in calendar} == {2020}
    received = notices.filter(event="proposal.receive").first()
    step = ReviewAction.objects.get(proposal=resolve(received.link).kwargs["pk"], action="receive")
    assert received.created_at == step.at


SCHOOL_CLUSTER = "CTĐ-GDĐT-ĐBSCL"
EDUCATION_DEPARTMENTS = {
    "Sở Giáo dục và Đào tạo tỉnh Đồng Tháp": "Ủy ban nhân dân tỉnh Đồng Tháp",
    "Sở Giáo dục và Đào tạo tỉnh An Giang": "Ủy ban nhân dân tỉnh An Giang",
    "Sở Giáo dục và Đào tạo tỉnh Tiền Giang": "Ủy ban nhân dân tỉnh Tiền Giang",
    "Sở Giáo dục và Đào tạo tỉnh Vĩnh Long": "Ủy ban nhân dân tỉnh Vĩnh Long",
    "Sở Giáo dục và Đào tạo tỉnh Bến Tre": "Ủy ban nhân dân tỉnh Bến Tre",
}


def test_demo_has_a_school_year_cluster_of_education_departments():
    """Issue 16: the Ministry of Education and Training (school years, its office reviewing)
    runs a cluster of five provincial departments of education for năm học 2020–2021, each
    under its province's UBND; the leader's and the office's staff log in."""
    from blocs.models import Organization, User
    from blocs.roles import roles_for

    call_command("load_demo", stdout=StringIO())
    ministry = Organization.objects.get(name="Bộ Giáo dục và Đào tạo")
    assert (ministry.kind, ministry.year_kind) == ("central", "school")
    assert (ministry.year_start_month, ministry.year_end_month) == (9, 5)
    assert ministry.emulation_offices.get().name == "Văn phòng Bộ Giáo dục và Đào tạo"
    cluster = Bloc.objects.get(code=SCHOOL_CLUSTER)
    assert (cluster.kind, cluster.authority) == ("cluster", ministry)
    members = BlocMembership.objects.filter(bloc=cluster, year=2020).select_related(
        "organization__parent"
    )
    assert {m.organization.name: m.organization.parent.name for m in members} == (
        EDUCATION_DEPARTMENTS
    )
    assert {m.role for m in members} == {"leader", "deputy", "member"}
    leader = members.get(role="leader").organization
    assert leader.name == "Sở Giáo dục và Đào tạo tỉnh Đồng Tháp"
    for member in members:
        signers = member.organization.staff.filter(can_sign=True)
        assert signers.filter(signs_as="head", position="Giám đốc").exists(), member
    assert roles_for(User.objects.get(username="bogddt")).authority_ids == {ministry.pk}
    assert roles_for(User.objects.get(username="sgddongthap")).leads(cluster.pk, 2020)


def test_demo_school_year_runs_on_the_school_calendar():
    """The campaign of năm học 2020–2021, registrations with school dues, the sơ kết học kỳ I
    and tổng kết năm học periods, every member's two reports accepted: all dated on the school
    calendar (registrations late 09/2020, sơ kết 01/2021, tổng kết 06/2021), and the cluster's
    bloc reports compile."""
    from datetime import date

    from auditlog.models import LogEntry
    from django.utils import timezone

    from campaigns.models import Campaign, Registration

    call_command("load_demo", stdout=StringIO())
    cluster = Bloc.objects.get(code=SCHOOL_CLUSTER)
    campaign = Campaign.objects.get(authority=cluster.authority, year=2020)
    assert campaign.name == "Phong trào thi đua năm học 2020–2021"
    assert (campaign.start, campaign.end) == (date(2020, 9, 5), date(2021, 5, 31))
    registrations = Registration.objects.filter(campaign=campaign, bloc=cluster)
    assert registrations.count() == 5
    for registration in registrations:
        assert registration.status == "accepted"
        dues = set(registration.targets.values_list("due_text", flat=True))
        assert {"Học kỳ I năm học 2020-2021", "Tháng 12/2020", "Cuối năm học",
                "Năm học 2020-2021"} <= dues  # fmt: skip
        assert registration.titles.exists()
        sent = timezone.localtime(registration.submitted_at).date()
        decided = timezone.localtime(registration.decided_at).date()
        assert date(2020, 9, 8) < sent <= decided <= date(2020, 9, 30)
        history = LogEntry.objects.get_for_object(registration)
        assert {timezone.localtime(e.timestamp).date() for e in history} <= {sent, decided}
    periods = {
        p.kind: p for p in ReportingPeriod.objects.filter(authority=cluster.authority, year=2020)
    }
    h1, annual = periods["h1"], periods["annual"]
    assert (h1.name, h1.start, h1.end, h1.due) == (
        "Sơ kết học kỳ I năm học 2020–2021", date(2020, 9, 1), date(2021, 1, 15),
        date(2021, 1, 20),
    )  # fmt: skip
    assert (annual.name, annual.start, annual.end, annual.due) == (
        "Tổng kết năm học 2020–2021", date(2020, 9, 1), date(2021, 5, 31), date(2021, 7, 15),
    )  # fmt: skip
    for period, month in ((h1, (2021, 1)), (annual, (2021, 6))):
        reports = ProgressReport.objects.filter(period=period, bloc=cluster)
        assert reports.count() == 5
        for report in reports:
            assert report.status == "accepted" and report.progress.exists()
            sent = timezone.localtime(report.submitted_at)
            assert (sent.year, sent.month) == month
            assert period.end < sent.date() <= period.due
        assert reports.filter(answers__isnull=False).exists()
        assert len([s for s in bloc_report(cluster, period).sections if not s.missing]) > 5
    states = set(
        TargetProgress.objects.filter(report__period=annual).values_list("state", flat=True)
    )
    assert states == {"done", "not_achieved"}

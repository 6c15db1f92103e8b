"""Each role's home is its work queue (issue 15, Deliver 2): contents checked against counts
made independently from the tables, a fixed number of queries, and the role menus."""

import re

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from awards.models import Proposal
from blocs.models import BlocMembership
from campaigns.models import ProgressReport, Registration, ReportingPeriod
from reports import queues
from reports.navigation import menus_for

pytestmark = pytest.mark.django_db


def _section(user, role):
    return next(s for s in queues.queues_for(user) if s.role == role)


def _group(section, key):
    return next(g for g in section.groups if g.key == key)


def test_reviewer_queue_counts_proposals_to_receive_judge_and_decide(full_demo):
    section = _section(full_demo.reviewer, "reviewer")
    authority = full_demo.org["DT"]
    mine = Proposal.objects.filter(authority=authority)
    assert _group(section, "receive").count == mine.filter(status="submitted").count() == 2
    assert (
        _group(section, "judge").count
        == mine.filter(status__in=["received", "checked", "council"]).count()
        == 2
    )
    undecided = sum(
        1
        for p in mine.filter(status="approved")
        for n in p.nominees.all()
        if n.verdict == "approved" and n.decision_id is None
    )
    assert _group(section, "decide").count == undecided == 1
    links = {task.url for task in _group(section, "receive").tasks}
    assert links == {
        reverse("proposal_detail", args=[p.pk]) for p in mine.filter(status="submitted")
    }


def test_unit_queue_lists_papers_to_send_with_due_dates(full_demo):
    org = full_demo.org["DT-SXD"]
    section = _section(full_demo.xaydung, "unit")
    owed = [
        period
        for period in ReportingPeriod.objects.filter(year=2020, is_closed=False)
        if not ProgressReport.objects.filter(
            period=period, organization=org, status__in=["submitted", "accepted"]
        ).exists()
    ]
    reports = _group(section, "reports")
    assert [t.title for t in reports.tasks] == [p.name for p in owed]
    assert [t.due for t in reports.tasks] == [p.due for p in owed]
    assert _group(section, "proposals").count == (
        Proposal.objects.filter(proposer=org, status__in=["draft", "returned"]).count()
    )
    assert (
        _group(section, "registrations").count
        == Registration.objects.filter(organization=org, status__in=["draft", "returned"]).count()
    )


def test_a_returned_registration_waits_for_the_unit_then_the_submitted_one_for_the_secretariat(
    full_demo,
):
    registration = Registration.objects.get(organization=full_demo.org["DT-SXD"])
    registration.status = Registration.Status.RETURNED
    registration.save()
    unit = _group(_section(full_demo.xaydung, "unit"), "registrations")
    assert [t.url for t in unit.tasks] == [reverse("registration_detail", args=[registration.pk])]
    assert unit.tasks[0].status == "Bị trả lại"

    registration.status = Registration.Status.SUBMITTED
    registration.submitted_at = timezone.now()
    registration.save()
    full_demo.xaydung._portal_roles = None
    assert _group(_section(full_demo.xaydung, "unit"), "registrations").count == 0
    review = _group(_section(full_demo.secretariat, "secretariat"), "review")
    assert [t.url for t in review.tasks] == [reverse("registration_detail", args=[registration.pk])]


def test_secretariat_queue_counts_members_yet_to_report_and_the_bloc_reports(full_demo):
    section = _section(full_demo.secretariat, "secretariat")
    members = set(
        BlocMembership.objects.filter(bloc=full_demo.bloc, year=2020).values_list(
            "organization_id", flat=True
        )
    )
    behind = {}
    for period in ReportingPeriod.objects.filter(authority=full_demo.bloc.authority, year=2020):
        sent = set(
            ProgressReport.objects.filter(
                period=period, bloc=full_demo.bloc, status__in=["submitted", "accepted"]
            ).values_list("organization_id", flat=True)
        )
        if members - sent:
            behind[period.name] = len(members - sent)
    missing = _group(section, "members")
    assert {t.title.removeprefix("Báo cáo: "): t.count for t in missing.tasks} == behind
    assert _group(section, "review").count == (
        ProgressReport.objects.filter(bloc=full_demo.bloc, status="submitted").count()
        + Registration.objects.filter(bloc=full_demo.bloc, status="submitted").count()
    )
    # No bloc report is issued in the demo: each six-month and annual period waits for one.
    assert _group(section, "bloc_reports").count == 2


def test_a_reviewer_who_is_not_a_secretariat_sees_only_the_sections_with_work(full_demo):
    roles = [s.role for s in queues.queues_for(full_demo.reviewer)]
    assert roles == ["reviewer"]
    assert [s.role for s in queues.queues_for(full_demo.congthuong)] == ["unit"]


@pytest.mark.parametrize("who", ["reviewer", "secretariat", "xaydung"])
def test_queues_run_a_fixed_number_of_queries(full_demo, who, django_assert_max_num_queries):
    user = getattr(full_demo, who)
    with django_assert_max_num_queries(17):  # the roles' 4 included (leader changes, mid-year)
        queues.queues_for(user)


def test_leading_more_blocs_costs_no_more_queries(full_demo, django_assert_num_queries):
    """Two more blocs led, with members: the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import BlocFactory, MembershipFactory

    user = type(full_demo.secretariat).objects.get(pk=full_demo.secretariat.pk)
    with CaptureQueriesContext(connection) as before:
        queues.queues_for(user)
    for year in (2020, 2021):
        bloc = BlocFactory(authority=full_demo.bloc.authority)
        leader = full_demo.org["DT-SKHCN"]
        MembershipFactory(bloc=bloc, year=year, organization=leader, role="leader")
        MembershipFactory.create_batch(3, bloc=bloc, year=year)
    user = type(user).objects.get(pk=user.pk)  # roles are cached on the user object
    with django_assert_num_queries(len(before.captured_queries)):
        sections = queues.queues_for(user)
    assert _group(sections[0], "bloc_reports").count == 4  # 4A's and the new 2020 bloc's


def test_home_shows_the_queue_first(client, full_demo):
    client.force_login(full_demo.reviewer)
    html = client.get(reverse("home")).content.decode()
    assert html.index('data-testid="queue-reviewer"') < html.index("Tổng quan")
    assert "Tờ trình chờ tiếp nhận" in html


# Navigation -----------------------------------------------------------------------------------


def _menu_links(html):
    nav = html[html.index('data-testid="nav"') : html.index('data-testid="user-menu"')]
    return re.findall(r'class="(?:dropdown-item|nav-link)" href="([^"]*)"', nav)


@pytest.mark.parametrize(
    "who, pages",
    [
        ("secretariat", ["bloc_overview", "bloc_import", "bloc_dashboard", "bloc_documents"]),
        ("reviewer", ["proposal_list", "decision_create", "award_summary", "period_list"]),
        ("xaydung", ["organization_detail", "proposal_list", "notifications"]),
        ("admin", ["authority_dashboard", "period_list", "award_summary", "decision_create"]),
    ],
)
def test_menus_list_the_task_pages_and_no_anchors(client, full_demo, who, pages):
    user = getattr(full_demo, who)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    links = _menu_links(html)
    assert links and not [link for link in links if "#" in link]
    names = {resolve(link.split("?")[0]).url_name for link in links}
    assert set(pages) <= names


def test_the_secretariat_menu_reaches_registration_status_and_import(full_demo):
    (menu,) = [m for m in menus_for(full_demo.secretariat) if m.role == "secretariat"]
    labels = [link.label for link in menu.links]
    assert any(label.startswith("Tình hình đăng ký: ") for label in labels)
    assert any(label.startswith("Nhập từ Excel: ") for label in labels)
    assert "Báo cáo sơ kết, tổng kết của khối" in labels

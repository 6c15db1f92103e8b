"""Reminders of reports due or overdue, and year-over-year results."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from blocs.models import BlocMembership
from campaigns import dashboard, demo_progress, progress, scoring
from campaigns.models import ReportingPeriod
from campaigns.reminders import send_reminders
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(demo):
    progress.periods_ensure_defaults(authority=demo.org["DT"], year=2020, actor=None)
    return ReportingPeriod.objects.get(kind="h1", year=2020)


# The demo's units with staff among Khối thi đua 4A's members: Sở Xây dựng (xaydung,
# gdxaydung), Sở Công Thương (congthuong, pgdcongthuong), Sở KH&CN (hvquan).
STAFF = {"xaydung", "gdxaydung", "congthuong", "pgdcongthuong", "hvquan"}


def test_units_get_a_notice_a_week_before_and_after_the_due_date(demo, periods):
    assert send_reminders(datetime.date(2020, 6, 1)) == []  # more than 7 days ahead
    soon = send_reminders(datetime.date(2020, 6, 14))
    assert {n.recipient.username for n in soon} == STAFF
    assert (
        "Sắp đến hạn nộp báo cáo “Sơ kết 6 tháng đầu năm 2020” (Khối thi đua 4A): 20/06/2020"
        in soon[0].message
    )
    assert send_reminders(datetime.date(2020, 6, 15)) == []  # already told
    late = send_reminders(datetime.date(2020, 6, 25))
    assert len(late) == len(STAFF) and all("Quá hạn" in n.message for n in late)


def test_units_that_handed_in_and_closed_periods_get_nothing(demo, periods):
    demo_progress.load()  # every member submitted and was accepted
    assert send_reminders(datetime.date(2020, 6, 25)) == []
    ReportingPeriod.objects.update(is_closed=True)
    assert send_reminders(datetime.date(2020, 11, 25)) == []


def test_command_and_optional_email(demo, periods, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_EMAILS = True
    demo.xaydung.email = "xaydung@example.gov.vn"
    demo.xaydung.save()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # mailed after the commit
        call_command("send_reminders", date="25/06/2020", stdout=out)
    assert "Đã ghi 5 thông báo mới." in out.getvalue()
    assert [m.to for m in mail.outbox] == [["xaydung@example.gov.vn"]]


def test_notices_show_in_the_navigation(client, demo, periods):
    send_reminders(datetime.date(2020, 6, 25))
    client.force_login(demo.xaydung)
    html = client.get("/").content.decode()
    assert 'data-testid="notifications-link"' in html and 'text-bg-danger">1<' in html
    client.post("/notifications/", {"all": "1"})
    assert not Notification.objects.filter(recipient=demo.xaydung, read_at=None).exists()


def test_year_over_year_results(demo, campaign, sample_bytes):
    from campaigns import importer

    importer.apply_import(
        importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc),
        actor=demo.secretariat,
        source="mau.xlsx",
    )
    demo_progress.load()
    for membership in BlocMembership.objects.filter(bloc=demo.bloc, year=2020):
        BlocMembership.objects.create(
            bloc=demo.bloc, organization=membership.organization, year=2021, role=membership.role
        )
    results = dashboard.history(demo.bloc)
    assert [r.year for r in results] == [2021, 2020]
    assert results[0].done_pct is None and results[0].total is None
    assert results[1].total == scoring.Decimal("88.75")
    own = dashboard.history(demo.bloc, demo.org["DT-SKHCN"].pk)
    # 5 of its 8 targets done by its annual report (the demo's year ends with one): 62,5%
    # rounds half-up to 63, as the documents round.
    assert (own[1].done_pct, own[1].rank, own[1].total) == (63, 1, 97)


def test_the_home_page_shows_the_units_results_by_year(client, demo, campaign, sample_bytes):
    from campaigns import importer

    importer.apply_import(
        importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc),
        actor=demo.secretariat,
        source="mau.xlsx",
    )
    demo_progress.load()
    client.force_login(demo.secretariat)
    html = client.get("/").content.decode()
    assert "Kết quả qua các năm – Sở KH&amp;CN (KTĐ4A)" in html
    assert (
        '<td>2020</td><td class="text-end">63%</td><td class="text-end">97</td>'
        '<td class="text-end">1/8</td>' in html
    )

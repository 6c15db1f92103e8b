"""Every workflow event notifies exactly the people concerned, never the actor; e-mails leave
after the commit, at once or in the daily digest as each user chose."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from awards import services as award_services
from awards.models import Proposal
from blocs.models import StaffAssignment, User
from campaigns import progress
from campaigns import services as campaign_services
from campaigns.models import ProgressReport, Registration, ReportingPeriod
from notifications import mail as notification_mail
from notifications.models import Notification, Preference
from tests import samples

pytestmark = pytest.mark.django_db


def told(event: str) -> set[str]:
    return set(
        Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
    )


@pytest.fixture
def people(world):
    """Staff beyond the demo accounts: a second officer of Sở Xây dựng, an officer of An Giang's
    emulation office (another province's reviewer) and a former officer of Sở Xây dựng."""
    org = world.org
    for username, unit, active in [
        ("xaydung2", "DT-SXD", True),
        ("agnoivu", "AG-SNV", True),
        ("cuxaydung", "DT-SXD", False),
    ]:
        user = User.objects.create(username=username, full_name=username, email=f"{username}@x.vn")
        StaffAssignment.objects.create(user=user, organization=org[unit], is_active=active)
    return world


@pytest.fixture
def registration(people):
    return Registration.objects.get(bloc=people.bloc, organization=people.org["DT-SXD"])


SXD_STAFF = {"xaydung", "xaydung2", "gdxaydung"}  # the unit's active staff (leader included)
SECRETARIAT = {"hvquan"}  # Sở KH&CN leads Khối thi đua 4A in 2020


def test_registration_events_reach_the_unit_or_the_secretariat(people, registration):
    secretariat = people.secretariat
    campaign_services.registration_transition(
        registration=registration, event="return", actor=secretariat, reason="Thiếu chỉ tiêu 3."
    )
    assert told("registration.return") == SXD_STAFF
    notice = Notification.objects.get(event="registration.return", recipient=people.xaydung)
    assert "Thiếu chỉ tiêu 3." in notice.message
    assert notice.link == f"/registrations/{registration.pk}/"

    campaign_services.registration_transition(
        registration=registration, event="submit", actor=people.xaydung
    )
    assert told("registration.submit") == SECRETARIAT  # not the officer who sent it
    assert (
        "Trần Văn Xây đã gửi đăng ký thi đua"
        in Notification.objects.get(event="registration.submit").message
    )

    campaign_services.registration_transition(
        registration=registration, event="accept", actor=secretariat
    )
    assert told("registration.accept") == SXD_STAFF
    campaign_services.registration_transition(
        registration=registration, event="reopen", actor=secretariat, reason="Sửa chỉ tiêu 2."
    )
    assert told("registration.reopen") == SXD_STAFF


def test_a_refused_step_tells_nobody(people, registration):
    with pytest.raises(Exception):  # noqa: B017 - accepting an accepted registration
        for _ in range(2):
            campaign_services.registration_transition(
                registration=registration, event="accept", actor=people.secretariat
            )
    assert Notification.objects.filter(event="registration.accept").count() == len(SXD_STAFF)


def test_report_events(people, registration):
    campaign_services.registration_transition(
        registration=registration, event="accept", actor=people.secretariat
    )
    progress.periods_ensure_defaults(authority=people.org["DT"], year=2020, actor=None)
    period = ReportingPeriod.objects.get(authority=people.org["DT"], year=2020, kind="h1")
    report = progress.report_open(
        period=period, bloc=people.bloc, organization=people.org["DT-SXD"], actor=people.xaydung
    )
    report = progress.report_transition(report=report, event="submit", actor=people.xaydung)
    assert told("report.submit") == SECRETARIAT
    progress.report_transition(
        report=report, event="return", actor=people.secretariat, reason="Bổ sung."
    )
    assert told("report.return") == SXD_STAFF
    progress.report_transition(
        report=report, event="submit", actor=User.objects.get(username="xaydung2")
    )
    progress.report_transition(report=report, event="accept", actor=people.secretariat)
    assert told("report.accept") == SXD_STAFF
    assert ProgressReport.objects.get(pk=report.pk).status == "accepted"


def _proposal(status: str) -> Proposal:
    return Proposal.objects.filter(proposer__code="DT-SXD", status=status).first()


def test_proposal_events_reach_the_office_or_the_proposer(people):
    reviewer, officer = people.reviewer, people.xaydung
    draft = _proposal("draft")
    for nominee, kind, _label, present in award_services.checklist(draft):
        if not present:
            award_services.document_add(
                proposal=draft, nominee=nominee, kind=kind, name="a.pdf", data=samples.PDF,
                actor=officer,
            )  # fmt: skip
    award_services.proposal_submit(proposal=draft, actor=officer)
    assert told("proposal.submit") == {"sonoivu"}  # Đồng Tháp's office, not An Giang's
    award_services.proposal_review(proposal=draft, action="receive", actor=reviewer)
    assert told("proposal.receive") == SXD_STAFF
    award_services.proposal_review(
        proposal=draft, action="return", actor=reviewer, comment="Bổ sung biên bản."
    )
    assert told("proposal.return") == SXD_STAFF
    rejected = _proposal("received")
    award_services.proposal_review(
        proposal=rejected, action="reject", actor=reviewer, comment="Vượt tỷ lệ."
    )
    assert told("proposal.reject") == SXD_STAFF
    checked = _proposal("checked")
    award_services.proposal_review(proposal=checked, action="approve", actor=reviewer)
    assert told("proposal.approve") == SXD_STAFF
    award_services.proposal_transition(
        proposal=checked, event="decide", actor=reviewer, comment="12/QĐ-UBND"
    )
    assert told("proposal.decide") == SXD_STAFF
    assert "12/QĐ-UBND" in Notification.objects.filter(event="proposal.decide").first().message


def _badge(client) -> str:
    """The navigation's notifications link (the home's work queue has badges of its own)."""
    html = client.get("/").content.decode()
    return re.search(r'data-testid="notifications-link">(.*?)</a>', html).group(1)


def test_navigation_badge_open_and_mark_read(client, people, registration):
    campaign_services.registration_transition(
        registration=registration, event="return", actor=people.secretariat, reason="Thiếu."
    )
    client.force_login(people.xaydung)
    unread = Notification.objects.filter(recipient=people.xaydung, read_at=None)
    assert f'text-bg-danger">{unread.count()}<' in _badge(client)  # the demo's proposals too
    notice = unread.get(event="registration.return")
    others = Notification.objects.exclude(recipient=people.xaydung).first()
    # Someone else's notice: nothing happens to it.
    assert client.post("/notifications/", {"open": others.pk}).url == "/notifications/"
    others.refresh_from_db()
    assert others.read_at is None
    response = client.post("/notifications/", {"open": notice.pk})
    assert response.url == f"/registrations/{registration.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    one = unread.first()
    assert client.post("/notifications/", {"read": one.pk}).url == "/notifications/"
    one.refresh_from_db()
    assert one.read_at is not None
    page = client.get("/notifications/").content.decode()
    assert "Thiếu." in page and 'name="open"' in page
    client.post("/notifications/", {"open": "x'1"})  # junk: nothing, not everything
    assert unread.exists()
    client.post("/notifications/", {"all": "1"})
    assert not unread.exists()
    assert "badge" not in _badge(client)


def test_emails_leave_after_commit_once(
    people, registration, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_EMAILS = True
    people.xaydung.email = "xaydung@example.gov.vn"
    people.xaydung.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        campaign_services.registration_transition(
            registration=registration, event="return", actor=people.secretariat, reason="Thiếu."
        )
    assert mail.outbox == [] and len(callbacks) == 1  # nothing before the commit
    callbacks[0]()
    assert sorted(m.to[0] for m in mail.outbox) == ["xaydung2@x.vn", "xaydung@example.gov.vn"]
    message = next(m for m in mail.outbox if m.to == ["xaydung@example.gov.vn"])
    assert message.subject.startswith("Thi đua – Khen thưởng: Đăng ký thi đua bị trả lại")
    assert f"http://127.0.0.1:8000/registrations/{registration.pk}/" in message.body
    callbacks[0]()  # a task run twice mails nobody twice
    assert len(mail.outbox) == 2


def test_digest_users_get_one_message_a_day(
    people, registration, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_EMAILS = True
    Preference.objects.create(user=User.objects.get(username="xaydung2"), email="digest")
    Preference.objects.create(user=people.xaydung, email="off")
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.registration_transition(
            registration=registration, event="return", actor=people.secretariat, reason="Thiếu."
        )
        campaign_services.registration_transition(
            registration=registration, event="submit", actor=people.xaydung
        )
        campaign_services.registration_transition(
            registration=registration, event="accept", actor=people.secretariat
        )
    assert mail.outbox == []  # xaydung: off; xaydung2: digest; gdxaydung has no address
    call_command("send_notification_digest", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["xaydung2@x.vn"]]
    assert "2 thông báo mới" in mail.outbox[0].subject
    assert "bị trả lại" in mail.outbox[0].body and "chấp nhận" in mail.outbox[0].body
    assert notification_mail.email_digests() == 0  # already sent


def test_no_email_unless_configured(people, registration, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        campaign_services.registration_transition(
            registration=registration, event="return", actor=people.secretariat, reason="Thiếu."
        )
    assert callbacks == [] and mail.outbox == []
    assert Notification.objects.filter(event="registration.return").exists()


def test_preference_page_saves_and_round_trips(client, people):
    client.force_login(people.xaydung)
    page = client.get("/notifications/settings/")
    assert page.status_code == 200
    client.post("/notifications/settings/", {"email": "immediate"})  # the default, unchanged
    assert not Preference.objects.exists()
    response = client.post("/notifications/settings/", {"email": "digest"})
    assert response.status_code == 302
    assert Preference.objects.get(user=people.xaydung).email == "digest"
    bad = client.post("/notifications/settings/", {"email": "weekly"})
    assert bad.status_code == 200 and "email" in bad.context["form"].errors


def test_issued_bloc_report_tells_members_and_office(full_demo):
    from reports import services as report_services
    from reports.models import ReportDocument

    period = ReportingPeriod.objects.get(authority__code="DT", year=2020, kind="h1")
    document = report_services.document_open(
        bloc=full_demo.bloc, period=period, actor=full_demo.secretariat
    )
    ReportDocument.objects.filter(pk=document.pk).update(status="signed")
    report_services.document_transition(
        document=document, event="issue", actor=full_demo.secretariat
    )
    assert {"xaydung", "congthuong", "sonoivu"} <= told("document.issue")
    assert "hvquan" not in told("document.issue")


def test_the_list_page_reads_in_a_fixed_number_of_queries(
    client, people, registration, django_assert_max_num_queries
):
    for event, reason in [("return", "Thiếu."), ("submit", ""), ("return", "Lại thiếu.")]:
        actor = people.xaydung if event == "submit" else people.secretariat
        campaign_services.registration_transition(
            registration=registration, event=event, actor=actor, reason=reason
        )
    client.force_login(people.xaydung)
    client.get("/notifications/")  # the session and roles are warm
    # 9: roles_for reads the leader changes of the user's blocs (mid-year hand-overs).
    with django_assert_max_num_queries(9):
        page = client.get("/notifications/")
    assert (
        page.content.decode().count('name="open"')
        == Notification.objects.filter(recipient=people.xaydung).count()
    )

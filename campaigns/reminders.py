"""Reminders: units with a report due within 7 days, or overdue, get a notice in the portal."""

from datetime import date, timedelta

from django.db import transaction

from blocs.models import BlocMembership
from notifications.models import Notification
from notifications.services import notify

from .models import ProgressReport, ReportingPeriod

DAYS_AHEAD = 7
DONE = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)


@transaction.atomic
def send_reminders(today: date) -> list[Notification]:
    """Notify each unit's staff once per period, bloc and situation (due soon / overdue);
    idempotent. Mailed like every notification when e-mail is configured."""
    periods = ReportingPeriod.objects.filter(
        is_closed=False, due__lte=today + timedelta(days=DAYS_AHEAD), start__lte=today
    )
    created = []
    for period in periods:
        situation = "overdue" if period.due < today else "due-soon"
        members = BlocMembership.objects.filter(
            bloc__authority_id=period.authority_id, year=period.year
        ).select_related("bloc")
        handed_in = set(
            ProgressReport.objects.filter(period=period, status__in=DONE).values_list(
                "bloc_id", "organization_id"
            )
        )
        for member in members:
            if (member.bloc_id, member.organization_id) in handed_in:
                continue
            created += notify(
                f"reminder.{situation}",
                actor=None,
                to=[member.organization_id],
                key=f"report-{period.pk}-{member.bloc_id}-{situation}",
                period=period.name,
                bloc=member.bloc.name,
                due=f"{period.due:%d/%m/%Y}",
            )
    return created

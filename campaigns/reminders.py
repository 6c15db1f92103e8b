"""Reminders: units with a report due within 7 days, or overdue, get a notice in the portal."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from blocs.models import BlocMembership, StaffAssignment

from .models import Notification, ProgressReport, ReportingPeriod

DAYS_AHEAD = 7
DONE = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)


@transaction.atomic
def send_reminders(today: date) -> list[Notification]:
    """Record one notice per unit, period and situation (due soon / overdue); idempotent."""
    periods = ReportingPeriod.objects.filter(
        is_closed=False, due__lte=today + timedelta(days=DAYS_AHEAD), start__lte=today
    )
    created = []
    for period in periods:
        overdue = period.due < today
        members = BlocMembership.objects.filter(
            bloc__authority_id=period.authority_id, year=period.year
        ).select_related("organization", "bloc")
        handed_in = set(
            ProgressReport.objects.filter(period=period, status__in=DONE).values_list(
                "bloc_id", "organization_id"
            )
        )
        for member in members:
            if (member.bloc_id, member.organization_id) in handed_in:
                continue
            situation = "overdue" if overdue else "due-soon"
            values = {
                "period": period.name,
                "bloc": member.bloc.name,
                "due": f"{period.due:%d/%m/%Y}",
            }
            message = (
                _("Quá hạn nộp báo cáo “%(period)s” (%(bloc)s), hạn %(due)s.")
                if overdue
                else _("Sắp đến hạn nộp báo cáo “%(period)s” (%(bloc)s): %(due)s.")
            ) % values
            notice, was_created = Notification.objects.get_or_create(
                organization=member.organization,
                key=f"report-{period.pk}-{member.bloc_id}-{situation}",
                defaults={"message": message, "link": reverse("home")},
            )
            if was_created:
                created.append(notice)
    if settings.REMINDER_EMAILS and created:
        _email(created)
    return created


def _email(notices: list[Notification]) -> None:
    addresses: dict[int, list[str]] = {}
    for staff in StaffAssignment.objects.filter(
        organization_id__in={n.organization_id for n in notices}, is_active=True
    ).select_related("user"):
        if staff.user.email:
            addresses.setdefault(staff.organization_id, []).append(staff.user.email)
    send_mass_mail(
        (
            (_("Nhắc hạn báo cáo thi đua"), n.message, None, addresses[n.organization_id])
            for n in notices
            if addresses.get(n.organization_id)
        ),
        fail_silently=False,
    )

"""Notifications by e-mail: one message each, or one digest a day, as each user chose."""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from .models import Notification, Preference

logger = logging.getLogger(__name__)
SUBJECT_MAX = 150


def _absolute(link: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + link if link else settings.PORTAL_URL


def _pending():
    """Not yet mailed nor read in the portal (a notice already read needs no mail)."""
    return (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
    )


def _wants(choice: str) -> Q:
    q = Q(recipient__notification_preference__email=choice)
    if choice == Preference.Email.IMMEDIATE:
        q |= Q(recipient__notification_preference__isnull=True)
    return q


def _send(messages: list[tuple[EmailMessage, list[int]]]) -> int:
    """Send each message, marking its notifications mailed; a refused one stays unmailed and is
    logged, so one bad address or a server hiccup neither stops the others nor the request
    that queued them (tasks run in-process without a broker)."""
    sent = 0
    with get_connection() as connection:
        for message, ids in messages:
            message.connection = connection
            try:
                message.send()
            except (OSError, SMTPException):
                logger.exception("notification e-mail to %s failed", message.to)
                continue
            Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
            sent += 1
    return sent


def email_now(ids) -> int:
    """Mail each of these notifications to a recipient who wants them at once."""
    messages = []
    with override(settings.LANGUAGE_CODE):
        for notice in _pending().filter(_wants(Preference.Email.IMMEDIATE), pk__in=ids):
            subject = _("Thi đua – Khen thưởng: %(message)s") % {"message": notice.message}
            body = f"{notice.message}\n\n{_absolute(notice.link)}\n"
            messages.append(
                (
                    EmailMessage(subject[:SUBJECT_MAX], body, to=[notice.recipient.email]),
                    [notice.pk],
                )
            )
    return _send(messages)


def email_digests() -> int:
    """One message per user who chose the daily digest, listing what they have not read."""
    if not settings.NOTIFICATION_EMAILS:
        return 0
    by_user: dict = {}
    for notice in _pending().filter(_wants(Preference.Email.DIGEST)).order_by("created_at"):
        by_user.setdefault(notice.recipient, []).append(notice)
    messages = []
    with override(settings.LANGUAGE_CODE):
        for user, notices in by_user.items():
            subject = ngettext(
                "Thi đua – Khen thưởng: %(count)d thông báo mới",
                "Thi đua – Khen thưởng: %(count)d thông báo mới",
                len(notices),
            ) % {"count": len(notices)}
            lines = [
                f"{timezone.localtime(n.created_at):%d/%m/%Y %H:%M} · {n.message}\n"
                f"  {_absolute(n.link)}"
                for n in notices
            ]
            body = "\n\n".join(lines) + "\n"
            messages.append((EmailMessage(subject, body, to=[user.email]), [n.pk for n in notices]))
    return _send(messages)

"""Writes: notify the people concerned by an event, mark read, save a user's preference."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from blocs.models import User
from emulation_portal.audit import log_action

from .events import EVENTS
from .models import Notification, Preference
from .tasks import email_notifications


def staff_of(organization_ids):
    """The active accounts working in these units: whom a unit's notice reaches."""
    return User.objects.filter(
        is_active=True,
        assignments__is_active=True,
        assignments__organization_id__in=list(organization_ids),
        assignments__organization__is_active=True,
    ).distinct()


def notify(event: str, obj=None, *, actor, to, key: str = "", **values) -> list[Notification]:
    """Tell the staff of the units `to` (organization ids) about `event` on `obj`.

    Called from each workflow's one transition function, inside its transaction, so a rolled
    back step tells nobody; the actor is never told of their own step. With `key`, a user gets
    the notice once (reminders). E-mails go after the commit (Celery), to those who want them
    at once; the others get them in the day's digest.
    """
    spec = EVENTS[event]
    recipients = staff_of(to)
    if actor is not None:
        recipients = recipients.exclude(pk=actor.pk)
    if key:
        recipients = recipients.exclude(notifications__key=key)
    if obj is not None:
        values = {"object": str(obj), **values}
    with override(settings.LANGUAGE_CODE):  # stored once, in the portal's language
        # A command or a data load acts without a user: "Hệ thống" did it.
        who = _("Hệ thống") if actor is None else actor.get_full_name() or actor.get_username()
        message = str(spec.message) % {"actor": who, **values}
    link = reverse(spec.url_name, args=[obj.pk] if obj is not None else [])
    created = Notification.objects.bulk_create(
        Notification(recipient=user, event=event, key=key, message=message[:500], link=link)
        for user in recipients
    )
    if created and settings.NOTIFICATION_EMAILS:
        ids = [n.pk for n in created]
        transaction.on_commit(partial(email_notifications.delay, ids))
    return created


def mark_read(*, user, pk: int | None = None) -> str:
    """Mark one of the user's notifications read (all when `pk` is None); returns its link."""
    items = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is None:
        items.update(read_at=timezone.now())
        return ""
    items.filter(pk=pk).update(read_at=timezone.now())
    notice = Notification.objects.filter(recipient=user, pk=pk).first()
    return notice.link if notice else ""


def preference_save(*, user, email: str) -> Preference:
    """Save the user's choice; the same choice again writes nothing (no row for the default)."""
    preference = Preference.objects.filter(user=user).first() or Preference(user=user)
    previous = preference.email
    if previous == email:
        return preference
    preference.email = email
    preference.full_clean()
    preference.save()
    log_action(
        preference,
        actor=user,
        event="notification_preference",
        label=_("Đổi cách nhận thông báo"),
        changes={"email": [previous, email]},
    )
    return preference

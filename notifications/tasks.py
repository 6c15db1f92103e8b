from celery import shared_task

from . import mail


@shared_task
def email_notifications(ids: list[int]) -> int:
    """Queued after the commit of the step that wrote the notifications."""
    return mail.email_now(ids)


@shared_task
def email_digests() -> int:
    """Daily (CELERY_BEAT_SCHEDULE, or the `send_notification_digest` command from cron)."""
    return mail.email_digests()

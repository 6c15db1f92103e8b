from celery import shared_task
from django.utils import timezone

from .reminders import send_reminders


@shared_task
def send_reminders_task() -> int:
    """Daily (Celery beat): notices for reports due within a week or overdue."""
    return len(send_reminders(timezone.localdate()))

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def generate_version(pk: int) -> None:
    """Render one stored version of a report. A worker killed midway leaves the message
    unacknowledged, so it runs again; a version already done is not made twice."""
    services.version_render(pk)

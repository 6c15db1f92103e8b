from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    # The version row is the result. Without a result to store, queueing does not wait for the
    # result store: with Redis down it failed after ~20 s of reconnecting, instead of ~1 s,
    # before version_request fell back to rendering inline.
    ignore_result=True,
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

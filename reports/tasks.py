from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
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
    # A rendering that hangs is stopped where versions_sweep would give up on it anyway: the
    # soft limit raises inside the task, so the version is marked failed with the reason.
    soft_time_limit=settings.REPORT_VERSION_TIMEOUT,
    time_limit=settings.REPORT_VERSION_TIMEOUT + 30,
)
def generate_version(pk: int) -> None:
    """Render one stored version of a report. A worker killed midway leaves the message
    unacknowledged, so it runs again; a version already done is not made twice."""
    services.version_render(pk)


@shared_task(ignore_result=True)
def make_pending_versions() -> int:
    """Every minute (beat) and at the worker's start: the versions queued in the database while
    the broker was down go to the workers; stale running ones are retried or failed."""
    return services.versions_make_pending()


@worker_ready.connect
def on_worker_ready(**kwargs) -> None:
    """A worker coming back takes over what was queued while there was none."""
    make_pending_versions.delay()

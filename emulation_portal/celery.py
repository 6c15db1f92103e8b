import os

from celery import Celery
from celery.signals import setup_logging, task_failure, task_postrun, task_prerun

from . import logging as portal_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings")

app = Celery("emulation_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _keep_django_logging(**kwargs):
    """The worker logs through settings.LOGGING (JSON lines in production), not Celery's own
    handlers: with a receiver here Celery leaves logging alone. Its failure records (logger
    celery.app.trace, with the traceback) come out in the same format, with the task's id."""


@task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs):
    portal_logging.task_started(task_id, task.name)


@task_postrun.connect
def _task_finished(task_id=None, **kwargs):
    portal_logging.task_finished(task_id)


@task_failure.connect
def _record_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, **extra):
    """Keep every failure for the administrators (admin: Tác vụ nền lỗi)."""
    from .models import FailedTask

    FailedTask.record(
        task=sender, task_id=task_id, args=args, kwargs=kwargs, exception=exception,
        traceback=str(extra.get("einfo") or ""),
    )  # fmt: skip

"""A task that fails is recorded for the administrators and logged with its id."""

import logging

import pytest
from django.urls import reverse

from emulation_portal.celery import app
from emulation_portal.models import FailedTask
from tests.test_logging import Collect

pytestmark = pytest.mark.django_db


@app.task(name="tests.explode")
def explode(unit, *, year):
    raise ValueError(f"Không tìm thấy báo cáo của {unit} năm {year}")


@pytest.fixture
def failing_quietly():
    """In-process tasks as without a broker, but failures stay in the result as in a worker."""
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_a_failed_task_is_recorded_and_logged(failing_quietly):
    handler = Collect()
    trace = logging.getLogger("celery.app.trace")
    trace.addHandler(handler)
    try:
        result = explode.delay("Sở Xây dựng", year=2020)
    finally:
        trace.removeHandler(handler)
    assert result.failed()

    failed = FailedTask.objects.get()
    assert (failed.task_name, failed.task_id, failed.retries) == ("tests.explode", result.id, 0)
    assert failed.args == "args=['Sở Xây dựng'], kwargs={'year': 2020}"
    assert failed.exception == "ValueError: Không tìm thấy báo cáo của Sở Xây dựng năm 2020"
    assert 'raise ValueError(f"Không tìm thấy' in failed.traceback

    (line,) = handler.lines
    assert line["level"] == "ERROR" and line["task"] == "tests.explode"
    assert line["task_id"] == result.id
    assert "ValueError: Không tìm thấy báo cáo" in line["exception"]


def test_long_arguments_are_clipped(failing_quietly):
    explode.delay("x" * 5000, year=2020)
    assert len(FailedTask.objects.get().args) == 2000


def test_admin_lists_failures_read_only(client, demo, failing_quietly):
    explode.delay("Sở Xây dựng", year=2020)
    failed = FailedTask.objects.get()
    client.force_login(demo.admin)

    changelist = client.get(reverse("admin:emulation_portal_failedtask_changelist"))
    assert changelist.status_code == 200
    page = changelist.content.decode()
    assert "tests.explode" in page and "ValueError: Không tìm thấy báo cáo" in page
    filtered = client.get(
        reverse("admin:emulation_portal_failedtask_changelist"), {"task_name": "tests.explode"}
    )
    assert filtered.status_code == 200 and failed.task_id in filtered.content.decode()

    detail = client.get(reverse("admin:emulation_portal_failedtask_change", args=[failed.pk]))
    assert detail.status_code == 200 and "Traceback" in detail.content.decode()
    assert b"_save" not in detail.content  # shown, not editable
    assert client.get(reverse("admin:emulation_portal_failedtask_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:emulation_portal_failedtask_change", args=[failed.pk]),
            {"task_name": "khác"},
        ).status_code
        == 403
    )
    assert FailedTask.objects.get().task_name == "tests.explode"


def test_others_cannot_see_failures(client, demo):
    client.force_login(demo.reviewer)
    response = client.get(reverse("admin:emulation_portal_failedtask_changelist"))
    assert response.status_code == 302

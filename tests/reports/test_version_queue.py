"""No request renders a long document; a file version never stays "running" for ever.

Issue 13, finding 9: with Redis unreachable a province-size PDF rendered inside the web request
(35 s, behind gunicorn's 30 s timeout) and its version stayed "running 40 %" for ever. Now:
- a long document is queued in the database (state "queued") and made once a worker is back
  (`make_pending_versions`, its beat task, the worker's start) or, without any broker
  (`make run`), by the one background thread of the web process;
- a version running (or waiting) past REPORT_VERSION_TIMEOUT is queued again, and after
  REPORT_VERSION_ATTEMPTS runs marked failed with the reason shown.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaigns.models import ReportingPeriod
from reports import background, services, tasks
from reports.models import ReportVersion
from tests.test_faults import redis_down  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
QUEUED_TEXT = "Hệ thống đang xếp hàng tạo tệp; tệp sẽ sẵn sàng khi"


@pytest.fixture
def world(full_demo):
    return full_demo


@pytest.fixture
def document(world):
    period = ReportingPeriod.objects.get(authority__code="DT", year=2020, kind="h1")
    return services.document_open(bloc=world.bloc, period=period, actor=world.secretariat)


@pytest.fixture
def long_documents(settings):
    """The demo's Phụ lục 1 (8 units, some 40 rows) counts as long."""
    settings.REPORT_INLINE_MAX_ROWS = 5


@pytest.fixture
def no_render_here(monkeypatch):
    """Fails the test if anything renders a file in this (the request's) thread."""
    calls = []

    def refuse(kind, params, format, *, user):
        calls.append(format)
        raise AssertionError("a long document was rendered inside the request")

    monkeypatch.setattr(services.documents, "render", refuse)
    return calls


@pytest.fixture
def woken(monkeypatch):
    """The background thread's wake-up call, recorded instead of starting a thread."""
    calls = []
    monkeypatch.setattr(background, "wake", lambda: calls.append(True))
    return calls


def _request(client, document, django_capture_on_commit_callbacks, format="pdf"):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("version_request", args=[document.pk, format]))
    version = ReportVersion.objects.latest("pk")
    assert response.url == reverse("version_detail", args=[version.pk])
    return version


def test_the_length_of_a_document_is_its_appendix_rows(world, document, settings):
    version = ReportVersion.objects.create(document=document, format="pdf", status_at="draft")
    rows = services.version_rows(version)
    assert rows > 8  # 8 units with their targets
    settings.REPORT_INLINE_MAX_ROWS = rows
    assert not services.version_is_long(version)
    settings.REPORT_INLINE_MAX_ROWS = rows - 1
    assert services.version_is_long(version)


@pytest.mark.usefixtures("redis_down")
def test_broker_down_a_long_file_is_queued_in_the_database_not_rendered(
    world, document, client, long_documents, no_render_here, woken, caplog,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(world.secretariat)
    version = _request(client, document, django_capture_on_commit_callbacks)
    version.refresh_from_db()
    assert (version.state, version.attempts, no_render_here) == ("queued", 0, [])
    assert "queued in the database" in caplog.text
    page = client.get(reverse("version_detail", args=[version.pk])).content.decode()
    assert QUEUED_TEXT in page
    status = client.get(reverse("version_status", args=[version.pk])).json()
    assert (status["state"], status["download"]) == ("queued", "")
    assert woken == []  # a broker is configured: its workers make it, not the web process


@pytest.mark.usefixtures("redis_down")
def test_broker_down_a_short_file_is_still_rendered_inline(
    world, document, client, django_capture_on_commit_callbacks
):
    client.force_login(world.secretariat)
    version = _request(client, document, django_capture_on_commit_callbacks, format="xlsx")
    version.refresh_from_db()
    assert (version.state, version.attempts) == ("done", 1)


def test_make_pending_versions_makes_the_queued_files_when_the_worker_is_back(world, document):
    queued = [
        ReportVersion.objects.create(
            document=document, format=f, status_at="draft", state=ReportVersion.State.QUEUED
        )
        for f in ("xlsx", "docx")
    ]
    out = io.StringIO()
    call_command("make_pending_versions", stdout=out)  # eager here: the tasks run in-process
    for version in queued:
        version.refresh_from_db()
        assert (version.state, version.progress, version.attempts) == ("done", 100, 1)
    assert "2" in out.getvalue()
    call_command("make_pending_versions", stdout=io.StringIO())  # nothing left: nothing redone
    assert [v.attempts for v in ReportVersion.objects.all()] == [1, 1]


def test_the_beat_task_and_the_worker_start_hand_queued_versions_over(world, document):
    version = ReportVersion.objects.create(
        document=document, format="xlsx", status_at="draft", state=ReportVersion.State.QUEUED
    )
    tasks.make_pending_versions.delay()
    version.refresh_from_db()
    assert version.state == "done"
    version = ReportVersion.objects.create(
        document=document, format="xlsx", status_at="draft", state=ReportVersion.State.QUEUED
    )
    tasks.on_worker_ready()
    version.refresh_from_db()
    assert version.state == "done"


def test_without_any_broker_a_long_file_goes_to_the_background_thread(
    world, document, client, long_documents, woken, django_capture_on_commit_callbacks,
    monkeypatch,
):  # fmt: skip
    client.force_login(world.secretariat)
    real_render = services.documents.render
    monkeypatch.setattr(
        services.documents, "render", lambda *a, **k: pytest.fail("rendered inside the request")
    )
    version = _request(client, document, django_capture_on_commit_callbacks, format="xlsx")
    version.refresh_from_db()
    assert version.state == "queued" and woken == [True]
    assert QUEUED_TEXT in client.get(reverse("version_detail", args=[version.pk])).content.decode()
    monkeypatch.setattr(services.documents, "render", real_render)
    assert background.drain() == 1  # what the thread runs, one version after the other
    version.refresh_from_db()
    assert (version.state, version.attempts) == ("done", 1)


def _running(document, *, minutes_ago: int, attempts: int) -> ReportVersion:
    version = ReportVersion.objects.create(
        document=document, format="pdf", status_at="draft", state="running", progress=40,
        attempts=attempts, started_at=timezone.now() - timedelta(minutes=minutes_ago),
    )  # fmt: skip
    return version


def test_a_version_running_past_the_timeout_is_queued_again(world, document, settings, woken):
    settings.REPORT_VERSION_TIMEOUT = 600
    fresh = _running(document, minutes_ago=5, attempts=1)
    stale = _running(document, minutes_ago=11, attempts=1)
    assert services.versions_sweep() == 1
    fresh.refresh_from_db()
    stale.refresh_from_db()
    assert fresh.state == "running"
    assert stale.state == "queued" and "quá 10 phút" in stale.error


def test_a_version_that_timed_out_every_attempt_is_failed_with_the_reason_shown(
    world, document, client, settings
):
    settings.REPORT_VERSION_TIMEOUT, settings.REPORT_VERSION_ATTEMPTS = 600, 3
    version = _running(document, minutes_ago=11, attempts=3)
    client.force_login(world.secretariat)
    # The page itself notices: no worker, no beat, the user still learns what happened.
    page = client.get(reverse("version_detail", args=[version.pk])).content.decode()
    version.refresh_from_db()
    assert version.state == "failed"
    assert "Quá thời gian tạo tệp" in version.error and "3 lần" in version.error
    assert version.error in page
    assert client.get(reverse("version_status", args=[version.pk])).json()["state"] == "failed"


def test_a_version_from_before_started_at_counts_from_its_creation(world, document, settings):
    settings.REPORT_VERSION_TIMEOUT = 600
    version = ReportVersion.objects.create(
        document=document, format="pdf", status_at="draft", state="running", attempts=3
    )
    ReportVersion.objects.filter(pk=version.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    assert services.versions_sweep() == 1
    version.refresh_from_db()
    assert version.state == "failed"


def test_a_late_run_never_replaces_a_finished_file(
    world, document, monkeypatch, settings, tmp_path
):
    """A timed-out run requeued, then both runs finish: one file is kept, the first made."""
    settings.MEDIA_ROOT = str(tmp_path)
    version = ReportVersion.objects.create(document=document, format="xlsx", status_at="draft")
    real_render = services.documents.render

    def render_then_someone_else_finishes(*args, **kwargs):
        rendered = real_render(*args, **kwargs)
        if not ReportVersion.objects.filter(state="done").exists():
            ReportVersion.objects.filter(pk=version.pk).update(state="running")
            monkeypatch.setattr(services.documents, "render", real_render)
            services.version_render(version.pk)  # the second run, finishing first
        return rendered

    monkeypatch.setattr(services.documents, "render", render_then_someone_else_finishes)
    services.version_render(version.pk)
    version.refresh_from_db()
    assert version.state == "done"
    assert [p.name for p in tmp_path.rglob("*.xlsx")] == [version.file.name.rsplit("/", 1)[1]]


def test_a_version_handed_over_after_a_long_outage_is_not_taken_for_a_lost_one(
    world, document, settings
):
    settings.REPORT_VERSION_TIMEOUT = 600
    version = ReportVersion.objects.create(
        document=document, format="pdf", status_at="draft", state="queued"
    )
    ReportVersion.objects.filter(pk=version.pk).update(
        created_at=timezone.now() - timedelta(minutes=30)
    )
    assert services.version_claim_queued() == version.pk  # the broker is back
    assert services.versions_sweep() == 0
    version.refresh_from_db()
    assert version.state == "pending"
    # Lost by the broker (say Redis restarted empty): queued again once the timeout has passed.
    assert services.versions_sweep(now=timezone.now() + timedelta(minutes=11)) == 1
    version.refresh_from_db()
    assert version.state == "queued" and "Chờ bộ xử lý nền quá 10 phút" in version.error


def test_a_document_that_cannot_be_compiled_fails_in_the_run_not_in_the_request(
    world, document, client, monkeypatch, woken, django_capture_on_commit_callbacks
):
    def broken(document):
        raise RuntimeError("mục lục hỏng")

    monkeypatch.setattr(services, "document_context", broken)
    client.force_login(world.secretariat)
    version = _request(client, document, django_capture_on_commit_callbacks)
    version.refresh_from_db()
    assert version.state == "queued" and woken == [True]
    background.drain()
    version.refresh_from_db()
    assert version.state == "failed" and "mục lục hỏng" in version.error


def test_a_run_stopped_by_the_tasks_time_limit_says_so(world, document, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services.documents, "render", too_slow)
    version = ReportVersion.objects.create(document=document, format="pdf", status_at="draft")
    services.version_render(version.pk)
    version.refresh_from_db()
    assert version.state == "failed" and version.error.startswith("Quá thời gian tạo tệp")


def test_without_a_broker_a_queued_version_left_by_a_restart_is_taken_up_when_looked_at(
    world, document, client, woken
):
    version = ReportVersion.objects.create(
        document=document, format="xlsx", status_at="draft", state="queued"
    )
    client.force_login(world.secretariat)
    assert client.get(reverse("version_status", args=[version.pk])).json()["state"] == "queued"
    assert woken == [True]

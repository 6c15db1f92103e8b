"""Faults (issue "Trust", item 5): what users see and what is kept when something fails.

- Redis down: pages work; a report file is rendered in the web process instead of being queued
  (the documented fallback of reports.services.version_request).
- The worker killed mid-generation: the message was never acknowledged, so a new worker runs the
  task again and the file is produced once.
- The database connection lost during a save: the user gets the Vietnamese 503 page and the
  draft saved before is intact.
- Two officers saving the same draft: the second save is refused, nothing is overwritten.

The shared PostgreSQL and Redis servers are never stopped: the broker is pointed at a closed port,
and the web request's own database connection is terminated from another one.
"""

import io
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from celery import Celery, current_app
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

import reports.tasks  # noqa: F401 - registers generate_version on the apps made here
from awards import catalogue
from awards.models import AwardType
from blocs.models import StaffAssignment
from campaigns import progress
from campaigns.models import ProgressReport, ReportingPeriod, TargetProgress
from reports import services
from reports.models import ReportVersion
from tests.conftest import require
from tests.factories import UserFactory
from tests.reports.test_pdf_sections import appendix_start, numbering, pages

ROOT = Path(__file__).resolve().parent.parent
CLOSED = "redis://127.0.0.1:1/11"  # nothing listens on port 1
SEEN = re.compile(r'name="seen_updated_at" value="([^"]*)"')


def _world(demo):
    # Transactional tests flush the tables afterwards, the migrations' catalogue rows included.
    catalogue.seed(AwardType)
    call_command("load_demo", stdout=io.StringIO())
    demo.h1 = ReportingPeriod.objects.get(authority__code="DT", year=2020, kind="h1")
    return demo


def _draft(world) -> ProgressReport:
    """Sở Công Thương's six-month report (10 targets), reopened: the demo has it accepted."""
    report = ProgressReport.objects.get(period=world.h1, organization=world.org["DT-SCT"])
    return progress.report_transition(
        report=report, event="reopen", actor=world.reviewer, reason="Bổ sung minh chứng."
    )


def _post(page, report, note: str) -> dict:
    """What the browser sends from the edit page it shows: the form as loaded, one note typed."""
    data = {
        "seen_updated_at": SEEN.search(page.content.decode()).group(1),
        "doc-TOTAL_FORMS": "0", "doc-INITIAL_FORMS": "0",
        "doc-MIN_NUM_FORMS": "0", "doc-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    lines = list(report.progress.order_by("pk"))
    for line in lines:
        data |= {f"t{line.pk}-state": line.state, f"t{line.pk}-note": line.note}
    return data | {f"t{lines[0].pk}-note": note}


def _first_note(report) -> str:
    return TargetProgress.objects.filter(report=report).order_by("pk").first().note


# Redis down ----------------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The Celery app as configured, but with its broker and result store on a closed port."""
    settings.REDIS_URL = CLOSED  # what the health check reads
    app = Celery("redis-down", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=CLOSED, result_backend=CLOSED, task_always_eager=False)
    previous = current_app._get_current_object()
    app.set_current()
    yield app
    previous.set_current()
    app.close()


@pytest.mark.django_db
def test_redis_down_pages_work_and_the_report_file_is_made_inline(
    demo, redis_down, client, caplog, django_capture_on_commit_callbacks
):
    world = _world(demo)
    document = services.document_open(bloc=world.bloc, period=world.h1, actor=world.secretariat)
    client.force_login(world.secretariat)
    for url in (
        reverse("home"),
        reverse("bloc_dashboard", args=[world.bloc.pk, 2020]),
        reverse("document_detail", args=[document.pk]),
    ):
        assert client.get(url).status_code == 200, url
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("version_request", args=[document.pk, "pdf"]))
    # Under gunicorn's 30 s timeout with room to spare: giving up on the broker takes ~1 s
    # (it took ~20 s while the task's result was kept in the unreachable result store).
    assert time.monotonic() - started < 15
    version = ReportVersion.objects.get(document=document)
    assert response.url == reverse("version_detail", args=[version.pk])
    assert (version.state, version.attempts) == ("done", 1)
    assert version.file.read().startswith(b"%PDF")
    assert "broker unavailable; rendering report version" in caplog.text
    health = client.get(reverse("health"))
    assert health.status_code == 503 and health.json()["broker"].startswith("error")


# The worker killed mid-generation ------------------------------------------------------------


def _database_url() -> str:
    """The test database, for processes of their own."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _fault_redis() -> str:
    """Redis database 11 of the server in REDIS_URL, away from the other tests' queues."""
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "REDIS_URL (a real Redis broker)")
    import redis

    url = urlsplit(url)._replace(path="/11").geturl()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require(False, f"Redis at {url} ({exc})")
    return url


def _worker(delay: float, queue: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "tests/fault_worker.py", str(delay), "--pool=prefork",
         "--concurrency=1", "-Q", queue, "--without-heartbeat", "--without-gossip",
         "--without-mingle", "-l", "warning"],
        cwd=ROOT, env=env, start_new_session=True,  # its own group: kill it with its children
    )  # fmt: skip


def _wait_for(version: ReportVersion, timeout: float, **expected) -> None:
    deadline = time.monotonic() + timeout
    while True:
        version.refresh_from_db()
        if all(getattr(version, k) == v for k, v in expected.items()):
            return
        assert time.monotonic() < deadline, f"{expected} not reached: {version.state}"
        time.sleep(0.2)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_generation_is_replaced_and_the_file_made_once(demo, tmp_path):
    require(connection.vendor == "postgresql", "PostgreSQL (a database other processes share)")
    broker = _fault_redis()
    world = _world(demo)
    document = services.document_open(bloc=world.bloc, period=world.h1, actor=world.secretariat)
    version = ReportVersion.objects.create(
        document=document, format="pdf", status_at=document.status, requested_by=world.secretariat
    )
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "MEDIA_ROOT": str(tmp_path),
        "CELERY_VISIBILITY_TIMEOUT": "5",  # a dead worker's task is handed out again after 5 s
        "LOG_LEVEL": "WARNING",
        # The appendix in chunks, rendered in processes forked from the worker's own pool
        # process, as a province's would be.
        "PDF_CHUNK_ROWS": "15",
        "PDF_WORKERS": "2",
    }
    first = _worker(120, queue, env)
    try:
        with Celery("faults", broker=broker, set_as_current=False) as sender:
            sender.send_task("reports.tasks.generate_version", args=[version.pk], queue=queue)
        _wait_for(version, 120, state="running", progress=40)  # inside the renderer
        os.killpg(first.pid, signal.SIGKILL)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    version.refresh_from_db()
    assert (version.state, version.attempts) == ("running", 1)

    second = _worker(0, queue, env)
    try:
        _wait_for(version, 120, state="done")
        time.sleep(12)  # past the visibility timeout: an unacknowledged copy would come back
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    version.refresh_from_db()
    assert (version.state, version.progress, version.attempts) == ("done", 100, 2)
    files = list(tmp_path.rglob("*.pdf"))
    assert [f.name for f in files] == [Path(version.file.name).name]
    texts = pages(files[0].read_bytes())
    appendix = numbering(texts[appendix_start(texts) :])
    assert len(appendix) > 4 and appendix == ["", *(str(n) for n in range(2, len(appendix) + 1))]


# The database connection lost during a save --------------------------------------------------


def _terminate_when(prefix: str):
    """An execute wrapper that kills its own database session just before running `prefix`."""
    fired = []

    def wrapper(execute, sql, params, many, context):
        if sql.startswith(prefix) and not fired:
            fired.append(sql)
            pid = context["connection"].connection.info.backend_pid
            other = connection.copy()
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
                    for _ in range(50):  # until the backend has gone
                        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
                        if cursor.fetchone() is None:
                            break
                        time.sleep(0.1)
            finally:
                other.close()
        return execute(sql, params, many, context)

    wrapper.fired = fired
    return wrapper


@pytest.mark.django_db(transaction=True)
def test_database_lost_during_a_save_shows_an_error_and_keeps_the_draft(demo):
    require(connection.vendor == "postgresql", "PostgreSQL (pg_terminate_backend)")
    world = _world(demo)
    report = _draft(world)
    client = Client(raise_request_exception=False)
    client.force_login(world.congthuong)
    url = reverse("report_edit", args=[report.pk])
    saved = client.post(url, _post(client.get(url), report, "Đã xong 80% khối lượng"))
    assert saved.status_code == 302

    page = client.get(url)
    kill = _terminate_when('UPDATE "campaigns_targetprogress"')
    with connection.execute_wrapper(kill):
        response = client.post(url, _post(page, report, "Nội dung sẽ bị mất"))
    assert kill.fired, "the save never reached its first update"
    assert response.status_code == 503 and response["Retry-After"]
    html = response.content.decode()
    assert "chưa được lưu" in html and "vẫn nguyên vẹn" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert _first_note(report) == "Đã xong 80% khối lượng"  # on a new connection

    # The portal reconnects by itself: sending again works.
    again = client.post(url, _post(client.get(url), report, "Đã xong 90% khối lượng"))
    assert again.status_code == 302
    assert _first_note(report) == "Đã xong 90% khối lượng"


# Two officers, one draft ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_second_of_two_officers_saving_one_draft_is_refused(demo):
    world = _world(demo)
    report = _draft(world)
    colleague = UserFactory(full_name="Lê Văn Đồng")
    StaffAssignment.objects.create(user=colleague, organization=world.org["DT-SCT"])
    first, second = Client(), Client()
    first.force_login(world.congthuong)
    second.force_login(colleague)
    url = reverse("report_edit", args=[report.pk])
    first_page, second_page = first.get(url), second.get(url)  # both open the form

    assert first.post(url, _post(first_page, report, "Bản của chị Thương")).status_code == 302
    refused = second.post(url, _post(second_page, report, "Bản của anh Đồng"))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "vừa được Phạm Thị Thương cập nhật lúc" in html and "chưa được lưu" in html
    assert "Bản của anh Đồng" in html  # what he typed is still in the form
    assert _first_note(report) == "Bản của chị Thương"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        (OperationalError("server closed the connection unexpectedly"), 503, "chưa được lưu"),
        (RuntimeError("a bug"), 500, "Lỗi hệ thống"),
    ],
    ids=["database-lost", "bug"],
)
def test_only_a_lost_database_gets_the_503_page(demo, monkeypatch, error, status, text):
    def fail(user):
        raise error

    monkeypatch.setattr("reports.views.dashboard.unit_reports", fail)
    client = Client(raise_request_exception=False)
    client.force_login(demo.congthuong)
    response = client.get(reverse("home"))
    assert response.status_code == status and text in response.content.decode()

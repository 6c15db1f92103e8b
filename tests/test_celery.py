"""The Celery app really talks to Redis: a worker process runs a task sent through the broker."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from emulation_portal.tasks import ping
from tests.conftest import require

ROOT = Path(__file__).resolve().parent.parent


def test_tasks_run_in_process_without_a_broker():
    assert ping.delay("xin chào").get(timeout=5)["pong"] == "xin chào"


@pytest.mark.redis
def test_a_worker_runs_a_task_through_the_real_redis():
    redis_url = os.environ.get("REDIS_URL", "")
    require(bool(redis_url), "REDIS_URL (a real Redis broker)")
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require(False, f"Redis at {redis_url} ({exc})")
    from emulation_portal.celery import app

    assert not app.conf.task_always_eager
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "emulation_portal", "worker",
         "--pool=solo", "--concurrency=1", "-Q", queue, "--without-heartbeat",
         "--without-gossip", "--without-mingle", "-l", "warning"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "emulation_portal.settings"},
    )  # fmt: skip
    try:
        result = ping.apply_async(args=["Khối thi đua 4A"], queue=queue).get(timeout=60)
        assert result["pong"] == "Khối thi đua 4A"
    finally:
        worker.terminate()
        worker.wait(timeout=30)

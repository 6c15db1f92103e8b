"""Load test: 50 users in a deadline-week mix against gunicorn + PostgreSQL + a Celery worker.

Makes a scratch PostgreSQL database (dropped and made again each run), migrates it, loads the
demo and prepares a deadline week (bench/load/prepare.py), then starts gunicorn on 127.0.0.1
with the production settings (DEBUG off) and a Celery worker on its own Redis database, runs
locust headless for a bounded time and prints requests/s, p50/p95 per request type, errors and
the CPU time a request costs.
Everything it started is stopped, and the scratch database dropped, at the end.

Usage: bench/load/run.py [--users 50] [--spawn-rate 10] [--time 60] [--keep]
Environment: LOAD_DATABASE_URL (postgres://postgres@127.0.0.1:5432/ep_load),
LOAD_REDIS_URL (redis://127.0.0.1:6379/12), LOAD_WORKERS (3), LOAD_THREADS (1).
"""

import argparse
import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()  # only this run's database number


def wait_http(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    while True:
        try:
            urllib.request.urlopen(request, timeout=10).read()  # noqa: S310 - our own server
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load}"


def print_figures(results_path: Path) -> None:
    results = json.loads(results_path.read_text(encoding="utf-8"))
    login = results["login"]
    if not login:
        print("not every user logged in; figures cover the logins only")
    else:
        print(f"\nlogin phase: {login['seconds']:.0f} s for everyone to log in")
        for e in login["entries"]:
            print(f"  {e['name']}: {e['count']}, p50 {e['p50']:.0f} ms, p95 {e['p95']:.0f} ms, "
                  f"max {e['max']:.0f} ms, errors {e['failures']}")  # fmt: skip
        for error in login["errors"]:
            print(f"  error: {error['count']}× {error['method']} {error['name']}: {error['error']}")
    entries, total = results["entries"], results["total"]
    if not entries:
        return
    width = max(len(e["name"]) for e in entries)
    print(f"\n{'request':<{width}} {'count':>6} {'fail':>5} {'req/s':>6} {'p50':>6} {'p95':>6} "
          f"{'max':>6}  (ms)")  # fmt: skip
    # Pages (GET) first: the p95 target is theirs; then the posts and the file's wait.
    for e in sorted(entries, key=lambda e: (e["method"] != "GET", e["name"])):
        print(
            f"{e['name']:<{width}} {e['count']:>6} {e['failures']:>5} {e['rps']:>6.1f} "
            f"{e['p50']:>6.0f} {e['p95']:>6.0f} {e['max']:>6.0f}"
        )
    print(
        f"\nall requests: {total['count']}, {total['rps']:.1f} req/s, p50 {total['p50']:.0f} ms, "
        f"p95 {total['p95']:.0f} ms, errors {total['failures']}"
    )
    pages = [e for e in entries if e["method"] == "GET" and e["name"] != "login form"]
    if pages:
        worst = max(pages, key=lambda e: e["p95"])
        print(f"slowest page type at p95: {worst['name']} ({worst['p95']:.0f} ms; target 500 ms)")
    for error in results["errors"]:
        print(f"error: {error['count']}× {error['method']} {error['name']}: {error['error']}")
    if cpu := results["cpu"]:
        # Unlike latencies, CPU time per request hardly depends on what else the machine runs.
        per_request = {k: v * 1000 / total["count"] for k, v in cpu.items()}
        serving = per_request["web"] + per_request["database"] + per_request["worker"]
        ceiling = (os.cpu_count() or 1) * 1000 / serving
        print(
            "CPU per request: "
            + ", ".join(f"{k} {v:.0f} ms" for k, v in per_request.items())
            + f"; serving {serving:.0f} ms ⇒ at most about {ceiling:.0f} req/s of this mix"
            " with the machine's cores to itself"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--time", type=int, default=60, help="seconds of load after the logins")
    parser.add_argument("--keep", action="store_true", help="keep the database and files")
    args = parser.parse_args()
    # Stopped from outside: still stop gunicorn and the worker and drop the database (finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    database_url = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ep_load")
    redis_url = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/12")
    workdir = Path(tempfile.mkdtemp(prefix="emulation-load-"))
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
        "LOAD_PLAN": str(workdir / "plan.json"),
        "LOAD_RESULTS": str(workdir / "results.json"),
        "LOAD_USERS": str(args.users),
        "LOAD_SECONDS": str(args.time),
    }
    os.environ.update(env)
    print(f"machine before: {machine()}")
    print(f"database {database_url}, broker {redis_url}, files in {workdir}")
    recreate_database(database_url)
    flush_redis(redis_url)

    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", verbosity=0, interactive=False)
    from bench.load.prepare import prepare

    plan = prepare(Path(env["LOAD_PLAN"]))
    connections.close_all()
    print(f"prepared {len(plan['units'])} units in {time.perf_counter() - started:.0f} s")

    workers, threads = os.environ.get("LOAD_WORKERS", "3"), os.environ.get("LOAD_THREADS", "1")
    processes, logs = [], {name: workdir / f"{name}.log" for name in ("gunicorn", "celery")}
    try:
        gunicorn = [BIN / "gunicorn", "emulation_portal.wsgi:application", "--bind",
                    f"127.0.0.1:{port}", "--workers", workers, "--threads", threads,
                    "--log-level", "warning"]  # fmt: skip
        celery = [BIN / "celery", "-A", "emulation_portal", "--quiet", "worker", "--concurrency",
                  "1", "-l", "warning", "--without-gossip", "--without-mingle",
                  "--without-heartbeat"]  # fmt: skip
        for name, argv in (("gunicorn", gunicorn), ("celery", celery)):
            output = logs[name].open("w")
            processes.append(
                subprocess.Popen(argv, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
            )
        env |= {
            "LOAD_WEB_PID": str(processes[0].pid),
            "LOAD_WORKER_PID": str(processes[1].pid),
            "LOAD_DB_NAME": urlsplit(database_url).path.lstrip("/"),
        }
        host = f"http://127.0.0.1:{port}"
        wait_http(f"{host}/health/")
        print(f"gunicorn on {host} ({workers} workers × {threads} threads), celery worker ×1")
        print(f"locust: {args.users} users, spawn rate {args.spawn_rate}/s, {args.time} s")
        print(f"machine at start: {machine()}")
        began = time.perf_counter()
        subprocess.run(
            [BIN / "locust", "-f", ROOT / "bench/load/locustfile.py", "--headless",
             "--host", host, "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
             # The locustfile stops the run LOAD_SECONDS after the last login; this is a backstop.
             "--run-time", f"{args.time + 600}s", "--stop-timeout", "30", "--only-summary",
             "--loglevel", "WARNING"],
            cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
            stderr=(workdir / "locust.log").open("w"),
        )  # fmt: skip
        print(f"machine at end: {machine()} ({time.perf_counter() - began:.0f} s)")
        print_figures(Path(env["LOAD_RESULTS"]))
        for name, log in logs.items():
            # Server errors are logged (with their traceback): count them, show a few.
            lines = log.read_text(errors="replace").splitlines()
            errors = [line for line in lines if " ERROR " in line]
            print(f"{name}: {len(errors)} errors logged", *sorted(set(errors))[:5], sep="\n  ")
    finally:
        for process in processes:
            stop(process)
        if not args.keep:
            flush_redis(redis_url)
            drop_database(database_url)
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Backups leave sessions and login-throttling state out (issue 13): an archive must not hand
whoever reads it a signed-in session, nor carry minutes-long lockouts into a restore."""

import json
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils import timezone

from emulation_portal import backup
from tests.conftest import require


@pytest.fixture
def signed_in(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    AccessAttempt.objects.create(
        username="hvquan",
        ip_address="203.0.113.7",
        user_agent="curl",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/accounts/login/",
        failures_since_start=3,
        attempt_time=timezone.now(),
    )
    return session.session_key


def _database_from(archive: Path, tmp_path: Path) -> tuple[Path, dict]:
    with tarfile.open(archive, "r:gz") as tar:
        data = tar.extractfile(backup.DUMP["sqlite"]).read()
        manifest = json.loads(tar.extractfile(backup.MANIFEST).read())
    path = tmp_path / "copy.sqlite3"
    path.write_bytes(data)
    return path, manifest


def test_a_postgresql_backup_holds_no_session_and_no_lockout(signed_in, tmp_path):
    """The real pg_dump archive, read back table by table with pg_restore."""
    if connection.vendor != "postgresql":
        return  # the SQLite copy is the test below; this one runs in CI
    require(bool(shutil.which("pg_restore")), "pg_restore (postgresql-client)")
    archive = tmp_path / "b.tar.gz"
    backup.save(archive)
    with tarfile.open(archive, "r:gz") as tar:
        (tmp_path / "db.pgdump").write_bytes(tar.extractfile(backup.DUMP["postgresql"]).read())
        manifest = json.loads(tar.extractfile(backup.MANIFEST).read())
    rows = {}
    for table in ("django_session", "axes_accessattempt", "blocs_user"):
        rows[table] = subprocess.run(
            ["pg_restore", "--data-only", f"--table={table}", "-f", "-", tmp_path / "db.pgdump"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    assert (
        signed_in not in rows["django_session"] and "203.0.113.7" not in rows["axes_accessattempt"]
    )
    assert "COPY public.blocs_user" in rows["blocs_user"]  # the other tables' rows are there
    assert manifest["counts"]["sessions.Session"] == 0
    assert manifest["counts"]["axes.AccessAttempt"] == 0
    assert SessionStore().exists(signed_in)


def test_a_sqlite_backup_holds_no_session_and_no_lockout(signed_in, tmp_path):
    if connection.vendor != "sqlite":
        return  # PostgreSQL's archive is the test above
    archive = tmp_path / "b.tar.gz"
    backup.save(archive)

    path, manifest = _database_from(archive, tmp_path)
    with closing(sqlite3.connect(path)) as copy:
        assert copy.execute("SELECT COUNT(*) FROM django_session").fetchone() == (0,)
        assert copy.execute("SELECT COUNT(*) FROM axes_accessattempt").fetchone() == (0,)
        assert copy.execute("SELECT COUNT(*) FROM blocs_user").fetchone() is not None
    # Not even in the file's free pages.
    assert signed_in.encode() not in path.read_bytes()
    assert b"203.0.113.7" not in path.read_bytes()
    assert manifest["counts"]["sessions.Session"] == 0
    assert manifest["counts"]["axes.AccessAttempt"] == 0
    # The running portal keeps its sessions.
    assert SessionStore().exists(signed_in)


def test_pg_dump_leaves_the_rows_of_transient_tables_out(db, tmp_path):
    args = backup._pg_dump_args("pg_dump", "00000003-1", tmp_path / "x")
    excluded = {a.split("=", 1)[1].strip('"') for a in args if a.startswith("--exclude-table-data")}
    assert {"django_session", "axes_accessattempt"} <= excluded
    assert not any(a.startswith("--exclude-table=") for a in args)  # the tables themselves stay

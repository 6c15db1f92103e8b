"""`backup` and `restore` (emulation_portal/backup.py).

A backup of the demo world with stored documents restores into a fresh database — a new
PostgreSQL database or a new SQLite file, whichever the suite runs on — with the same rows per
model and the same files; a damaged or hostile archive, and overwriting data without --yes, are
refused before anything is written. Tests run on committed data (transactional_db): pg_dump
reads the database through its own connection.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from psycopg import sql

from awards import services
from awards.models import DossierDocument, Proposal
from emulation_portal import backup
from tests import samples
from tests.conftest import require

ROOT = Path(__file__).resolve().parent.parent
PDF = samples.PDF  # a real PDF: uploads are verified by parsing


def models():
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def checksums(root: Path) -> dict[str, str]:
    """sha256 per relative path, through symlinked folders."""
    return {
        Path(folder, name).relative_to(root).as_posix(): hashlib.sha256(
            Path(folder, name).read_bytes()
        ).hexdigest()
        for folder, _, names in os.walk(root, followlinks=True)
        for name in names
    }


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


def repack(archive: Path, content: dict[str, bytes], *, manifest_follows: bool) -> Path:
    """A copy of `archive` with `content`; the manifest's checksums follow it when asked."""
    manifest = json.loads(content[backup.MANIFEST])
    if manifest_follows:
        for name, data in content.items():
            if name != backup.MANIFEST:
                manifest["files"][name] = {
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "size": len(data),
                }
    content[backup.MANIFEST] = json.dumps(manifest).encode()
    path = archive.with_name("repacked.tar.gz")
    with tarfile.open(path, "w:gz") as tar:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(transactional_db, demo, media, tmp_path, monkeypatch):
    """`backup` with its default name, taken of the demo world with two dossier documents
    stored by the service, a generated report under a Vietnamese name and a folder kept on
    another disk through a symlink."""
    if connection.vendor == "postgresql":
        tools = shutil.which("pg_dump") and shutil.which("pg_restore")
        require(bool(tools), "pg_dump and pg_restore (postgresql-client)")
    proposal = services.proposal_create(
        actor=demo.xaydung,
        proposer=demo.org["DT-SXD"],
        authority=demo.org["DT"],
        kind=Proposal.Kind.ANNUAL,
        year=2024,
        title="Đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2024",
        symbol="15/TTr-SXD",
        dated=date(2024, 12, 10),
    )
    for kind in ("to_trinh", "bien_ban"):
        services.document_add(
            proposal=proposal,
            kind=kind,
            name=f"{kind}.pdf",
            data=PDF + kind.encode(),
            actor=demo.xaydung,
        )
    report = media / "báo cáo" / "Tổng kết năm 2024.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(PDF + "Khối thi đua 4A".encode())
    (tmp_path / "disk2").mkdir()
    (tmp_path / "disk2" / "bang-tong-hop.xlsx").write_bytes(b"PK\x03\x04 workbook")
    (media / "imports").symlink_to(tmp_path / "disk2")

    monkeypatch.chdir(tmp_path)
    call_command("backup", stdout=io.StringIO())
    (path,) = tmp_path.glob("backup-*.tar.gz")
    assert path.stat().st_mode & 0o777 == 0o600
    return path


@pytest.fixture
def fresh(tmp_path):
    """A new, empty database on the server the suite runs on: its URL and row counts."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def count(table):
            with closing(sqlite3.connect(path)) as db:
                return db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - model tables

        yield SimpleNamespace(url=f"sqlite:///{path}", count=count)
        return
    db = connection.settings_dict
    params = connection.get_connection_params()
    name = f"ep_restore_{uuid.uuid4().hex[:8]}"
    server = psycopg.connect(**(params | {"dbname": "postgres"}), autocommit=True)
    server.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")

    def count(table):
        with psycopg.connect(**(params | {"dbname": name})) as restored:
            query = sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
            return restored.execute(query).fetchone()[0]

    try:
        yield SimpleNamespace(
            url=f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{name}", count=count
        )
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(
    archive, media, fresh, tmp_path
):
    source = {m._meta.label: m._base_manager.count() for m in models()}
    assert source["awards.DossierDocument"] == 2
    manifest = json.loads(members(archive)[backup.MANIFEST])
    assert manifest["counts"] == source
    assert manifest["database"]["vendor"] == connection.vendor
    applied = MigrationRecorder(connection).applied_migrations()
    assert sorted(applied) == [(a, n) for a, names in manifest["migrations"].items() for n in names]

    restored_media = tmp_path / "restored-media"
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": fresh.url, "MEDIA_ROOT": str(restored_media)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "khớp bản sao lưu" in result.stdout

    assert {m._meta.label: fresh.count(m._meta.db_table) for m in models()} == source
    assert checksums(restored_media) == checksums(media)
    assert len(checksums(media)) == 4
    stored = DossierDocument.objects.first()
    assert (restored_media / stored.file.name).read_bytes() == stored.file.read()


def test_restore_with_yes_brings_a_changed_database_and_media_back(archive, media):
    DossierDocument.objects.all().delete()
    (media / "báo cáo" / "Tổng kết năm 2024.pdf").unlink()
    expected = json.loads(members(archive)[backup.MANIFEST])["counts"]

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)

    assert DossierDocument.objects.count() == 2
    assert {m._meta.label: m._base_manager.count() for m in models()} == expected
    assert (media / "báo cáo" / "Tổng kết năm 2024.pdf").exists()
    assert "4 tệp" in out.getvalue()


def test_restore_over_data_without_yes_is_refused(archive, media):
    DossierDocument.objects.all().delete()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert DossierDocument.objects.count() == 0


def test_a_damaged_archive_is_refused_naming_the_file(archive, media):
    content = members(archive)
    name = "media/báo cáo/Tổng kết năm 2024.pdf"
    content[name] = content[name].replace(b"4A", b"4B")
    damaged = repack(archive, content, manifest_follows=False)
    (media / "báo cáo" / "Tổng kết năm 2024.pdf").unlink()

    for extra in (["--check"], ["--yes"]):
        with pytest.raises(CommandError, match=f"{name} \\(sai mã kiểm tra sha256\\)"):
            call_command("restore", str(damaged), *extra, stdout=io.StringIO())

    assert not (media / "báo cáo" / "Tổng kết năm 2024.pdf").exists()
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "nguyên vẹn" in out.getvalue()


@pytest.mark.parametrize("name", ["media/../../escape.txt", "/escape.txt", "escape.txt"])
def test_a_member_outside_media_is_refused_even_with_a_matching_checksum(
    archive, media, tmp_path, name
):
    content = members(archive) | {name: b"not a record"}
    hostile = repack(archive, content, manifest_follows=True)

    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("restore", str(hostile), "--yes", stdout=io.StringIO())

    assert not list(tmp_path.parent.rglob("escape.txt"))
    assert not Path("/escape.txt").exists()


def test_an_older_pg_dump_than_the_server_is_refused(db, monkeypatch, tmp_path):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://…)")
    monkeypatch.setattr(backup, "_pg_tool", lambda name: (name, 9))

    with pytest.raises(CommandError, match="pg_dump 9 cũ hơn máy chủ PostgreSQL"):
        call_command("backup", "-o", str(tmp_path / "b.tar.gz"))

    assert not list(tmp_path.iterdir())

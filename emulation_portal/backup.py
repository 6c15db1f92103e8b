"""Backup and restore of the portal's records: the database and every file under MEDIA_ROOT in
one tar.gz, with a manifest of row counts and checksums (commands `backup` and `restore`).

The database is copied with its own tools, so the copy is exact (sequences, constraints, data
rows of migrations) and consistent while the portal keeps running:
- PostgreSQL: `pg_dump --format=custom` reads the snapshot the manifest's row counts were taken
  in; `pg_restore` loads it in one transaction, so a failed restore changes nothing.
- SQLite: the sqlite3 online backup API, in both directions.
A vendor-neutral `dumpdata` was not chosen: it is slow and memory-bound on large tables, reads
no consistent snapshot, and loading it over the rows data migrations create needs clean-up.

Sessions and login-throttling state are left out (their tables are kept, empty): a session
key in an archive is a signed-in user's session for whoever reads the archive while it lasts,
and lockouts are minutes-long state of the running portal, not records. A restore signs
everyone out. The login history (axes' AccessLog) is a record and stays.

Operator messages are Vietnamese, like those of the other commands.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path, PurePosixPath

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media/"
DUMP = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1 << 20
# Tables whose rows are never archived (see the module's docstring).
TRANSIENT_TABLES = (
    "django_session",
    "axes_accessattemptexpiration",  # before axes_accessattempt, which it references
    "axes_accessattempt",
    "emulation_portal_throttle",
)


class BackupError(Exception):
    """A refusal or a failure, worded for the operator."""


class _Hashing:
    """A read-only stream that hashes and counts the bytes read through it."""

    def __init__(self, stream):
        self.stream, self.sha256, self.size = stream, hashlib.sha256(), 0

    def read(self, size=-1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def entry(self) -> dict:
        return {"sha256": self.sha256.hexdigest(), "size": self.size}


# Backup ---------------------------------------------------------------------------------------


def save(path: Path) -> dict:
    """Write the archive to `path`, readable by its owner only (it holds personal records and
    password hashes); a failed backup leaves no partial file behind."""
    part = path.with_name(path.name + ".part")
    try:
        with os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            manifest = create(out)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
    return manifest


def create(out) -> dict:
    """Write the archive to the binary stream `out`; return its manifest."""
    dump_name = DUMP.get(connection.vendor)
    if dump_name is None:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / dump_name
        dumped = _dump_postgresql(dump) if connection.vendor == "postgresql" else _dump_sqlite(dump)
        if not dumped["migrations"]:
            # Most likely a wrong DATABASE_URL; an empty archive must not pass for a backup.
            raise BackupError(
                f"Cơ sở dữ liệu “{connection.settings_dict['NAME']}” chưa có bảng nào "
                "(kiểm tra DATABASE_URL); không sao lưu."
            )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            **dumped,
            "files": {},
        }
        with tarfile.open(fileobj=out, mode="w|gz") as tar:
            _add(tar, dump_name, dump, manifest)
            root = Path(settings.MEDIA_ROOT)
            for path in _media_files():
                _add(tar, MEDIA + path.relative_to(root).as_posix(), path, manifest)
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
    return manifest


def _add(tar, name: str, path: Path, manifest: dict) -> None:
    with path.open("rb") as file:
        stat = os.fstat(file.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        stream = _Hashing(file)
        tar.addfile(info, stream)
    manifest["files"][name] = stream.entry()


def _media_files() -> list[Path]:
    """Every file under MEDIA_ROOT, through symlinked folders too (media kept on another disk),
    each real folder once."""
    files, seen = [], set()
    for folder, subfolders, names in os.walk(settings.MEDIA_ROOT, followlinks=True):
        if (real := os.path.realpath(folder)) in seen:
            subfolders.clear()
            continue
        seen.add(real)
        files += [path for name in names if (path := Path(folder, name)).is_file()]
    return sorted(files)


def _dump_postgresql(path: Path) -> dict:
    pg_dump, client = _pg_tool("pg_dump")
    server = connection.pg_version // 10000
    if client < server:
        raise BackupError(
            f"pg_dump {client} cũ hơn máy chủ PostgreSQL {server} nên không sao lưu được: "
            f"cài postgresql-client-{server} (hoặc mới hơn)."
        )
    # A second connection holds the snapshot open while pg_dump reads it.
    with psycopg.connect(**connection.get_connection_params()) as snapshot:
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot.read_only = True
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            state = _state(cursor)
            _run(_pg_dump_args(pg_dump, snapshot_id, path))
    return {"database": {"vendor": "postgresql", "server": server, "pg_dump": client}, **state}


def _pg_dump_args(pg_dump: str, snapshot_id: str, path: Path) -> list[str]:
    """pg_dump of the snapshot, transient tables' schema without their rows."""
    tables = set(connection.introspection.table_names())
    return [
        pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot_id}",
        f"--file={path}",
        *(f"--exclude-table-data={connection.ops.quote_name(table)}"
          for table in TRANSIENT_TABLES if table in tables),
    ]  # fmt: skip


def _dump_sqlite(path: Path) -> dict:
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        for table in TRANSIENT_TABLES:
            if table in tables:
                # Names from the constant above, quoted; nothing user-supplied.
                copy.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
        copy.commit()
        # Deleted rows stay readable in free pages until the file is rewritten.
        copy.execute("VACUUM")
        state = _state(copy.cursor())
    return {"database": {"vendor": "sqlite", "sqlite": sqlite3.sqlite_version}, **state}


def _state(cursor) -> dict:
    """Rows per model and applied migrations, read through `cursor` (any DB-API cursor on a
    database with the same tables as the configured one). Transient tables count as empty,
    as a backup holds and a restore leaves them."""
    tables = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in TRANSIENT_TABLES and table in tables:
            counts[model._meta.label] = 0
        elif model._meta.managed and not model._meta.proxy and table in tables:
            # Table names come from the models, quoted; nothing user-supplied.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[model._meta.label] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return {"counts": counts, "migrations": migrations}


def _pg_tool(name: str) -> tuple[str, int]:
    """Path and major version of a PostgreSQL client program."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy {name}: cài gói postgresql-client.")
    version = _run([path, "--version"])
    return path, int(re.search(r"\)\s*(\d+)", version)[1])


def _run(args: list[str]) -> str:
    """Run a PostgreSQL client program on the configured database; the password travels in
    the environment, never on the command line."""
    db = connection.settings_dict
    env = os.environ | {
        key: str(value)
        for key, value in {
            "PGDATABASE": db["NAME"],
            "PGUSER": db["USER"],
            "PGPASSWORD": db["PASSWORD"],
            "PGHOST": db["HOST"],
            "PGPORT": db["PORT"],
            "PGSSLMODE": db["OPTIONS"].get("sslmode"),
        }.items()
        if value
    }
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{Path(args[0]).name} thất bại: {result.stderr.strip()}")
    return result.stdout


# Restore --------------------------------------------------------------------------------------


def verify(path: Path) -> dict:
    """Check every member against the manifest and return the manifest; writes nothing."""
    seen: dict[str, dict] = {}
    manifest = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                name = _checked(member)
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest = json.loads(source.read())
                    continue
                stream = _Hashing(source)
                while stream.read(CHUNK):
                    pass
                seen[name] = stream.entry()
    except (OSError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"Không đọc được bản sao lưu {path}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} không phải bản sao lưu của cổng (thiếu {MANIFEST} hợp lệ).")
    expected = manifest["files"]
    damaged = [
        f"{name} ({'thiếu' if name not in seen else 'sai mã kiểm tra sha256'})"
        for name in expected
        if seen.get(name) != expected[name]
    ] + [f"{name} (không có trong {MANIFEST})" for name in seen.keys() - expected.keys()]
    if damaged:
        raise BackupError(f"Bản sao lưu {path} bị hỏng, không phục hồi gì: " + "; ".join(damaged))
    return manifest


def _checked(member: tarfile.TarInfo) -> str:
    """The member's name if it is a regular file at a place the archive format allows."""
    name, parts = member.name, PurePosixPath(member.name).parts
    allowed = name in (MANIFEST, *DUMP.values()) or (name.startswith(MEDIA) and len(parts) > 1)
    if not member.isfile() or not allowed or name.startswith("/") or ".." in parts:
        raise BackupError(
            f"Bản sao lưu có mục không hợp lệ “{name}” (chỉ nhận tệp thường trong {MEDIA}, "
            "không đường dẫn tuyệt đối hay “..”); không phục hồi gì."
        )
    return name


def _existing_data() -> str:
    """What a restore would overwrite, in words; empty when the database and media are empty."""
    with connection.cursor() as cursor:
        rows = sum(_state(cursor)["counts"].values())
    files = len(_media_files())
    found = []
    if rows:
        found.append(f"{rows} dòng trong cơ sở dữ liệu “{connection.settings_dict['NAME']}”")
    if files:
        found.append(f"{files} tệp trong {settings.MEDIA_ROOT}")
    return " và ".join(found)


def restore(path: Path, manifest: dict, confirm) -> list[str]:
    """Put back the database and media of a verified archive; return the summary lines.

    When data would be overwritten, `confirm(what)` is called before anything is written and
    raises to stop; `confirm=None` overwrites without asking.
    """
    database = manifest["database"]
    if database["vendor"] != connection.vendor:
        raise BackupError(
            f"Bản sao lưu là của {database['vendor']}, còn cơ sở dữ liệu đang cấu hình là "
            f"{connection.vendor}."
        )
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    if connection.vendor == "postgresql":
        _refuse_newer_schema(applied)
    if confirm and (found := _existing_data()):
        confirm(found)
    written = 0
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, "r:gz") as tar:
        for member in tar:
            name = _checked(member)
            if name == MANIFEST:
                continue
            # `_checked` allows no absolute path and no "..", so this stays under its folder.
            folder = settings.MEDIA_ROOT if name.startswith(MEDIA) else tmp
            target = Path(folder, name.removeprefix(MEDIA))
            _write(tar.extractfile(member), target, manifest["files"][name])
            if name.startswith(MEDIA):
                written += member.size
            elif connection.vendor == "postgresql":
                _load_postgresql(target, database["pg_dump"])
            else:
                _load_sqlite(target)
    return _summary(manifest, applied, written)


def _refuse_newer_schema(applied: set) -> None:
    """pg_restore --clean replaces the objects in the dump only: tables of later migrations
    would stay behind and break the next `migrate`."""
    with connection.cursor() as cursor:
        current = {(a, n) for a, names in _state(cursor)["migrations"].items() for n in names}
    newer = sorted(current - applied)
    if newer:
        latest = {app: max((n for a, n in applied if a == app), default="zero") for app, _ in newer}
        steps = "; ".join(f"python manage.py migrate {app} {name}" for app, name in latest.items())
        raise BackupError(
            "Cơ sở dữ liệu có migration mới hơn bản sao lưu ("
            + ", ".join(f"{app}.{name}" for app, name in newer)
            + f"). Phục hồi vào cơ sở dữ liệu trống, hoặc đưa về trạng thái của bản sao lưu "
            f"trước: {steps}."
        )


def _write(source, target: Path, expected: dict) -> None:
    """Copy a member to `target` through a temporary file, checking its checksum again."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    stream = _Hashing(source)
    try:
        with part.open("wb") as out:
            shutil.copyfileobj(stream, out, CHUNK)
        if stream.entry() != expected:
            raise BackupError(f"Tệp {target.name} đổi trong lúc phục hồi; chạy lại lệnh.")
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)


def _load_postgresql(dump: Path, dumped_by: int) -> None:
    pg_restore, client = _pg_tool("pg_restore")
    if client < dumped_by:
        raise BackupError(
            f"pg_restore {client} không đọc được bản dump của pg_dump {dumped_by}: "
            f"cài postgresql-client-{dumped_by} (hoặc mới hơn)."
        )
    # Ownership and grants belong to the server being restored to, not to the records.
    _run(
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--no-password", f"--dbname={connection.settings_dict['NAME']}",
         str(dump)]
    )  # fmt: skip


def _load_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    with closing(sqlite3.connect(dump)) as source:
        source.backup(connection.connection)


def _summary(manifest: dict, applied: set, media_bytes: int) -> list[str]:
    with connection.cursor() as cursor:
        now = _state(cursor)["counts"]
    expected = manifest["counts"]
    # An archive made before transient tables were left out still counts their rows.
    transient = {
        m._meta.label
        for m in apps.get_models(include_auto_created=True)
        if m._meta.db_table in TRANSIENT_TABLES
    }
    wrong = [
        f"{key} {now.get(key)}≠{n}"
        for key, n in expected.items()
        if now.get(key) != n and key not in transient
    ]
    if wrong:
        raise BackupError("Số dòng sau khi phục hồi không khớp bản sao lưu: " + ", ".join(wrong))
    files = sum(name.startswith(MEDIA) for name in manifest["files"])
    size = f"{media_bytes / 2**20:.1f}".replace(".", ",")
    lines = [
        f"Cơ sở dữ liệu “{connection.settings_dict['NAME']}”: {sum(expected.values())} dòng "
        f"trong {len(expected)} bảng, khớp bản sao lưu.",
        f"Media: {files} tệp ({size} MB) vào {settings.MEDIA_ROOT}, đúng mã kiểm tra sha256.",
    ]
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    if pending := on_disk - applied:
        lines.append(f"Còn {len(pending)} migration chưa áp dụng: chạy python manage.py migrate.")
    if unknown := applied - on_disk:
        lines.append(
            f"Cảnh báo: bản sao lưu có {len(unknown)} migration mà mã nguồn này không có "
            f"(ví dụ {'.'.join(min(unknown))}): dùng phiên bản cổng đã tạo bản sao lưu."
        )
    return lines

"""Static checks of the deployment files (Dockerfile, docker-compose.yml, .env.example).

No container engine exists on the development machines, so the stack cannot be started
here; these tests keep the files consistent with each other and with settings.py instead.
PyYAML is not a dependency, so docker-compose.yml is read with a small indentation-based
splitter that relies on the file's plain layout (two-space indents, no anchors).
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "emulation_portal" / "settings.py"
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
DOCKERIGNORE = ROOT / ".dockerignore"
GUIDE = ROOT / "docs" / "deployment.md"

ENV_READ = re.compile(r"\benv_(?:str|bool|int|list)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def read(path: Path) -> str:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    return path.read_text(encoding="utf-8")


def settings_env_names() -> set[str]:
    names = set(ENV_READ.findall(read(SETTINGS)))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= names, "regex lost track"
    return names


def env_example() -> dict[str, str]:
    values = {}
    for line in read(ENV_EXAMPLE).splitlines():
        match = ASSIGNMENT.match(line.strip())
        if match:
            values[match.group(1)] = match.group(2)
    return values


def top_level_blocks(text: str, indent: int) -> dict[str, str]:
    """Split YAML text into `key: body` blocks for the keys at exactly `indent` spaces."""
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        depth = len(line) - len(line.lstrip(" "))
        if depth < indent:
            current = None
        elif depth == indent:
            current = line.strip().split(":", 1)[0]
            blocks[current] = [line]
        elif current is not None:
            blocks[current].append(line)
    return {key: "\n".join(lines) for key, lines in blocks.items()}


def compose_section(name: str) -> str:
    text = read(COMPOSE)
    match = re.search(rf"^{name}:\n(.*?)(?=^\S|\Z)", text, flags=re.MULTILINE | re.DOTALL)
    assert match, f"docker-compose.yml has no top-level `{name}:`"
    return match.group(1)


def services() -> dict[str, str]:
    return top_level_blocks(compose_section("services"), indent=2)


def dockerfile_cmd() -> str:
    match = re.search(r"^CMD (\[.*\])$", read(DOCKERFILE), flags=re.MULTILINE)
    assert match, "Dockerfile needs an exec-form CMD"
    return " ".join(json.loads(match.group(1)))


# --- .env.example -------------------------------------------------------------------------


def test_env_example_defines_every_variable_settings_reads():
    missing = settings_env_names() - env_example().keys()
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_env_example_documents_every_variable():
    """Each assignment sits in a block that starts with a comment."""
    documented = False
    undocumented = []
    for line in read(ENV_EXAMPLE).splitlines():
        stripped = line.strip()
        if not stripped:
            documented = False
        elif stripped.startswith("#"):
            documented = True
        elif ASSIGNMENT.match(stripped) and not documented:
            undocumented.append(stripped.split("=", 1)[0])
    assert not undocumented, f"no comment above {undocumented} in .env.example"


def test_env_example_is_production_ready_and_matches_the_services():
    env = env_example()
    assert env["DEBUG"] == "false"
    assert env["SECRET_KEY"] == "", "the example must not ship a usable SECRET_KEY"
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["MEDIA_ROOT"] == "/app/media"

    url = urlsplit(env["DATABASE_URL"])
    assert url.scheme in {"postgres", "postgresql"}
    assert (url.hostname, url.port) == ("db", 5432)
    assert url.username == env["POSTGRES_USER"]
    assert url.password == env["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == env["POSTGRES_DB"]


# --- docker-compose.yml -------------------------------------------------------------------


def test_compose_defines_the_four_services():
    assert set(services()) == {"web", "worker", "db", "redis"}


@pytest.mark.parametrize("name", ["web", "worker"])
def test_app_services_share_image_env_media_and_wait_for_healthy_backends(name):
    block = services()[name]
    assert "build: ." in block
    assert "image: emulation-portal:latest" in block
    assert "env_file: .env" in block
    assert "- media:/app/media" in block
    for backend in ("db", "redis"):
        assert re.search(rf"^ +{backend}:\n +condition: service_healthy$", block, re.MULTILINE)


def test_web_migrates_then_runs_the_image_command_on_port_8000():
    block = services()["web"]
    assert "docker/entrypoint.sh" in block
    match = re.search(r"^ +command: (.+)$", block, flags=re.MULTILINE)
    assert match, "web needs a command (a compose entrypoint clears the image CMD)"
    assert match.group(1).strip() == dockerfile_cmd()
    assert re.search(r'- "(?:[\d.]+:)?8000:8000"', block)

    script = read(ENTRYPOINT)
    assert script.startswith("#!/bin/sh")
    assert "set -e" in script
    assert script.index("python manage.py migrate --noinput") < script.index('exec "$@"')


def test_worker_runs_celery_and_does_not_migrate():
    block = services()["worker"]
    assert "command: celery -A emulation_portal worker -l info --concurrency 2 --beat" in block
    assert "entrypoint" not in block
    assert "ports" not in block


def test_db_and_redis_have_healthchecks_and_db_persists():
    db, redis = services()["db"], services()["redis"]
    assert "image: postgres:15" in db
    assert "healthcheck:" in db and "pg_isready" in db
    assert "- postgres-data:/var/lib/postgresql/data" in db
    env = env_example()
    for name in ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"):
        assert f"${{{name}" in db, f"db does not read {name}"
        assert name in env

    assert "image: redis:7" in redis
    assert "healthcheck:" in redis and '"redis-cli", "ping"' in redis


def test_compose_declares_its_named_volumes():
    assert set(top_level_blocks(compose_section("volumes"), indent=2)) == {
        "postgres-data",
        "media",
    }


# --- Dockerfile, .dockerignore and the guide ----------------------------------------------


def test_dockerfile_builds_a_locked_non_root_image():
    text = read(DOCKERFILE)
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", text, re.MULTILINE)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "fonts-liberation2"):
        assert package in text

    uv_version = re.search(r"^UV_VERSION := (\S+)$", read(ROOT / "Makefile"), re.MULTILINE)
    assert uv_version and f"uv=={uv_version.group(1)}" in text, "uv differs from the Makefile"
    assert "UV_PROJECT_ENVIRONMENT=/app/.venv" in text
    assert text.index("COPY pyproject.toml uv.lock") < text.index("RUN uv sync --frozen --no-dev")
    assert text.index("RUN uv sync --frozen --no-dev") < text.index("COPY . .")

    assert "python manage.py compile_translations" in text
    assert "DEBUG=false" in text and "python manage.py collectstatic --noinput" in text
    assert re.search(r"^STATIC_ROOT=(\S+)$", read(ENV_EXAMPLE), re.MULTILINE).group(1) == (
        re.search(r"STATIC_ROOT=(\S+)", text).group(1)
    ), "STATIC_ROOT in .env.example must be where the image collected the static files"

    users = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^EXPOSE 8000$", text, re.MULTILINE)
    assert dockerfile_cmd() == (
        "gunicorn emulation_portal.wsgi:application --bind 0.0.0.0:8000 --workers 3 "
        "--access-logfile -"
    )


def test_dockerignore_keeps_local_state_and_secrets_out_of_the_image():
    entries = {line.strip() for line in read(DOCKERIGNORE).splitlines()}
    required = {".venv", ".tools", ".git", ".env", "media", "staticfiles", "db.sqlite3"}
    required |= {"test-artifacts", "__pycache__"}
    assert required <= entries, f"missing {sorted(required - entries)}"


def test_deployment_guide_is_short_and_covers_the_steps():
    text = read(GUIDE)
    assert len(text.splitlines()) <= 60
    for needle in (
        "cp .env.example .env",
        "docker compose up -d --build",
        "docker compose exec web python manage.py createsuperuser",
        "docker compose exec web python manage.py load_demo",
        "X-Forwarded-Proto",
        "pg_dump",
        "/app/media",
        "tests/test_deployment_files.py",
    ):
        assert needle in text, needle

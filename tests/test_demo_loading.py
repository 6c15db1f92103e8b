"""How `load_demo` loads (issue 15: `make run` under 45 s), apart from what it loads."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command

from blocs import demo as blocs_demo
from blocs.models import User

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_demo_accounts_share_one_password_hash(monkeypatch):
    """Hashing is slow on purpose (PBKDF2, a million rounds, ~0.5 s each): the demo accounts,
    who share their password, are hashed once."""
    calls = []
    encode = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, *a: calls.append(a) or encode(self, *a)
    )
    call_command("load_demo", stdout=StringIO())
    assert len(calls) == 1
    accounts = blocs_demo.load()
    assert len(calls) == 1, "loading again hashes nothing"
    for username, _role in accounts:
        assert User.objects.get(username=username).check_password(blocs_demo.DEMO_PASSWORD)


@pytest.mark.django_db
def test_load_demo_migrate_applies_migrations_first(monkeypatch):
    migrated = []
    monkeypatch.setattr(
        "reports.management.commands.load_demo.call_command",
        lambda name, **options: migrated.append((name, options)),
    )
    call_command("load_demo", "--migrate", stdout=StringIO())
    assert migrated == [("migrate", {"interactive": False, "verbosity": 1})]


def test_starting_django_does_not_import_weasyprint():
    """WeasyPrint takes a second of CPU to import (more without cached bytecode); every process
    that loads the URLconf (system checks, runserver, load_demo) paid it before rendering
    anything. It is imported when the first PDF is rendered."""
    code = (
        "import sys, django; django.setup(); import emulation_portal.urls, reports.services;"
        " sys.exit('weasyprint' in sys.modules)"
    )
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "emulation_portal.settings"}
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=False)  # noqa: S603
    assert result.returncode == 0

"""How `load_demo` loads (issue 15: `make run` under 45 s), apart from what it loads."""

from io import StringIO

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command

from blocs import demo as blocs_demo
from blocs.models import User

pytestmark = pytest.mark.django_db


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


def test_load_demo_migrate_applies_migrations_first(monkeypatch):
    migrated = []
    monkeypatch.setattr(
        "reports.management.commands.load_demo.call_command",
        lambda name, **options: migrated.append((name, options)),
    )
    call_command("load_demo", "--migrate", stdout=StringIO())
    assert migrated == [("migrate", {"interactive": False, "verbosity": 1})]

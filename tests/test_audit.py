"""scripts/audit.py judges pip-audit's report: vulnerable fails, unaudited never passes."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "audit", Path(__file__).resolve().parent.parent / "scripts" / "audit.py"
)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "pillow",
    "version": "10.0.0",
    "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["10.0.1"], "aliases": [], "description": ""}],
}
SKIPPED = {"name": "amqp", "skip_reason": "Dependency not found on PyPI"}


def test_all_audited_and_clean_passes():
    status, lines = audit.judge({"dependencies": [CLEAN], "fixes": []})
    assert status == 0
    assert lines == ["pip-audit: 1 of 1 locked packages audited."]


def test_a_vulnerability_fails_naming_the_fix():
    status, lines = audit.judge({"dependencies": [CLEAN, VULNERABLE, SKIPPED], "fixes": []})
    assert status == 1
    assert "  pillow 10.0.0: GHSA-xxxx (fixed in 10.0.1)" in lines


def test_an_unaudited_package_is_not_a_pass():
    status, lines = audit.judge({"dependencies": [CLEAN, SKIPPED], "fixes": []})
    assert status == audit.NOT_AUDITED
    assert "  amqp: Dependency not found on PyPI" in lines

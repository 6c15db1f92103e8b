"""`make run` and `make install` as the Makefile spells them, read with `make -n` (print the
commands, run none): the port option, and set-up steps skipped when their outputs are newer
than their inputs (issue 15: a second `make run` must not reinstall or recompile)."""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="GNU make is not installed")


def dry_run(*args: str, cwd: Path = ROOT) -> str:
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [MAKE, "-n", *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return result.stdout


def runserver_line(output: str) -> str:
    lines = [line for line in output.splitlines() if "manage.py runserver" in line]
    assert len(lines) == 1, output
    return lines[0]


def test_run_serves_on_127_0_0_1_port_8000_by_default():
    output = dry_run("run")
    assert runserver_line(output).endswith("runserver 127.0.0.1:8000")
    assert "http://127.0.0.1:8000" in output


def test_run_takes_port_and_host():
    output = dry_run("run", "PORT=8080")
    assert runserver_line(output).endswith("runserver 127.0.0.1:8080")
    assert "http://127.0.0.1:8080" in output
    assert runserver_line(dry_run("run", "PORT=8117", "HOST=0.0.0.0")).endswith(
        "runserver 0.0.0.0:8117"
    )


def test_run_migrates_and_loads_the_demo_in_one_process():
    """Each Django start-up costs seconds (imports, system checks); migrate runs inside
    load_demo instead of in a process of its own."""
    output = dry_run("run")
    assert "manage.py load_demo --migrate" in output
    assert not re.search(r"manage\.py migrate\b", output)


@pytest.fixture
def project(tmp_path):
    """The Makefile with the files its set-up rules read and write, all up to date."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    po = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    paths = ["pyproject.toml", "uv.lock", po, ".tools/bin/uv", ".venv/.synced", mo]
    stamp = time.time() - 100
    for offset, path in enumerate(paths):  # each later than the one before, as make left them
        path = tmp_path / path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        os.utime(path, (stamp + offset, stamp + offset))
    return tmp_path


def test_install_does_nothing_when_everything_is_up_to_date(project):
    output = dry_run("install", cwd=project)
    assert "uv sync" not in output
    assert "compile_translations" not in output
    assert "pip" not in output


def test_install_syncs_again_after_the_lock_changes(project):
    (project / "uv.lock").touch()
    output = dry_run("install", cwd=project)
    assert "uv sync --frozen" in output
    assert "compile_translations" not in output


def test_install_compiles_the_catalogue_after_it_changes(project):
    (project / "locale" / "en" / "LC_MESSAGES" / "django.po").touch()
    output = dry_run("install", cwd=project)
    assert "compile_translations" in output
    assert "uv sync" not in output


def test_install_creates_uv_then_the_environment_on_a_fresh_clone(project):
    shutil.rmtree(project / ".tools")
    shutil.rmtree(project / ".venv")
    (project / "locale" / "en" / "LC_MESSAGES" / "django.mo").unlink()
    output = dry_run("install", cwd=project)
    assert output.index("uv==") < output.index("uv sync") < output.index("compile_translations")


def test_recipes_write_bytecode_even_where_the_machine_forbids_it():
    """With PYTHONDONTWRITEBYTECODE=1 (Docker images set it) each of `make run`'s Python processes
    compiled the ~1,300 modules it imports again: 2 s of CPU each, the runserver started in 16 s
    instead of 4 on a busy machine. The venv's __pycache__ is git-ignored."""
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [MAKE, "-s", "--eval", 'show-env: ; @echo "[$$PYTHONDONTWRITEBYTECODE]"', "show-env"],
        cwd=ROOT,
        env=os.environ | {"PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"

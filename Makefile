# Two commands matter: `make run` (demo portal on http://127.0.0.1:8000) and `make test`.
# `make run PORT=8080 HOST=0.0.0.0` serves elsewhere.
PYTHON ?= python3.11
VENV := .venv
UV := .tools/bin/uv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
PORT ?= 8000
HOST ?= 127.0.0.1
# Set-up steps are file targets, so a second `make run` skips what is already done: the
# environment is synced again only when uv.lock or pyproject.toml is newer than this stamp,
# a catalogue compiled again only when its .po is newer than its .mo.
SYNCED := $(VENV)/.synced
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
# The venv's interpreter caches bytecode (__pycache__ is git-ignored) even where the machine sets
# PYTHONDONTWRITEBYTECODE, as Docker images do: otherwise each process of `make run` compiles the
# ~1,300 modules it imports again, 2 s of CPU each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install run test lint audit format bench load e2e migrations clean

# uv goes into a pip-less venv, installed by the interpreter's own pip: ensurepip, which puts
# pip into a new venv, cost more than the rest of the install together. Without a system pip
# (or one older than 22.3, without --python), ensurepip after all, which shows any real error.
$(UV):
	$(PYTHON) -m venv --without-pip .tools
	$(PYTHON) -m pip --python .tools/bin/python install --quiet --disable-pip-version-check \
		"uv==$(UV_VERSION)" 2>/dev/null || { .tools/bin/python -m ensurepip --default-pip && \
		.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"; }

$(SYNCED): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON) --quiet
	touch $@

%.mo: %.po | $(SYNCED)
	$(PY) manage.py compile_translations

install: $(SYNCED) $(CATALOGUES)

# migrate runs inside load_demo: one Django start-up (imports, system checks) instead of two.
run: install
	$(PY) manage.py load_demo --migrate
	@echo "Cổng thông tin: http://$(HOST):$(PORT)  (Ctrl+C để dừng)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest

# The browser journeys, the whole year among them, on PostgreSQL with a real Celery worker on
# Redis as CI runs them; DATABASE_URL and REDIS_URL default to the local services.
e2e: install
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/emulation_portal}" \
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/15}" \
	$(VENV)/bin/pytest -m browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in uv.lock (pip-audit on PyPI's feed). Fails, rather than passing
# unaudited, when the feed cannot be reached; CI passes AUDIT_ARGS=--allow-unreachable.
audit: install
	$(PY) scripts/audit.py $(AUDIT_ARGS)

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py

# 50 users for 60 s against gunicorn + PostgreSQL + Celery on 127.0.0.1 (docs/reliability.md).
load: install
	$(PY) bench/load/run.py

# Regenerate locale/en/LC_MESSAGES/django.po from the Vietnamese source strings (needs gettext).
messages: install
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=.tools --ignore=staticfiles

clean:
	rm -rf $(VENV) .tools staticfiles db.sqlite3

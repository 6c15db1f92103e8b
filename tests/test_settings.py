"""Production settings: strict about secrets, quiet under `check --deploy`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-value-0123456789",
    "ALLOWED_HOSTS": "thidua.example.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/emulation-check.sqlite3",
}


def _manage(*args, env):
    unwanted = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by tests/conftest.py for Playwright
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_environment():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


# Run inside `manage.py shell` with the production environment: settings and one response.
PROBE = """
import json
import logging
from django.conf import settings
from django.test import Client, override_settings

# No collectstatic here: plain static storage, since the manifest is not what is tested.
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
    response = Client().get("/accounts/login/", secure=True, HTTP_HOST="thidua.example.gov.vn")
cookie = response.cookies["csrftoken"]
logging.getLogger("emulation_portal").warning("Nhật ký %s", "thử")
names = [
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "AUTH_PASSWORD_VALIDATORS",
]
print(json.dumps({
    "settings": {name: getattr(settings, name, None) for name in names},
    "status": response.status_code,
    "headers": dict(response.headers),
    "csrf_cookie_secure": bool(cookie["secure"]),
}))
"""


def _probe(**env) -> dict:
    result = _manage("shell", "-c", PROBE, env={**PRODUCTION, **env})
    assert result.returncode == 0, result.stdout + result.stderr
    *logged, probe = result.stdout.strip().splitlines()
    return {**json.loads(probe), "logged": logged}


def test_production_settings_and_headers():
    probe = _probe()
    settings, headers = probe["settings"], probe["headers"]
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["SESSION_COOKIE_HTTPONLY"] and settings["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert settings["SESSION_COOKIE_AGE"] == 8 * 3600
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert len(settings["AUTH_PASSWORD_VALIDATORS"]) == 4
    assert probe["status"] == 200 and probe["csrf_cookie_secure"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Request-ID"]
    # Logs are JSON lines on stdout.
    (line,) = [json.loads(line) for line in probe["logged"] if "Nhật ký" in line]
    assert (line["level"], line["logger"], line["message"]) == (
        "WARNING",
        "emulation_portal",
        "Nhật ký thử",
    )


def test_https_settings_follow_the_environment():
    settings = _probe(
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_SSL_REDIRECT="0",
        PROXY_COUNT="0",
    )["settings"]
    assert settings["SECURE_HSTS_SECONDS"] == 600
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert settings["SECURE_SSL_REDIRECT"] is False
    # No proxy: a client's own X-Forwarded-Proto must not make a plain request count as HTTPS.
    assert settings["SECURE_PROXY_SSL_HEADER"] is None


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy: a client's own header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's forged entry is ignored
        (2, "6.6.6.6, 203.0.113.9, 198.51.100.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: misconfigured, use peer
    ],
)
def test_login_throttling_counts_the_client_behind_the_proxies(
    settings, proxies, forwarded, client
):
    from axes.helpers import get_client_ip_address
    from django.test import RequestFactory

    settings.PROXY_COUNT = proxies
    request = RequestFactory().post(
        "/accounts/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert get_client_ip_address(request) == client

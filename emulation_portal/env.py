"""Strict, typed readers for settings that come from the environment."""

import os
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


class EmailSettings(NamedTuple):
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_EMAIL_SCHEMES = {  # scheme: (default port, STARTTLS, implicit TLS)
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "smtps": (465, False, True),
    "smtp+ssl": (465, False, True),
}


def email_url(raw: str) -> EmailSettings:
    """EMAIL_URL: smtp://user:password@host:port, smtp+tls:// (STARTTLS), smtps:// (TLS from
    the start) or console:// (printed on stdout). User and password are percent-encoded."""
    url = urlsplit(raw)
    if url.scheme == "console":
        return EmailSettings("django.core.mail.backends.console.EmailBackend")
    if url.scheme not in _EMAIL_SCHEMES or not url.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL must look like smtp://user:password@host:port "
            f"(schemes: console, {', '.join(_EMAIL_SCHEMES)}), got scheme {url.scheme!r}"
        )
    port, use_tls, use_ssl = _EMAIL_SCHEMES[url.scheme]
    return EmailSettings(
        SMTP_BACKEND,
        host=url.hostname,
        port=url.port or port,
        user=unquote(url.username or ""),
        password=unquote(url.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )

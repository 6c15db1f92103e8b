"""EMAIL_URL is read like DATABASE_URL: one variable for the whole SMTP setup."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from emulation_portal.env import SMTP_BACKEND, email_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.gov.vn", ("mail.example.gov.vn", 25, "", "", False, False)),
        ("smtp+tls://u%40x:p%3Aw@mail:2525", ("mail", 2525, "u@x", "p:w", True, False)),
        ("smtp+tls://u:p@mail", ("mail", 587, "u", "p", True, False)),
        ("smtps://u:p@mail", ("mail", 465, "u", "p", False, True)),
    ],
)
def test_smtp_urls(url, expected):
    settings = email_url(url)
    assert settings.backend == SMTP_BACKEND
    assert settings[1:] == expected


def test_console():
    assert email_url("console://").backend.endswith("console.EmailBackend")


@pytest.mark.parametrize("url", ["http://mail", "smtp://", "mail.example.gov.vn"])
def test_anything_else_is_refused_at_startup(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_url(url)

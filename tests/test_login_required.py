"""Anonymous visitors are sent to the login page by every URL the project defines but login."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db
# The invitation link's pages (blocs.accounts.invitation_link): the invitee has no password yet.
# The favicon: browsers ask for it before anyone logs in.
PUBLIC = {
    "login", "set_language", "health", "favicon", "password_reset_confirm",
    "password_reset_complete",
}  # fmt: skip
SAMPLE_VALUES = {"int": "1", "year": "2020", "slug": "submit", "str": "x", "path": "x"}


def all_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry, prefix + str(entry.pattern)


def test_anonymous_users_are_sent_to_login_everywhere_but_login(client):
    checked = 0
    for pattern, route in all_patterns():
        url = "/" + re.sub(r"<(\w+):\w+>", lambda m: SAMPLE_VALUES[m[1]], route)
        response = client.get(url)
        if pattern.name in PUBLIC:
            assert response.status_code in (200, 302), route
            continue
        assert response.status_code == 302, route
        assert response.url.startswith(reverse("login")), route
        checked += 1
    assert checked >= 25
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/login/" in admin.url

"""Content Security Policy: every page carries the header and nothing inline that it would block.

Each demo account walks the portal from its home page, following same-site links, so a new page
is checked as soon as something links to it.
"""

import html
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from blocs.models import User
from campaigns.models import ProgressReport, Registration

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
TAG = re.compile(r"<[a-zA-Z][^>]*>")
SCRIPT = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son\w+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
HREF = re.compile(r'href="(/[^"#]*)')
# Files rather than pages, the logout, and the admin (ADMIN_PAGES stand for it).
SKIP = re.compile(r"^/(static|media|accounts/logout|i18n|admin)/|format=|download|\.(pdf|xlsx)")
ADMIN_PAGES = [
    "/admin/",
    "/admin/blocs/organization/",
    "/admin/blocs/organization/add/",
    "/admin/emulation_portal/failedtask/",
]
PER_VIEW = 2  # pages of one view are alike: a few of each reach more views


def inline_code(page: str) -> list[str]:
    """Inline scripts, event-handler attributes and inline styles in an HTML page."""
    found = [
        tag
        for tag in SCRIPT.findall(page)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    found += [tag for tag in TAG.findall(page) if HANDLER.search(tag) or STYLE.search(tag)]
    return found


def header_policy(response) -> dict[str, str]:
    parts = (p.strip().split(None, 1) for p in response["Content-Security-Policy"].split(";"))
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts if p}


def crawl(client, start: list[str]) -> dict[str, object]:
    """GET pages breadth-first from `start`, following links inside the portal."""
    seen: dict[str, object] = {}
    per_view = Counter()
    queue = list(start)
    while queue:
        url = queue.pop(0)
        view = url_name(url)
        if url in seen or per_view[view] >= PER_VIEW:
            continue
        per_view[view] += 1
        response = client.get(url)
        seen[url] = response
        if response.get("Content-Type", "").startswith("text/html"):
            for link in HREF.findall(response.content.decode()):
                link = html.unescape(link)
                if link not in seen and not SKIP.search(link):
                    queue.append(link)
    return seen


def url_name(url: str) -> str | None:
    try:
        return resolve(url.split("?")[0]).url_name
    except Resolver404:
        return None


def test_inline_code_is_found():
    assert inline_code('<script>alert(1)</script><a href="#" onclick="x()">') == [
        "<script>",
        '<a href="#" onclick="x()">',
    ]
    assert inline_code('<p style="color:red"><style>') == ['<p style="color:red">', "<style>"]
    assert (
        inline_code(
            '<script src="/static/a.js"></script><script id="d" type="application/json">{}</script>'
            "<p>Báo cáo on=time</p>"
        )
        == []
    )


def test_every_page_has_the_policy_and_no_inline_code(client):
    call_command("load_demo", stdout=StringIO())
    # Reopened, so the unit's forms (with their formset script) are linked too.
    Registration.objects.filter(organization__code="DT-SXD").update(status="draft")
    ProgressReport.objects.filter(organization__code="DT-SXD").update(status="draft")
    pages = {}
    login_page = client.get("/accounts/login/")
    pages["/accounts/login/ (anonymous)"] = login_page
    for username in ("admin", "sonoivu", "hvquan", "xaydung", "congthuong"):
        client.force_login(User.objects.get(username=username))
        start = ["/", "/accounts/password/", "/notifications/"]
        if username == "admin":
            start += ADMIN_PAGES
        for url, response in crawl(client, start).items():
            pages[f"{url} ({username})"] = response
        client.logout()

    html_pages = 0
    for label, response in pages.items():
        assert header_policy(response) == POLICY, label
        if response.get("Content-Type", "").startswith("text/html"):
            html_pages += 1
            assert inline_code(response.content.decode()) == [], label
    covered = {url_name(label.split(" ")[0]) for label in pages}
    # The walk reaches the pages that carry scripts and data for them.
    assert {
        "home",
        "bloc_dashboard",
        "authority_dashboard",
        "registration_detail",
        "registration_edit",
        "report_detail",
        "report_edit",
        "proposal_detail",
        "registry",
        "award_summary",
        "organization_detail",
        "bloc_detail",
        "campaign_detail",
    } <= covered, sorted(n for n in covered if n)
    assert html_pages >= 80

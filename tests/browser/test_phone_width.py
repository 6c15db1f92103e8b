"""Issue 15, Deliver 7: every page is usable on a 390 px phone. Each demo role's reachable pages
(found by `site_walk.crawl`, one per URL pattern) are opened at 390×844 and none may scroll
sideways; a wide table scrolls inside its `.table-responsive` wrapper instead."""

import io
import time

import pytest
from django.core.management import call_command
from django.test import Client

from blocs.models import User
from tests import site_walk as sw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
SCREENSHOTS = {  # a few pages to look at, per role
    "anonymous": ("login",),
    "admin": ("organization_edit", "bloc_year"),
    "reviewer": ("document_detail", "proposal_detail"),
    "secretariat": ("document_detail", "registration_detail"),
    "unit": ("home", "report_edit"),
}

# The elements sticking out past the right edge, outermost first (not those inside a
# scrolling wrapper), to name in the failure.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".table-responsive, .autocomplete-list") && !el.matches(".table-responsive"))
      continue;
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0 && !out.some(o => o.el.contains(el)))
      out.push({el, right: Math.round(box.right)});
  }
  return {
    scroll: document.documentElement.scrollWidth,
    culprits: out.slice(0, 4).map(o => o.el.tagName.toLowerCase()
      + (o.el.id ? "#" + o.el.id : "")
      + (o.el.className && typeof o.el.className === "string"
         ? "." + o.el.className.trim().split(/\\s+/).join(".") : "")
      + " → " + o.right + "px"),
  };
}"""


@pytest.fixture
def world(demo_live, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", stdout=io.StringIO())
    sw._extras()
    return demo_live


def _pages(role) -> list[tuple[str, str]]:
    """(pattern name, path) of each HTML page the role reaches, one per pattern."""
    site = sw.Site()
    crawl = sw.crawl(site, role, per_name=1, start=("/", "/accounts/login/"))
    pages = []
    for path, outcome in crawl.pages.items():
        match = sw._match(path)
        if outcome.status == 200 and outcome.is_html and match is not None:
            pages.append((match.url_name, path))
    return pages


def test_no_page_scrolls_sideways_at_390_px(browser, world, artifacts, settings):
    failures, seen, started = [], 0, time.monotonic()
    for role, username in sw.ROLES.items():
        context = browser.new_context(viewport={"width": WIDTH, "height": 844}, locale="vi-VN")
        if username:  # signed in as the role without typing the password each time
            client = Client()
            client.force_login(User.objects.get(username=username))
            cookie = settings.SESSION_COOKIE_NAME
            context.add_cookies(
                [{"name": cookie, "value": client.cookies[cookie].value, "url": world.url}]
            )
        page = context.new_page()
        violations = []
        page.on(
            "console",
            lambda m, v=violations: v.append(m.text) if "Content Security Policy" in m.text else 0,
        )
        for name, path in _pages(role):
            page.goto(world.url + path)
            seen += 1
            found = page.evaluate(OVERFLOW)
            if found["scroll"] > WIDTH:
                failures.append(f"{role} {path}: {found['scroll']} px {found['culprits']}")
            if name in SCREENSHOTS[role]:
                page.screenshot(path=artifacts / f"phone-{role}-{name}.png", full_page=True)
        context.close()
        assert violations == [], "\n".join(violations)
    print(f"{seen} pages at {WIDTH} px in {time.monotonic() - started:.0f} s")
    assert not failures, "\n".join(failures)

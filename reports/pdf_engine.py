"""WeasyPrint's side of `rendering`: one HTML document to PDF, fetching only the project's
static files (no network, no file reads elsewhere). Imported on the first render, not at start-up.
"""

import gc
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .rendering import FONT_FACES, STATIC_PREFIX, ForbiddenResource


class StaticOnlyFetcher(URLFetcher):
    """Serve `static:<path>` from the project's static files; refuse anything else."""

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_PREFIX):
            raise ForbiddenResource(f"resource not allowed in documents: {url}")
        relative = url[len(STATIC_PREFIX) :]
        found = None if ".." in Path(relative).parts else finders.find(relative)
        if not found:
            raise ForbiddenResource(f"no such static file: {relative}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """WeasyPrint allocates millions of short-lived objects and the cyclic collector's passes over
    them cost about a tenth of a long render; reference counting frees them anyway."""
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def write(html: str, css: str = "") -> tuple[bytes, int]:
    """One WeasyPrint document: its PDF and its number of pages."""
    fonts, fetcher = FontConfiguration(), StaticOnlyFetcher()
    stylesheet = CSS(string=FONT_FACES + css, font_config=fonts, url_fetcher=fetcher)
    with _fewer_collections():
        document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=fonts
        )
        return document.write_pdf(), len(document.pages)

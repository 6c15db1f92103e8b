"""HTML → PDF with WeasyPrint, using only the bundled fonts and the project's static files.

The url_fetcher refuses everything that is not a static file of this project: no network and no
file reads elsewhere. The font family is private ("PortalSerif", Tinos: metric-compatible with
Times New Roman, SIL OFL), so a missing font fails visibly instead of silently falling back.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_PREFIX = "static:"
FONT_FACES = "\n".join(
    f"@font-face {{ font-family: 'PortalSerif'; src: url('{STATIC_PREFIX}fonts/Tinos-{name}.ttf');"
    f" font-weight: {weight}; font-style: {style}; }}"
    for name, weight, style in (
        ("Regular", "normal", "normal"),
        ("Bold", "bold", "normal"),
        ("Italic", "normal", "italic"),
        ("BoldItalic", "bold", "italic"),
    )
)


class ForbiddenResource(ValueError):
    pass


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


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    fonts, fetcher = FontConfiguration(), StaticOnlyFetcher()
    stylesheet = CSS(string=FONT_FACES, font_config=fonts, url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)

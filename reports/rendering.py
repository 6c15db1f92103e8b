"""HTML → PDF with WeasyPrint, using only the bundled fonts and the project's static files.

The url_fetcher refuses everything that is not a static file of this project: no network and no
file reads elsewhere. The font family is private ("PortalSerif", Tinos: metric-compatible with
Times New Roman, SIL OFL), so a missing font fails visibly instead of silently falling back.

A long document is rendered in sections and chunks (`render_sections`): WeasyPrint lays out on
one core at about 5 ms a table row, so a province's 4,400-row appendix would take half a minute
alone. Each chunk is its own WeasyPrint document, rendered in a process of its own; the PDFs are
joined with pypdf, and the pages of a chunk that continues a section get their numbers stamped
on once the pages before them are counted. WeasyPrint itself is in `pdf_engine`, imported on the
first render: importing it costs every process that loads the URLconf a second of CPU.
"""

import io
import os
from dataclasses import dataclass

import billiard
from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter

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


def render_pdf(template: str, context: dict) -> bytes:
    return render_sections([Section([render_to_string(template, context)])])


@dataclass(frozen=True)
class Section:
    """Pages numbered on their own from 1, the first page without its number: the body of a
    report, or an appendix (Decree 30 numbers each appendix separately). `chunks` are HTML
    documents, each continuing the one before on a new page; `page_class` gives an empty
    <section> the pages' size under static/css/document.css, for stamping their numbers."""

    chunks: list[str]
    page_class: str = ""


# User stylesheets: !important is what lets them overrule the document's own @page rules.
UNNUMBERED = "@page { @top-center { content: none !important; } }"
NUMBERS_FROM = "@page :first {{ counter-reset: page {} !important; @top-center {{ content: counter(page) !important; }} }}"  # noqa: E501


def _numbers_html(pages: int, page_class: str) -> str:
    blanks = '<div class="blank-page"></div>' * pages
    return (
        '<!doctype html><html><head><link rel="stylesheet" href="static:css/document.css"></head>'
        f'<body><section class="{page_class}">{blanks}</section></body></html>'
    )


class _Here:
    """Runs each job as it is handed over, in this process: a pool's apply_async, minus the pool."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None

    def apply_async(self, function, args):
        return _Done(function(*args))


@dataclass(frozen=True)
class _Done:
    value: object

    def get(self):
        return self.value


def _pool(parallel: bool):
    """Forked processes, one per CPU unless PDF_WORKERS says, when there is work to share. The pool
    is billiard's, Celery's own: the standard library's refuses to fork from a Celery worker's
    pool process (a daemon)."""
    workers = settings.PDF_WORKERS or os.cpu_count() or 1
    if not parallel or workers < 2 or not hasattr(os, "fork"):
        return _Here()
    return billiard.get_context("fork").Pool(workers)  # the children inherit Django's settings


def render_sections(sections: list[Section]) -> bytes:
    """One PDF of the sections' chunks in order, rendered side by side when a section is cut."""
    from . import pdf_engine  # here, not at the top: see the module's docstring; before the fork

    parts = [(s, index, html) for s in sections for index, html in enumerate(s.chunks)]
    with _pool(parallel=len(parts) > len(sections)) as pool:
        write = pdf_engine.write
        chunks = [pool.apply_async(write, (html, UNNUMBERED if i else "")) for _, i, html in parts]
        if len(chunks) == 1:
            return chunks[0].get()[0]
        # A continuing chunk's numbers are rendered as soon as the pages before it are counted,
        # while the later chunks are still being laid out.
        numbers = {}
        for position, ((section, index, _), chunk) in enumerate(zip(parts, chunks, strict=True)):
            pages = chunk.get()[1]
            if not index:
                number = 1  # the section's page number of the chunk's first page
            else:
                html, css = _numbers_html(pages, section.page_class), NUMBERS_FROM.format(number)
                numbers[position] = pool.apply_async(write, (html, css))
            number += pages
        writer = PdfWriter(clone_from=io.BytesIO(chunks[0].get()[0]))  # title and bookmarks
        for position, chunk in enumerate(chunks[1:], start=1):
            offset = len(writer.pages)
            writer.append(io.BytesIO(chunk.get()[0]))
            if position in numbers:
                stamps = PdfReader(io.BytesIO(numbers[position].get()[0])).pages
                for page, stamp in zip(writer.pages[offset:], stamps, strict=True):
                    page.merge_page(stamp)
                    page.compress_content_streams()  # merging left the page uncompressed
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()

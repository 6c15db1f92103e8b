"""A report's PDF in sections and chunks (reports/rendering.py): Phụ lục 1 numbered on its own,
and a long appendix cut into chunks rendered in processes of their own, numbered on."""

import io
import shutil
import subprocess

import pytest
from billiard.pool import Pool
from pypdf import PdfReader

from reports import bloc_outputs, pdf_engine, rendering
from reports.bloc_report import bloc_report
from tests.conftest import require
from tests.reports.test_bloc_report import SEED_UNITS, period
from tests.reports.test_registration_pdf import _font_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(full_demo):
    return bloc_report(full_demo.bloc, period("h1"))


def pages(pdf: bytes) -> list[str]:
    """Each page's text as pdftotext lays it out, blank lines dropped."""
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    texts = []
    for number in range(1, len(PdfReader(io.BytesIO(pdf)).pages) + 1):
        command = ["pdftotext", "-layout", "-f", str(number), "-l", str(number), "-", "-"]
        out = subprocess.run(command, input=pdf, capture_output=True, check=True).stdout
        texts.append("\n".join(line.strip() for line in out.decode().splitlines() if line.strip()))
    return texts


def numbering(texts: list[str]) -> list[str]:
    """The number at the top of each page, or "" where there is none."""
    return [t.split("\n", 1)[0] if t.split("\n", 1)[0].isdigit() else "" for t in texts]


def appendix_start(texts: list[str]) -> int:
    return next(i for i, t in enumerate(texts) if t.startswith("Phụ lục 1"))


def test_the_appendix_is_numbered_on_its_own(report, settings):
    settings.PDF_WORKERS = 1
    texts = pages(bloc_outputs.to_pdf(report))
    start = appendix_start(texts)
    body, appendix = numbering(texts[:start]), numbering(texts[start:])
    assert body == ["", *(str(n) for n in range(2, start + 1))]
    assert len(appendix) > 1 and appendix == ["", *(str(n) for n in range(2, len(appendix) + 1))]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_long_appendix_is_rendered_in_chunks_and_numbered_on(report, settings, workers):
    settings.PDF_WORKERS, settings.PDF_CHUNK_ROWS = workers, 15
    chunks = bloc_outputs._chunks(report.appendix.units, 15)
    assert len(chunks) > 2 and sum(chunks, []) == report.appendix.units  # no unit cut or lost
    pdf = bloc_outputs.to_pdf(report)
    texts = pages(pdf)
    start = appendix_start(texts)
    appendix = numbering(texts[start:])
    # The first chunk numbers its own pages; the later ones' numbers are stamped on, and go on.
    assert appendix == ["", *(str(n) for n in range(2, len(appendix) + 1))]
    assert numbering(texts[:start])[1:] == [str(n) for n in range(2, start + 1)]
    text = "\n".join(texts[start:])
    assert text.count("Phụ lục 1") == 1 and text.count("(Kèm theo Báo cáo số:") == 1
    position = 0
    for unit in report.appendix.units:  # every unit and target, in order
        for expected in (unit.name, *(" ".join(line.text.split())[:40] for line in unit.lines)):
            position = text.find(expected, position)
            assert position >= 0, expected
    assert sorted(u.name for u in report.appendix.units if u.name in SEED_UNITS) == sorted(
        SEED_UNITS
    )
    assert PdfReader(io.BytesIO(pdf)).metadata.title.endswith(report.title)


def test_chunked_pages_keep_only_embedded_fonts(report, settings, tmp_path):
    settings.PDF_WORKERS, settings.PDF_CHUNK_ROWS = 2, 15
    path = tmp_path / "chunked.pdf"
    path.write_bytes(bloc_outputs.to_pdf(report))
    rows = _font_rows(path)  # the stamped numbers' fonts too
    assert rows and all(" yes " in row.split("Identity-H")[-1] for row in rows), rows
    assert all("PortalSerif" in row for row in rows), rows


def test_processes_only_when_a_section_is_cut(settings):
    settings.PDF_WORKERS = 2
    with rendering._pool(parallel=True) as pool:
        assert isinstance(pool, Pool)
    with rendering._pool(parallel=False) as pool:
        assert isinstance(pool, rendering._Here)
    settings.PDF_WORKERS = 1
    with rendering._pool(parallel=True) as pool:
        assert isinstance(pool, rendering._Here)


def test_a_failing_chunk_fails_the_whole_file(settings, monkeypatch):
    settings.PDF_WORKERS = 1

    def broken(html, css=""):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf_engine, "write", broken)
    with pytest.raises(RuntimeError, match="layout failed"):
        rendering.render_sections([rendering.Section(["<p>a</p>", "<p>b</p>"])])

"""Phụ lục 1 as a PDF: Decree 30 header, every unit and target, only the bundled fonts."""

import shutil
import subprocess

import pytest
from django.core.management import call_command

from campaigns import importer
from reports.pdf_engine import StaticOnlyFetcher
from reports.rendering import ForbiddenResource, render_pdf
from tests.conftest import require

pytestmark = pytest.mark.django_db


def _text(path) -> str:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def _font_rows(path) -> list[str]:
    """pdffonts' rows for the PDF at `path`, one per font (its two header lines dropped)."""
    require(shutil.which("pdffonts") is not None, "pdffonts (poppler-utils)")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return fonts.stdout.splitlines()[2:]


def test_registration_table_pdf_has_the_seed_content(demo, campaign, sample_bytes, tmp_path):
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    path = tmp_path / "phu-luc-1.pdf"
    call_command("export_registration", bloc="KTĐ4A", year=2020, format="pdf", output=path)
    text = " ".join(_text(path).split())
    for needle in (
        "KHỐI THI ĐUA 4A", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Phụ lục 1", "BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU KHỐI THI ĐUA 4A", "/BC-KTĐ4A",
        "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Phát triển nông thôn",
        "Quý II/2020 Đang thực hiện", "Chiến sĩ thi đua cơ sở: 18 cá nhân",
    ):  # fmt: skip
        assert needle in text, needle
    rows = _font_rows(path)
    assert rows and all("PortalSerif" in row and " yes yes " in row for row in rows), rows


def test_documents_fetch_only_the_projects_static_files():
    fetcher = StaticOnlyFetcher()
    assert fetcher.fetch("static:fonts/Tinos-Regular.ttf").read()[:4] == b"\x00\x01\x00\x00"
    for url in ("http://127.0.0.1/x.png", "file:///etc/passwd", "static:../../etc/passwd"):
        with pytest.raises(ForbiddenResource):
            fetcher.fetch(url)


def test_user_text_is_escaped_in_documents(demo, campaign, tmp_path):
    from reports.registration_table import Line, RegistrationTable, Unit

    table = RegistrationTable("KHỐI", "Khối", "K", 2020, "T", [
        Unit("I", "<script>alert(1)</script>", [Line(1, "<img src='http://evil/x.png'>")])
    ])  # fmt: skip
    path = tmp_path / "x.pdf"
    path.write_bytes(render_pdf("reports/registration_table.html", {"table": table}))
    assert "<script>alert(1)</script>" in " ".join(_text(path).split())

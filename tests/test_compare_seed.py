"""scripts/compare_seed.py on the demo (issue 14, acceptance): seed 000's sentences are found in
the demo 2020-H1 report PDF's text, at least 95% of the body and every Phụ lục 1 row."""

import importlib.util
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

spec = importlib.util.spec_from_file_location(
    "compare_seed", Path(__file__).resolve().parent.parent / "scripts" / "compare_seed.py"
)
compare_seed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_seed)


def test_the_demo_report_reads_like_seed_000():
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    assert compare_seed.main([], out=out) == 0, out.getvalue()
    scores = dict(re.findall(r"^(Thân báo cáo|Phụ lục 1): .* = ([\d.]+)%", out.getvalue(), re.M))
    assert float(scores["Thân báo cáo"]) >= 95
    assert float(scores["Phụ lục 1"]) == 100
    # A title row is compared as the law names the title, with the seed's count.
    assert "có  3\tCờ thi đua: 01 tập thể" in out.getvalue()


def test_running_text_reads_over_page_breaks():
    """Page numbers dropped and footnotes moved, so a sentence split by a page break is found."""
    raw = "Một câu chạy\nsang trang\n1\nChú thích một.\n2\fsau.\nTiếp theo\n3\f4\nMột trang.\f"
    assert compare_seed.running_text(raw) == (
        "Một câu chạy\nsang trang\nsau.\nTiếp theo\nMột trang.\nChú thích một."
    )

"""build_report: registration table and award summary, and clear refusals of bad arguments."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.reports.test_registration_pdf import _text

pytestmark = pytest.mark.django_db


def test_award_summary_pdf_and_xlsx_show_the_same_figures(world, tmp_path):
    pdf, xlsx = tmp_path / "a.pdf", tmp_path / "a.xlsx"
    for path, fmt in ((pdf, "pdf"), (xlsx, "xlsx")):
        call_command("build_report", "award-summary", bloc="KTĐ4A", period="2020-H1",
                     format=fmt, output=path, stdout=io.StringIO())  # fmt: skip
    text = " ".join(_text(pdf).split())
    assert "(từ ngày 01/01/2020 đến hết ngày 15/06/2020)" in text
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh 1 1 0" in text
    assert "Bằng khen của Chủ tịch UBND tỉnh 5 5 0" in text
    sheet = openpyxl.load_workbook(xlsx).active
    rows = {r[1]: r[2:5] for r in sheet.iter_rows(values_only=True) if r[1]}
    assert rows["Cờ thi đua của Ủy ban nhân dân tỉnh"] == (1, 1, 0)
    assert rows["Bằng khen của Chủ tịch UBND tỉnh"] == (5, 5, 0)
    assert rows["Tổng cộng"] == (6, 6, 0)


def test_registration_pdf(world, tmp_path):
    path = tmp_path / "r.pdf"
    call_command("build_report", "registration", bloc="KTĐ4A", period="2020", format="pdf",
                 output=path, stdout=io.StringIO())  # fmt: skip
    assert "Trung tâm Xúc tiến Thương mại, Du lịch và Đầu tư" in " ".join(_text(path).split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bloc-summary", "2019", "pdf"), "chưa thiết lập kỳ"),
        (("registration", "H1-2020", "pdf"), "2020-H1 hoặc 2020"),
    ],
)
def test_bad_arguments_are_refused_clearly(world, tmp_path, args, message):
    kind, period, fmt = args
    with pytest.raises(CommandError, match=message):
        call_command("build_report", kind, bloc="KTĐ4A", period=period, format=fmt,
                     output=tmp_path / "x", stdout=io.StringIO())  # fmt: skip

"""An imported row with an impossible day or over-long text is an error naming the sheet, the
row and the column, and the import saves nothing (issue 13: they were stored, or left for the
secretariat as "cần kiểm tra")."""

import pytest

from campaigns import importer
from campaigns.models import Registration, Target
from emulation_portal.fields import MEDIUM_TEXT_MAX, SHORT_TEXT_MAX
from tests.campaigns.test_import_errors import _edit, _workbook

pytestmark = pytest.mark.django_db


def _refused(plan, demo):
    with pytest.raises(Exception):  # noqa: B017 - the import refuses as a whole
        importer.apply_import(plan, actor=demo.secretariat, source="x.xlsx")
    assert not Registration.objects.exists()
    assert not Target.objects.exists()


def _error(plan, where, words):
    errors = [str(e) for e in plan.errors]
    found = [e for e in errors if e.startswith(where) and words in e]
    assert found, errors
    return found[0]


def test_an_impossible_due_day_is_an_error_on_its_cell(demo, campaign, sample_bytes):
    data = _edit(sample_bytes, C8="31/02/2020")
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    message = _error(plan, "Dòng 8, cột C", "31/02/2020")
    assert "“Phu luc 1”" in message
    _refused(plan, demo)


def test_an_impossible_day_on_a_continuation_row_is_an_error_too(demo, campaign):
    data = _workbook(
        [
            ["STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành", "Ghi chú"],
            ["I", "Sở Khoa học và Công nghệ"],
            [1, "Chỉ tiêu thứ nhất"],
            [None, "viết tiếp trên dòng sau", "30.2.2020"],
        ]
    )
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    _error(plan, "Dòng 4, cột C", "30.2.2020")
    _refused(plan, demo)


def test_an_over_long_target_is_an_error_on_its_cell(demo, campaign, sample_bytes):
    data = _edit(sample_bytes, B9="x" * (MEDIUM_TEXT_MAX + 1))
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    message = _error(plan, "Dòng 9, cột B", "5000")
    assert "“Phu luc 1”" in message
    _refused(plan, demo)


def test_an_over_long_note_is_an_error_on_its_cell(demo, campaign):
    data = _workbook(
        [
            ["STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành", "Ghi chú"],
            ["I", "Sở Khoa học và Công nghệ"],
            [1, "Chỉ tiêu thứ nhất", "Quý 4/2020", "y" * (SHORT_TEXT_MAX + 1)],
            [2, "Chỉ tiêu thứ hai", "Quý 4/2020", "vừa phải"],
        ]
    )
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    _error(plan, "Dòng 3, cột D", "2000")
    _refused(plan, demo)


def test_an_over_long_due_text_is_an_error_on_its_cell(demo, campaign, sample_bytes):
    data = _edit(sample_bytes, C7="Tháng 11/2020 " + "z" * 300)
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    _error(plan, "Dòng 7, cột C", "255")
    _refused(plan, demo)


def test_the_sample_still_imports(demo, campaign, sample_bytes):
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    assert plan.ok, [str(e) for e in plan.errors]

"""Periods of a school-year authority (issue 16): their kinds' names, default dates and
deadlines, the year-end outline and section titles in the school year's words."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaigns import outline_data, progress
from campaigns.models import ReportingPeriod, period_kind_label
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Kind = ReportingPeriod.Kind


@pytest.fixture
def education(demo):
    """Sở Giáo dục và Đào tạo: the province's education sector counts by school year."""
    return OrganizationFactory(
        code="DT-SGDDT",
        name="Sở Giáo dục và Đào tạo tỉnh Đồng Tháp",
        parent=demo.org["DT"],
        year_kind="school",
    )


def test_kind_labels_speak_the_years_language():
    assert period_kind_label(Kind.H1, "calendar") == "Sơ kết 6 tháng"
    assert period_kind_label(Kind.ANNUAL, "calendar") == "Tổng kết năm"
    assert period_kind_label(Kind.H1, "school") == "Sơ kết học kỳ I"
    assert period_kind_label(Kind.ANNUAL, "school") == "Tổng kết năm học"
    assert period_kind_label(Kind.PHASE, "school") == "Đợt thi đua"


def test_school_year_defaults(demo, education):
    made = progress.periods_ensure_defaults(authority=education, year=2020, actor=demo.admin)
    h1, annual = made
    assert (h1.kind, h1.name, h1.start, h1.end, h1.due) == (
        Kind.H1, "Sơ kết học kỳ I năm học 2020–2021", D(2020, 9, 1), D(2021, 1, 15),
        D(2021, 1, 20),
    )  # fmt: skip
    assert (annual.kind, annual.name, annual.start, annual.end, annual.due) == (
        Kind.ANNUAL, "Tổng kết năm học 2020–2021", D(2020, 9, 1), D(2021, 5, 31),
        D(2021, 7, 15),
    )  # fmt: skip
    assert h1.kind_label == "Sơ kết học kỳ I"


def test_calendar_defaults_unchanged(demo):
    h1, annual = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.admin
    )
    assert (h1.name, h1.start, h1.end, h1.due) == (
        "Sơ kết 6 tháng đầu năm 2020", D(2020, 1, 1), D(2020, 6, 15), D(2020, 6, 20)
    )
    assert (annual.name, annual.start, annual.end, annual.due) == (
        "Tổng kết năm 2020", D(2020, 1, 1), D(2020, 11, 15), D(2020, 11, 20)
    )


def test_the_year_end_gets_its_own_outline_when_loaded(demo, education):
    h1_outline = progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    h1, annual = progress.periods_ensure_defaults(authority=education, year=2020, actor=None)
    assert h1.outline == annual.outline == h1_outline  # no year-end outline yet: as before
    annual_outline = progress.outline_from_data(outline_data.SEED_000_ANNUAL_OUTLINE)
    h1, annual = progress.periods_ensure_defaults(authority=education, year=2021, actor=None)
    assert (h1.outline, annual.outline) == (h1_outline, annual_outline)


def test_year_end_outline_ends_with_next_years_directions():
    last = outline_data.SEED_000_ANNUAL_OUTLINE["sections"][-1]["title"]
    assert last.startswith("Phương hướng, nhiệm vụ") and last.endswith("năm 2021")
    outline_data.validate(outline_data.SEED_000_ANNUAL_OUTLINE)


SCHOOL_HEADINGS = [
    ("h1", "Tình hình tổ chức thực hiện phong trào thi đua 6 tháng đầu năm 2020",
     "Tình hình tổ chức thực hiện phong trào thi đua học kỳ I năm học 2020–2021"),
    ("h1", "Một số nhiệm vụ công tác trọng tâm 6 tháng cuối năm 2020",
     "Một số nhiệm vụ công tác trọng tâm học kỳ II năm học 2020–2021"),
    ("h1", "PHƯƠNG HƯỚNG NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG 06 THÁNG CUỐI NĂM 2020",
     "PHƯƠNG HƯỚNG NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG HỌC KỲ II NĂM HỌC 2020–2021"),
    ("annual", "Tình hình tổ chức thực hiện phong trào thi đua năm 2020",
     "Tình hình tổ chức thực hiện phong trào thi đua năm học 2020–2021"),
    ("annual", "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm 2021",
     "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm học 2021–2022"),
    ("annual", "Một số nhiệm vụ công tác trọng tâm 6 tháng cuối năm 2020",
     "Một số nhiệm vụ công tác trọng tâm năm học 2021–2022"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "title", "expected"), SCHOOL_HEADINGS)
def test_school_headings(education, kind, title, expected):
    period = ReportingPeriod(authority=education, year=2020, kind=kind)
    assert progress.period_heading(title, period) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tình hình tổ chức thực hiện phong trào thi đua năm 2020",
         "Tình hình tổ chức thực hiện phong trào thi đua năm 2021"),
        ("Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm 2021",
         "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm 2022"),
    ],
)  # fmt: skip
def test_calendar_year_end_outline_headings(title, expected):
    period = ReportingPeriod(year=2021, kind="annual")
    assert progress.period_heading(title, period) == expected

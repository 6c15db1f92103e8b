from datetime import date

from blocs.emulation_year import EmulationYear, year_containing
from blocs.models import Organization


def test_calendar_year_is_the_default():
    year = EmulationYear.of(Organization(name="UBND tỉnh"), 2020)
    assert (year.label, year.title, year.start, year.end) == (
        "năm 2020",
        "Năm 2020",
        date(2020, 1, 1),
        date(2020, 12, 31),
    )
    assert year.first_half_words == "06 tháng đầu năm 2020"
    assert year.next.label == "năm 2021"


def test_school_year_runs_from_september_to_may_of_the_next_year():
    ministry = Organization(name="Bộ Giáo dục và Đào tạo", year_kind="school")
    year = EmulationYear.of(ministry, 2020)
    assert (year.label, year.title) == ("năm học 2020–2021", "Năm học 2020–2021")
    assert (year.start, year.end) == (date(2020, 9, 1), date(2021, 5, 31))
    assert year.first_half == (date(2020, 9, 1), date(2021, 1, 15))
    assert year.second_half == (date(2021, 1, 16), date(2021, 5, 31))
    assert year.first_half_words == "học kỳ I năm học 2020–2021"
    assert year.next.label == "năm học 2021–2022"


def test_school_year_months_are_the_authoritys():
    ministry = Organization(year_kind="school", year_start_month=8, year_end_month=6)
    year = EmulationYear.of(ministry, 2020)
    assert (year.start, year.end) == (date(2020, 8, 1), date(2021, 6, 30))


def test_year_containing_a_day():
    ministry = Organization(year_kind="school")
    assert year_containing(ministry, date(2021, 3, 1)).number == 2020
    assert year_containing(ministry, date(2020, 9, 5)).number == 2020
    assert year_containing(ministry, date(2021, 7, 1)).number == 2020  # the summer closes it
    assert year_containing(None, date(2021, 3, 1)).number == 2021


def test_template_filter_and_choices():
    from django.template import Context, Template

    from blocs.emulation_year import year_choices

    ministry = Organization(year_kind="school")
    html = Template("{% load emulation_years %}{{ y|emulation_year:a }}").render(
        Context({"y": 2020, "a": ministry})
    )
    assert html == "Năm học 2020–2021"
    assert year_choices(None, [2021]) == [(2021, "Năm 2021")]

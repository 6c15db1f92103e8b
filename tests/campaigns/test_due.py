"""The "due" column of target tables: every form officials write, and what stays unreadable."""

import calendar
import dataclasses
import re
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from blocs.emulation_year import EmulationYear
from blocs.models import YearKind
from campaigns.due import Due, parse_due

D = date
ROMAN = ["I", "II", "III", "IV"]
STATUSES = ["Đang thực hiện", "Đã ban hành", "Đã hoàn thành"]


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period(due: Due) -> tuple[date | None, date | None]:
    return due.start, due.end


# (text, default_year, start, end, status, label)
RECOGNISED = [
    # months
    ("Tháng 11/2020", None, D(2020, 11, 1), D(2020, 11, 30), "", "Tháng 11/2020"),
    ("Tháng 3/ 2020", None, D(2020, 3, 1), D(2020, 3, 31), "", "Tháng 03/2020"),
    ("Tháng 3 /2020", None, D(2020, 3, 1), D(2020, 3, 31), "", "Tháng 03/2020"),
    ("tháng 03/2020", None, D(2020, 3, 1), D(2020, 3, 31), "", "Tháng 03/2020"),
    ("Tháng 3 năm 2020", None, D(2020, 3, 1), D(2020, 3, 31), "", "Tháng 03/2020"),
    ("T3/2020", None, D(2020, 3, 1), D(2020, 3, 31), "", "Tháng 03/2020"),
    ("  THÁNG   2 / 2020  ", None, D(2020, 2, 1), D(2020, 2, 29), "", "Tháng 02/2020"),
    ("Tháng 2/2021", None, D(2021, 2, 1), D(2021, 2, 28), "", "Tháng 02/2021"),
    (
        "Tháng 5/2020 Đã ban hành",
        None,
        D(2020, 5, 1),
        D(2020, 5, 31),
        "Đã ban hành",
        "Tháng 05/2020",
    ),
    # quarters
    ("Quý IV/2020", None, D(2020, 10, 1), D(2020, 12, 31), "", "Quý IV/2020"),
    ("Quý 4/2020", None, D(2020, 10, 1), D(2020, 12, 31), "", "Quý IV/2020"),
    ("quý II năm 2020", None, D(2020, 4, 1), D(2020, 6, 30), "", "Quý II/2020"),
    ("Quý III/2021", None, D(2021, 7, 1), D(2021, 9, 30), "", "Quý III/2021"),
    ("Quý I/2020 Đã ban hành", None, D(2020, 1, 1), D(2020, 3, 31), "Đã ban hành", "Quý I/2020"),
    (
        "Quý II/2020 Đang thực hiện",
        None,
        D(2020, 4, 1),
        D(2020, 6, 30),
        "Đang thực hiện",
        "Quý II/2020",
    ),
    (
        unicodedata.normalize("NFD", "QUÝ II/2020 Đang thực hiện"),
        None,
        D(2020, 4, 1),
        D(2020, 6, 30),
        "Đang thực hiện",
        "Quý II/2020",
    ),
    # half years
    ("6 tháng đầu năm 2020", None, D(2020, 1, 1), D(2020, 6, 30), "", "6 tháng đầu năm 2020"),
    ("06 tháng đầu năm 2020", None, D(2020, 1, 1), D(2020, 6, 30), "", "6 tháng đầu năm 2020"),
    ("6 tháng đầu năm", 2020, D(2020, 1, 1), D(2020, 6, 30), "", "6 tháng đầu năm 2020"),
    ("6 tháng cuối năm 2020", None, D(2020, 7, 1), D(2020, 12, 31), "", "6 tháng cuối năm 2020"),
    # whole years
    ("Năm 2020", None, D(2020, 1, 1), D(2020, 12, 31), "", "Năm 2020"),
    ("Trong năm 2020", None, D(2020, 1, 1), D(2020, 12, 31), "", "Năm 2020"),
    ("Cả năm 2020", None, D(2020, 1, 1), D(2020, 12, 31), "", "Năm 2020"),
    ("2020", None, D(2020, 1, 1), D(2020, 12, 31), "", "Năm 2020"),
    # single days, day/month/year
    ("15/10/2020", None, D(2020, 10, 15), D(2020, 10, 15), "", "15/10/2020"),
    ("15-10-2020", None, D(2020, 10, 15), D(2020, 10, 15), "", "15/10/2020"),
    ("15.10.2020", None, D(2020, 10, 15), D(2020, 10, 15), "", "15/10/2020"),
    ("5/1/2020", None, D(2020, 1, 5), D(2020, 1, 5), "", "05/01/2020"),
    ("29/02/2020", None, D(2020, 2, 29), D(2020, 2, 29), "", "29/02/2020"),
    # month ranges
    ("Tháng 3-5/2020", None, D(2020, 3, 1), D(2020, 5, 31), "", "Từ tháng 03 đến tháng 05/2020"),
    (
        "Từ tháng 3 đến tháng 5/2020",
        None,
        D(2020, 3, 1),
        D(2020, 5, 31),
        "",
        "Từ tháng 03 đến tháng 05/2020",
    ),
]


@pytest.mark.parametrize(("text", "default_year", "start", "end", "status", "label"), RECOGNISED)
def test_recognised_forms(text, default_year, start, end, status, label):
    due = parse_due(text, default_year=default_year)
    assert due.recognised
    assert due.raw == text.strip()
    assert (due.start, due.end) == (start, end)
    assert due.status == status
    assert due.label == label


@pytest.mark.parametrize(
    "text",
    [
        "Thường xuyên",
        "Khi có yêu cầu",
        "Tháng 13/2020",
        "Tháng 0/2020",
        "32/01/2020",
        "29/02/2021",
        "15/13/2020",
        "Quý V/2020",
        "Quý 5/2020",
        "6 tháng đầu năm",  # no year written and no default_year
        "Tháng 3",
        "Tháng 3/1899",
        "Năm 2101",
        "Tháng 5-3/2020",
        "2020-2021",
        "Tháng 3/2020 - 15/4/2020",
        "Tháng 3/20201",
    ],
)
def test_unrecognised_text_is_kept_and_flagged(text):
    due = parse_due(text)
    assert due == Due(raw=text, start=None, end=None, status="", recognised=False)
    assert due.label == text


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t"])
def test_empty_is_recognised_and_blank(value):
    due = parse_due(value)
    assert due == Due(raw="", start=None, end=None, status="", recognised=True)
    assert due.label == ""


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (date(2020, 10, 15), D(2020, 10, 15)),
        (datetime(2020, 10, 15, 8, 30), D(2020, 10, 15)),
        (date(2020, 1, 5), D(2020, 1, 5)),
    ],
)
def test_excel_dates_are_single_days(value, day):
    due = parse_due(value)
    assert due.recognised
    assert due.raw == str(value)
    assert (due.start, due.end, due.status) == (day, day, "")
    assert due.label == f"{day:%d/%m/%Y}"


def test_date_outside_accepted_years_is_unrecognised():
    due = parse_due(date(1800, 1, 1))
    assert not due.recognised
    assert (due.start, due.end) == (None, None)


def test_default_year_outside_accepted_years_is_unrecognised():
    assert not parse_due("6 tháng đầu năm", default_year=1800).recognised


# --- properties -----------------------------------------------------------------------------

years = st.integers(min_value=1900, max_value=2100)
months = st.integers(min_value=1, max_value=12)
quarters = st.integers(min_value=1, max_value=4)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))

# Text built from the grammar's own pieces reaches deeper than random characters.
TOKENS = ["Tháng", "tháng", "T", "Quý", "quý", "năm", "Năm", "Từ", "đến", "đầu", "cuối", "6"]
TOKENS += ["I", "II", "IV", "V", "/", "-", ".", " ", "2020", "13", "3", "31", "Đã ban hành"]
grammar_soup = st.lists(st.sampled_from(TOKENS), max_size=10).map("".join)

year_prefixes = st.sampled_from(["", "Năm ", "Trong năm ", "Cả năm "])
expressions = st.one_of(
    st.builds(lambda m, y: f"Tháng {m}/{y}", months, years),
    st.builds(lambda m, y: f"tháng {m:02d}/ {y}", months, years),
    st.builds(lambda m, y: f"T{m} năm {y}", months, years),
    st.builds(lambda q, y: f"Quý {ROMAN[q - 1]}/{y}", quarters, years),
    st.builds(lambda q, y: f"quý {q} năm {y}", quarters, years),
    st.builds(lambda h, y: f"6 tháng {h} năm {y}", st.sampled_from(["đầu", "cuối"]), years),
    st.builds(lambda prefix, y: f"{prefix}{y}", year_prefixes, years),
    st.builds(lambda d: f"{d.day}/{d.month}/{d.year}", days),
    st.builds(lambda d: f"{d:%d-%m-%Y}", days),
    st.builds(
        lambda a, b, y: f"Từ tháng {min(a, b)} đến tháng {max(a, b)}/{y}", months, months, years
    ),
)


@given(st.one_of(st.text(), grammar_soup), st.one_of(st.none(), years))
def test_never_raises_and_keeps_raw(text, default_year):
    due = parse_due(text, default_year=default_year)
    assert due.raw == text.strip()
    if not due.recognised or not due.raw:
        assert (due.start, due.end, due.status) == (None, None, "")
    else:
        assert due.start <= due.end
    assert isinstance(due.label, str)


@given(years, months)
def test_any_month_is_the_whole_month(year, month):
    for text in (f"Tháng {month}/{year}", f"Tháng {month:02d}/ {year}"):
        due = parse_due(text)
        assert due.recognised
        assert period(due) == (date(year, month, 1), last_day(year, month))


@given(years, quarters)
def test_roman_quarter_bounds(year, quarter):
    due = parse_due(f"Quý {ROMAN[quarter - 1]}/{year}")
    first = 3 * quarter - 2
    assert period(due) == (date(year, first, 1), last_day(year, first + 2))
    assert due.start <= due.end


@given(days)
def test_day_month_year_round_trips(day):
    due = parse_due(f"{day.day}/{day.month}/{day.year}")
    assert period(due) == (day, day)
    assert due.label == f"{day:%d/%m/%Y}"


@given(expressions, st.sampled_from(STATUSES))
def test_trailing_status_keeps_the_period(text, status):
    bare = parse_due(text)
    with_status = parse_due(f"{text} {status}")
    assert bare.recognised and with_status.recognised
    assert period(with_status) == period(bare)
    assert with_status.status == status


@given(expressions)
def test_label_parses_back_to_the_same_period(text):
    due = parse_due(text)
    assert due.recognised
    again = parse_due(due.label)
    assert again.recognised
    assert period(again) == period(due)
    assert again.label == due.label


# --- school years ---------------------------------------------------------------------------

SCHOOL = EmulationYear.school(2020)  # năm học 2020–2021, 01/09/2020–31/05/2021
CALENDAR = EmulationYear(2020)
H1 = ("Học kỳ I năm học 2020–2021", D(2020, 9, 1), D(2021, 1, 15))
H2 = ("Học kỳ II năm học 2020–2021", D(2021, 1, 16), D(2021, 5, 31))
WHOLE = ("Năm học 2020–2021", D(2020, 9, 1), D(2021, 5, 31))

# (text, start, end, status, label) read inside the school year 2020–2021
SCHOOL_RECOGNISED = [
    ("Năm học 2020-2021", *WHOLE[1:], "", WHOLE[0]),
    ("Năm học 2020–2021", *WHOLE[1:], "", WHOLE[0]),
    ("Trong năm học 2020-2021", *WHOLE[1:], "", WHOLE[0]),
    ("Cả năm học 2020 - 2021", *WHOLE[1:], "", WHOLE[0]),
    ("NĂM HỌC 2020-2021", *WHOLE[1:], "", WHOLE[0]),
    (unicodedata.normalize("NFD", "năm học 2020-2021"), *WHOLE[1:], "", WHOLE[0]),
    ("NH 2020-2021", *WHOLE[1:], "", WHOLE[0]),
    ("Năm học", *WHOLE[1:], "", WHOLE[0]),
    ("Năm học 2019-2020", D(2019, 9, 1), D(2020, 5, 31), "", "Năm học 2019–2020"),
    ("Học kỳ I năm học 2020-2021", *H1[1:], "", H1[0]),
    ("HK I năm học 2020-2021", *H1[1:], "", H1[0]),
    ("Học kỳ 1 năm học 2020–2021", *H1[1:], "", H1[0]),
    ("HKI 2020-2021", *H1[1:], "", H1[0]),
    ("Học kỳ I", *H1[1:], "", H1[0]),
    ("học kì 1", *H1[1:], "", H1[0]),
    ("Học kỳ II năm học 2020-2021", *H2[1:], "", H2[0]),
    ("Học kì II năm học 2020-2021", *H2[1:], "", H2[0]),
    ("HK2", *H2[1:], "", H2[0]),
    ("Học kỳ II", *H2[1:], "", H2[0]),
    ("Học kỳ I năm học 2020-2021 Đang thực hiện", *H1[1:], "Đang thực hiện", H1[0]),
    ("Học kỳ II - Đã hoàn thành", *H2[1:], "Đã hoàn thành", H2[0]),
    ("Cuối năm học", D(2021, 5, 1), D(2021, 5, 31), "", "Tháng 05/2021"),
    ("Cuối năm học 2019-2020", D(2020, 5, 1), D(2020, 5, 31), "", "Tháng 05/2020"),
    # calendar forms: a year written reads as today; none written falls inside the school year
    ("Tháng 9/2020", D(2020, 9, 1), D(2020, 9, 30), "", "Tháng 09/2020"),
    ("Tháng 3/2020", D(2020, 3, 1), D(2020, 3, 31), "", "Tháng 03/2020"),
    ("Tháng 3", D(2021, 3, 1), D(2021, 3, 31), "", "Tháng 03/2021"),
    ("Tháng 11", D(2020, 11, 1), D(2020, 11, 30), "", "Tháng 11/2020"),
    ("Tháng 3-5", D(2021, 3, 1), D(2021, 5, 31), "", "Từ tháng 03 đến tháng 05/2021"),
    ("Quý I", D(2021, 1, 1), D(2021, 3, 31), "", "Quý I/2021"),
    ("Quý IV Đang thực hiện", D(2020, 10, 1), D(2020, 12, 31), "Đang thực hiện", "Quý IV/2020"),
    ("15/10/2020", D(2020, 10, 15), D(2020, 10, 15), "", "15/10/2020"),
]


@pytest.mark.parametrize(("text", "start", "end", "status", "label"), SCHOOL_RECOGNISED)
def test_school_year_forms(text, start, end, status, label):
    due = parse_due(text, emulation_year=SCHOOL)
    assert due.recognised
    assert due.raw == text.strip()
    assert (due.start, due.end, due.status, due.label) == (start, end, status, label)


@pytest.mark.parametrize(
    "text",
    [
        "Năm học 2020-2022",  # the second year must follow the first
        "Năm học 2021-2020",
        "Năm học 2100-2101",
        "Học kỳ III",
        "Học kỳ I năm 2020",  # "năm 2020" is a second expression, not a status
        "Tháng 3/2020 Học kỳ II",
        "Tháng 7",  # the summer is in no school year
        "Quý III năm học",
        "Năm",  # both calendar years of the school year fit: ambiguous
        "Tháng 3; Tháng 7",  # a second expression, even one the school year cannot place
    ],
)
def test_school_year_text_left_unrecognised(text):
    due = parse_due(text, emulation_year=SCHOOL)
    assert due == Due(raw=text, start=None, end=None, status="", recognised=False)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("Năm học 2020-2021", D(2020, 9, 1), D(2021, 5, 31), "Năm học 2020–2021"),
        (
            "Học kỳ II năm học 2019-2020",
            D(2020, 1, 16),
            D(2020, 5, 31),
            "Học kỳ II năm học 2019–2020",
        ),
    ],
)
def test_named_school_year_in_a_calendar_year_takes_september_to_may(text, start, end, label):
    due = parse_due(text, emulation_year=CALENDAR)
    assert (due.recognised, due.start, due.end, due.label) == (True, start, end, label)


@pytest.mark.parametrize("text", ["Học kỳ I", "Học kỳ II", "Cuối năm học", "Năm học", "HK1"])
def test_school_year_words_without_years_need_a_school_year(text):
    assert not parse_due(text, emulation_year=CALENDAR).recognised
    # nor are they taken for a status after a calendar form
    assert not parse_due(f"Tháng 3/2020 {text}", emulation_year=CALENDAR).recognised


def test_school_forms_are_not_read_without_an_emulation_year():
    assert not parse_due("Học kỳ I năm học 2020-2021").recognised


def test_named_school_year_keeps_the_authoritys_months():
    august_to_june = EmulationYear(2020, YearKind.SCHOOL, 8, 6)
    due = parse_due("Năm học 2021-2022", emulation_year=august_to_june)
    assert period(due) == (D(2021, 8, 1), D(2022, 6, 30))
    assert due.label == "Năm học 2021–2022"


def test_emulation_year_gives_the_default_year():
    assert period(parse_due("Tháng 3", emulation_year=EmulationYear(2019))) == (
        D(2019, 3, 1),
        D(2019, 3, 31),
    )


@st.composite
def school_years(draw):
    """A school year of any authority: starting in any month, ending in an earlier one."""
    start = draw(st.integers(min_value=2, max_value=12))
    end = draw(st.integers(min_value=1, max_value=start - 1))
    return EmulationYear(draw(st.integers(1900, 2099)), YearKind.SCHOOL, start, end)


SEMESTERS = ["whole", "first", "second"]


def written(year: EmulationYear, semester: str) -> tuple[str, tuple[date, date]]:
    """The period's label as EmulationYear words it, and the period itself."""
    return {
        "whole": (year.title, (year.start, year.end)),
        "first": (year.first_half_words, year.first_half),
        "second": (year.second_half_words, year.second_half),
    }[semester]


@given(school_years(), st.sampled_from(SEMESTERS), st.integers(-3, 3), st.booleans())
def test_school_label_parses_back_to_the_same_period(year, semester, shift, hyphen):
    text, expected = written(year, semester)
    if hyphen:
        text = text.replace("–", "-")
    # Read by the same authority in any of its years: the years written decide.
    context = dataclasses.replace(year, number=min(max(year.number + shift, 1900), 2099))
    due = parse_due(text, emulation_year=context)
    assert due.recognised
    assert period(due) == expected
    again = parse_due(due.label, emulation_year=context)
    assert (period(again), again.label) == (expected, due.label)
    assert due.label[:1].isupper()


@given(school_years(), st.sampled_from(SEMESTERS), st.sampled_from(STATUSES))
def test_school_status_keeps_the_period(year, semester, status):
    text, expected = written(year, semester)
    due = parse_due(f"{text} {status}", emulation_year=year)
    assert (period(due), due.status) == (expected, status)


@given(school_years(), months, st.sampled_from(["Tháng {m}", "tháng {m:02d}", "T{m}"]))
def test_month_without_year_lands_inside_the_school_year(year, month, form):
    due = parse_due(form.format(m=month), emulation_year=year)
    if month >= year.start_month or month <= year.end_month:
        assert due.recognised
        assert year.start <= due.start and due.end <= year.end
        assert (due.start.month, due.end.month) == (month, month)
    else:
        assert not due.recognised  # the months between two school years belong to neither


@given(school_years(), quarters)
def test_quarter_without_year_meets_the_school_year(year, quarter):
    due = parse_due(f"Quý {ROMAN[quarter - 1]}", emulation_year=year)
    if due.recognised:
        assert due.start <= year.end and year.start <= due.end
        assert due.start.year in (year.number, year.number + 1)


# What a school-year expression begins with (at the start of the text or of its status).
SCHOOL_WORDS = re.compile(r"năm\s*học|học\s*k[ỳì]|\bhk|\bnh\b", re.IGNORECASE)
SCHOOL_TOKENS = ["học", "Học kỳ", "kì", "HK", "NH", "Cuối", "2020-2021", "2020–2021", "–"]
school_soup = st.lists(st.sampled_from(TOKENS + SCHOOL_TOKENS), max_size=10).map("".join)


@given(
    st.one_of(st.text(), grammar_soup, school_soup, expressions),
    st.sampled_from(["", *STATUSES]),
    years,
)
def test_calendar_year_reads_as_without_one(text, status, year):
    """An authority counting calendar years reads every calendar form exactly as before."""
    text = f"{text} {status}".strip()
    assume(not SCHOOL_WORDS.search(unicodedata.normalize("NFC", text)))
    assert parse_due(text, emulation_year=EmulationYear(year)) == parse_due(text, default_year=year)


@given(expressions, school_years())
def test_written_years_read_the_same_in_a_school_year(text, year):
    assert parse_due(text, emulation_year=year) == parse_due(text)


@given(
    st.one_of(st.text(), school_soup), st.one_of(school_years(), st.builds(EmulationYear, years))
)
def test_school_context_never_raises(text, year):
    due = parse_due(text, emulation_year=year)
    assert due.raw == text.strip()
    if not due.recognised or not due.raw:
        assert (due.start, due.end, due.status, due.school_year) == (None, None, "", None)
    else:
        assert due.start <= due.end
    assert isinstance(due.label, str)

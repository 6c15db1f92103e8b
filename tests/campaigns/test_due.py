"""The "due" column of target tables: every form officials write, and what stays unreadable."""

import calendar
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

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

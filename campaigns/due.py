"""Read the free-text "due" column of emulation target tables as a period.

Public servants write deadlines such as "Quý II/2020 Đang thực hiện", "6 tháng đầu năm 2020",
"Tháng 3/ 2020" or "15/10/2020"; schools write "Học kỳ I năm học 2020–2021" or just "Học kỳ II".
`parse_due` turns them into an inclusive (start, end) period, keeps the raw text, splits off a
trailing status and flags text it cannot read instead of raising. Pure Python on purpose: no
Django import, so it can run anywhere (imports, tests); the emulation year of the target's
authority (`blocs.emulation_year.EmulationYear`) is passed in and only duck-typed here.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

MIN_YEAR, MAX_YEAR = 1900, 2100
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_LABEL = {number: roman.upper() for roman, number in ROMAN.items()}

Period = tuple[date, date]


class EmulationYear(Protocol):
    """What this module asks of `blocs.emulation_year.EmulationYear` (a frozen dataclass)."""

    number: int
    is_school: bool
    start: date
    end: date
    title: str  # "Năm học 2020–2021"
    first_half: Period
    second_half: Period
    first_half_words: str  # "học kỳ I năm học 2020–2021"
    second_half_words: str

    def school(self, number: int) -> EmulationYear: ...


@dataclass(frozen=True)
class Due:
    raw: str  # the input text exactly as given (str(value) for dates), stripped
    start: date | None  # first day of the period
    end: date | None  # last day of the period (inclusive)
    status: str  # trailing words after the due expression, e.g. "Đã ban hành" ("" if none)
    recognised: bool  # False when non-empty text was not understood (flag for the secretariat)
    # The school year a school-year expression ("Học kỳ I năm học 2020–2021") was read in; None
    # for every other form, so calendar labels never change.
    school_year: EmulationYear | None = None

    @property
    def label(self) -> str:
        """Normalised Vietnamese display of the period; raw text if unrecognised."""
        if not self.recognised:
            return self.raw
        if self.start is None or self.end is None:
            return ""
        if self.school_year is not None:
            year = self.school_year
            for period, words in (
                ((year.start, year.end), year.title),
                (year.first_half, year.first_half_words),
                (year.second_half, year.second_half_words),
            ):
                if (self.start, self.end) == period:
                    return words[:1].upper() + words[1:]
        return _label(self.start, self.end)


EMPTY = Due(raw="", start=None, end=None, status="", recognised=True)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> Period | None:
    if not 1 <= first <= last <= 12:
        return None
    return date(year, first, 1), _month_end(year, last)


def _label(start: date, end: date) -> str:
    if start == end:
        return f"{start:%d/%m/%Y}"
    if start.year == end.year and start.day == 1 and end == _month_end(end.year, end.month):
        year, first, last = start.year, start.month, end.month
        if first == last:
            return f"Tháng {first:02d}/{year}"
        if last - first == 2 and first % 3 == 1:
            return f"Quý {ROMAN_LABEL[last // 3]}/{year}"
        if (first, last) == (1, 6):
            return f"6 tháng đầu năm {year}"
        if (first, last) == (7, 12):
            return f"6 tháng cuối năm {year}"
        if (first, last) == (1, 12):
            return f"Năm {year}"
        return f"Từ tháng {first:02d} đến tháng {last:02d}/{year}"
    return f"{start:%d/%m/%Y} - {end:%d/%m/%Y}"  # no form produces this today


# Building blocks. Every form has a group named "year"; when it is optional and absent the
# caller's default_year is used (no default: unrecognised).
_YEAR = r"(?:\s*(?:[/.-]|năm)\s*(?P<year>\d{4}))?"
_AFTER_NAM = r"(?:\s*[/.-]?\s*(?P<year>\d{4}))?"  # year after a literal "năm"
_MONTH_WORD = r"(?:tháng|th|t)\.?\s*"
_SEP = r"\s*[/.-]\s*"
# The expression must end at the end of text or before a space/punctuation (status follows).
_END = r"(?=$|[\s,;:.()\[\]–—-])"
_STATUS_STRIP = " ,;:.()[]–—-"


def _day(m: re.Match[str], year: int) -> Period | None:
    try:
        day = date(year, int(m["month"]), int(m["day"]))
    except ValueError:
        return None
    return day, day


def _range(m: re.Match[str], year: int) -> Period | None:
    return _months(year, int(m["first"]), int(m["last"]))


def _month(m: re.Match[str], year: int) -> Period | None:
    return _months(year, int(m["month"]), int(m["month"]))


def _quarter(m: re.Match[str], year: int) -> Period | None:
    token = m["quarter"].lower()
    quarter = int(token) if token.isdigit() else ROMAN.get(token, 0)
    return _months(year, 3 * quarter - 2, 3 * quarter) if 1 <= quarter <= 4 else None


def _half(m: re.Match[str], year: int) -> Period | None:
    return _months(year, 1, 6) if m["half"].lower() == "đầu" else _months(year, 7, 12)


def _year(m: re.Match[str], year: int) -> Period | None:
    return _months(year, 1, 12)


_FORMS: list[tuple[str, Callable[[re.Match[str], int], Period | None]]] = [
    # "15/10/2020", "15-10-2020", "Ngày 5.1.2020": day/month/year
    (rf"(?:ngày\s*)?(?P<day>\d{{1,2}}){_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<year>\d{{4}})", _day),
    # "Tháng 3-5/2020", "Từ tháng 3 đến tháng 5/2020"
    (
        rf"(?:từ\s+)?{_MONTH_WORD}(?P<first>\d{{1,2}})\s*(?:[-–—]|đến|tới)\s*"
        rf"(?:{_MONTH_WORD})?(?P<last>\d{{1,2}}){_YEAR}",
        _range,
    ),
    # "Tháng 11/2020", "tháng 03/ 2020", "Tháng 3 năm 2020", "T3/2020"
    (rf"{_MONTH_WORD}(?P<month>\d{{1,2}}){_YEAR}", _month),
    # "Quý IV/2020", "Quý 4/2020", "quý II năm 2020" (also the older spelling "Qúy")
    (rf"(?:quý|qúy|q)\.?\s*(?P<quarter>[ivx]+|\d+){_YEAR}", _quarter),
    # "6 tháng đầu năm 2020", "06 tháng cuối năm"
    (rf"(?:0?6|sáu)\s*tháng\s+(?P<half>đầu|cuối)\s+năm{_AFTER_NAM}", _half),
    # "Năm 2020", "Trong năm 2020", "Cả năm 2020"
    (rf"(?:(?:trong|cả)\s+)?năm{_AFTER_NAM}", _year),
    # "2020"
    (r"(?P<year>\d{4})", _year),
]
_PATTERNS = [(re.compile(rf"(?:{body}){_END}", re.IGNORECASE), build) for body, build in _FORMS]


# School-year forms, read only when the caller passes an emulation year. Every one has the
# optional groups "first" and "second" (the school year's two calendar years); when absent the
# school year is the caller's, and the text is unrecognised if the caller's year is a calendar
# one.
_SCHOOL_YEAR_WORDS = r"(?:năm\s*học|nh\.?)"
_SCHOOL_YEARS = r"(?:\s*[/.,-]?\s*(?P<first>\d{4})\s*[-–—/]\s*(?P<second>\d{4}))?"


def _whole(m: re.Match[str], year: EmulationYear) -> Period:
    return year.start, year.end


def _semester(m: re.Match[str], year: EmulationYear) -> Period:
    return year.first_half if m["semester"].lower() in ("i", "1") else year.second_half


def _last_month(m: re.Match[str], year: EmulationYear) -> Period:
    return year.end.replace(day=1), year.end


_SCHOOL_FORMS: list[tuple[str, Callable[[re.Match[str], EmulationYear], Period]]] = [
    # "Học kỳ I năm học 2020-2021", "HK II năm học 2020–2021", "Học kì 1", "HKII 2020-2021"
    (
        rf"(?:học\s*k[ỳì]|hk)\s*(?P<semester>ii|i|2|1)"
        rf"(?:\s*[/.,-]?\s*{_SCHOOL_YEAR_WORDS})?{_SCHOOL_YEARS}",
        _semester,
    ),
    # "Cuối năm học 2020-2021", "Cuối năm học": the school year's last month
    (rf"cuối\s*{_SCHOOL_YEAR_WORDS}{_SCHOOL_YEARS}", _last_month),
    # "Năm học 2020-2021", "Trong năm học 2020–2021", "NH 2020-2021", "Năm học"
    (rf"(?:(?:trong|cả)\s+)?{_SCHOOL_YEAR_WORDS}{_SCHOOL_YEARS}", _whole),
]
_SCHOOL_PATTERNS = [
    (re.compile(rf"(?:{body}){_END}", re.IGNORECASE), build) for body, build in _SCHOOL_FORMS
]


def _school_year(m: re.Match[str], context: EmulationYear) -> EmulationYear | None:
    """The school year the text names ("2020-2021": the second year must follow the first),
    else the caller's if it is a school year. Named years keep the authority's months, or take
    the default September–May when the authority counts calendar years."""
    if m["first"] is None:
        return context if context.is_school else None
    first, second = int(m["first"]), int(m["second"])
    if second != first + 1 or not MIN_YEAR <= first < second <= MAX_YEAR:
        return None
    return replace(context, number=first) if context.is_school else context.school(first)


def _calendar_period(
    m: re.Match[str],
    build: Callable[[re.Match[str], int], Period | None],
    default_year: int | None,
    context: EmulationYear | None,
) -> Period | None:
    if m["year"] or context is None or not context.is_school:
        year = int(m["year"]) if m["year"] else default_year
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return build(m, year)
    # No year written inside a school year ("Tháng 3", "Quý IV"): the calendar year in which the
    # period meets the school year (March of 2021 in 2020–2021); unrecognised if none does or
    # both do.
    fits = [
        period
        for year in (context.number, context.number + 1)
        if MIN_YEAR <= year <= MAX_YEAR
        and (period := build(m, year)) is not None
        and period[0] <= context.end
        and context.start <= period[1]
    ]
    return fits[0] if len(fits) == 1 else None


_Found = tuple[date, date, str, EmulationYear | None]


def _match(
    text: str, default_year: int | None, context: EmulationYear | None = None
) -> _Found | None:
    """(start, end, rest of text, school year of a school-year form) for the first form that
    fits the start of text, else None. School-year forms are tried only with a context."""
    if context is not None:
        for pattern, build in _SCHOOL_PATTERNS:
            found = pattern.match(text)
            if found is None:
                continue
            year = _school_year(found, context)
            return None if year is None else (*build(found, year), text[found.end() :], year)
    for pattern, build in _PATTERNS:
        found = pattern.match(text)
        if found is None:
            continue
        period = _calendar_period(found, build, default_year, context)
        return None if period is None else (*period, text[found.end() :], None)
    return None


def _is_status(text: str, context: EmulationYear | None) -> bool:
    """A status is words, not numbers or a second due expression ("Tháng 3/2020 - 15/4",
    "Tháng 3; Tháng 7", "Tháng 3/2020 Học kỳ II"), whether or not the year can place it."""
    if not text[0].isalpha() or _match(text, MIN_YEAR) is not None:
        return False
    return context is None or not any(pattern.match(text) for pattern, _ in _SCHOOL_PATTERNS)


def parse_due(
    value: object, default_year: int | None = None, *, emulation_year: EmulationYear | None = None
) -> Due:
    """Parse a due cell (None, text, date or datetime) into a `Due`; never raises.

    `emulation_year` is the year of the target's authority (`EmulationYear.of(authority, year)`):
    it supplies `default_year` when that is not given, lets school-year forms be read, and
    places a month or quarter written without a year inside a school year."""
    if default_year is None and emulation_year is not None:
        default_year = emulation_year.number
    if value is None:
        return EMPTY
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        if MIN_YEAR <= day.year <= MAX_YEAR:
            return Due(raw=str(value), start=day, end=day, status="", recognised=True)
        return Due(raw=str(value), start=None, end=None, status="", recognised=False)

    raw = str(value).strip()
    if not raw:
        return EMPTY
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    found = _match(text, default_year, emulation_year)
    if found is not None:
        start, end, rest, school_year = found
        status = rest.strip(_STATUS_STRIP)
        if not status or _is_status(status, emulation_year):
            return Due(raw, start, end, status, recognised=True, school_year=school_year)
    return Due(raw=raw, start=None, end=None, status="", recognised=False)


# dd/mm/yyyy with the same separator twice ("31/02/2020", "31.2.2020"); "Tháng 3-5/2020" is not.
_DAY_LIKE = re.compile(r"(?<!\d)(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)")


def impossible_date(value: object) -> str | None:
    """The first day/month/year in the text that no calendar has ("31/02/2020"), else None.

    Such a day is a typo: refusing it lets the user correct it now, where `parse_due` would
    only mark the target "cần kiểm tra" for the secretariat.
    """
    for found in _DAY_LIKE.finditer(str(value or "")):
        day, _sep, month, year = found.groups()
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            return found.group(0)
    return None

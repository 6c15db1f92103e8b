"""An emulation year as a value: its number, its kind, its label, its first and last day.

Most authorities emulate by calendar year ("năm 2020", 01/01–31/12). The education sector works
by school year ("năm học 2020–2021", September to May by default, in two semesters). Records keep
a year as a number (the calendar year the emulation year starts in), so every existing row stays
valid; what the number means comes from the authority running the bloc, campaign, period or
proposal (`Organization.year_kind`). Everything that prints, labels or bounds a year asks this
module rather than formatting the number itself.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

from .models import SCHOOL_END_MONTH, SCHOOL_START_MONTH, YearKind

# Học kỳ I ends, and học kỳ II starts the day after, on this day of a school year's second
# calendar year (the Ministry's yearly timetable: semester I finishes by mid-January).
FIRST_TERM_ENDS = (1, 15)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class EmulationYear:
    number: int  # the calendar year the emulation year starts in
    kind: str = YearKind.CALENDAR
    start_month: int = 1
    end_month: int = 12

    @classmethod
    def of(cls, authority, number: int) -> "EmulationYear":
        """The year `number` as `authority` (an Organization, or None for calendar) counts it."""
        if authority is None or authority.year_kind != YearKind.SCHOOL:
            return cls(number)
        return cls(number, YearKind.SCHOOL, authority.year_start_month, authority.year_end_month)

    @classmethod
    def school(cls, number: int) -> "EmulationYear":
        return cls(number, YearKind.SCHOOL, SCHOOL_START_MONTH, SCHOOL_END_MONTH)

    @property
    def is_school(self) -> bool:
        return self.kind == YearKind.SCHOOL

    @property
    def start(self) -> date:
        return date(self.number, self.start_month, 1)

    @property
    def end(self) -> date:
        last = self.number + 1 if self.is_school else self.number
        return _month_end(last, self.end_month)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def span(self) -> str:
        """ "2020", "2020–2021" (en dash, as the Ministry's titles write it)."""
        return f"{self.number}–{self.number + 1}" if self.is_school else str(self.number)

    @property
    def label(self) -> str:
        """ "năm 2020", "năm học 2020–2021": in running text and titles."""
        return f"năm học {self.span}" if self.is_school else f"năm {self.span}"

    @property
    def ui_label(self) -> str:
        """The label in the reader's language, for pages and messages ("school year 2020–2021"
        in English); `label` is the documents' Vietnamese, whatever the reader's language."""
        words = gettext("năm học %(span)s") if self.is_school else gettext("năm %(span)s")
        return words % {"span": self.span}

    @property
    def title(self) -> str:
        """ "Năm 2020", "Năm học 2020–2021": at the start of a line or in a picker."""
        return self.label[:1].upper() + self.label[1:]

    def __str__(self) -> str:
        return self.title

    @property
    def next(self) -> "EmulationYear":
        return EmulationYear(self.number + 1, self.kind, self.start_month, self.end_month)

    @property
    def previous(self) -> "EmulationYear":
        return EmulationYear(self.number - 1, self.kind, self.start_month, self.end_month)

    # The year's two halves: six months of a calendar year, the semesters of a school year.

    @property
    def first_half(self) -> tuple[date, date]:
        if self.is_school:
            return self.start, date(self.number + 1, *FIRST_TERM_ENDS)
        return self.start, date(self.number, 6, 30)

    @property
    def second_half(self) -> tuple[date, date]:
        if self.is_school:
            return date(self.number + 1, FIRST_TERM_ENDS[0], FIRST_TERM_ENDS[1] + 1), self.end
        return date(self.number, 7, 1), self.end

    @property
    def first_half_words(self) -> str:
        """ "06 tháng đầu năm 2020", "học kỳ I năm học 2020–2021"."""
        return f"học kỳ I {self.label}" if self.is_school else f"06 tháng đầu {self.label}"

    @property
    def second_half_words(self) -> str:
        """ "06 tháng cuối năm 2020", "học kỳ II năm học 2020–2021"."""
        return f"học kỳ II {self.label}" if self.is_school else f"06 tháng cuối {self.label}"

    def through(self, last: "EmulationYear") -> str:
        """A run of years up to `last`, as a rule's message brackets it: "2022–2024",
        "năm học 2022–2023 đến năm học 2024–2025" (spans joined by a dash would blur)."""
        if self.is_school:
            return f"{self.label} đến {last.label}"
        return f"{self.span}–{last.span}"

    @staticmethod
    def listing(years: list["EmulationYear"]) -> str:
        """Several years of one kind, the word once: "năm 2022, 2023", "năm học 2022–2023,
        2023–2024"."""
        return ", ".join([years[0].label, *(year.span for year in years[1:])])

    def on(self, month: int, day: int) -> date:
        """The day `day`/`month` of this year: in a school year a month before the start month
        falls in its second calendar year. 29/02 of a common year is the 28th."""
        number = self.number + 1 if self.is_school and month < self.start_month else self.number
        return date(number, month, min(day, calendar.monthrange(number, month)[1]))


def year_containing(authority, day: date) -> EmulationYear:
    """The emulation year of `authority` that `day` falls in."""
    year = EmulationYear.of(authority, day.year)
    return year if day in year else year.previous


def year_choices(authority, numbers) -> list[tuple[int, str]]:
    """Picker choices for `numbers` as `authority` counts them: (2020, "Năm học 2020–2021")."""
    return [(number, EmulationYear.of(authority, number).title) for number in numbers]

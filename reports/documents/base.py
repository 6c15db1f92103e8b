"""What every kind of document is made of: a context builder and one layout per format."""

from collections.abc import Callable
from dataclasses import dataclass

from blocs.emulation_year import EmulationYear
from blocs.models import YearKind
from campaigns.models import ReportingPeriod
from emulation_portal import http
from emulation_portal.text import fold

CONTENT_TYPES = {"pdf": http.PDF, "docx": http.DOCX, "xlsx": http.XLSX}
# A period in file names, as the reports' titles word it, by the kind of year: "sơ kết 6 tháng
# 2020", "sơ kết học kỳ I năm học 2020–2021" (file sơ-kết-học-kỳ-i-năm-học-2020-2021, folded).
PERIOD_WORDS = {
    YearKind.CALENDAR: {
        ReportingPeriod.Kind.H1: "sơ kết 6 tháng {year.span}",
        ReportingPeriod.Kind.ANNUAL: "tổng kết năm {year.span}",
    },
    YearKind.SCHOOL: {
        ReportingPeriod.Kind.H1: "sơ kết {year.first_half_words}",
        ReportingPeriod.Kind.ANNUAL: "tổng kết {year.label}",
    },
}


@dataclass(frozen=True)
class Built:
    """A kind's context (plain data, no queries left) and the words its file is named after."""

    context: object
    name: str


@dataclass(frozen=True)
class Kind:
    """One kind of document, in the manner of pretix's exporters.

    `build(**params, user=...)` is a selector: it scopes with the permission functions and raises
    PermissionDenied for a user who may not read the document; `user=None` is the command line,
    trusted. `layouts` turn the built context into the bytes of each format."""

    identifier: str
    build: Callable[..., Built]
    layouts: dict[str, Callable[[object], bytes]]


@dataclass(frozen=True)
class Rendered:
    data: bytes
    content_type: str
    filename: str
    context: object  # what was laid out, for a command that also prints it

    def attachment(self):
        """The file as a download, under its Vietnamese name (emulation_portal.http)."""
        return http.attachment(self.data, self.content_type, self.filename)


def file_name(words: str, format: str) -> str:
    """ "Phụ lục 1 đăng ký chỉ tiêu KTĐ4A 2020" → "phu-luc-1-dang-ky-chi-tieu-ktd4a-2020.xlsx":
    ASCII, so every browser, mail client and file share keeps the name as it is."""
    return f"{'-'.join(fold(words).split())}.{format}"


def period_words(kind: str, year: EmulationYear) -> str:
    """ "sơ kết 6 tháng 2020", "tổng kết năm học 2020–2021"; other periods by kind and year."""
    return PERIOD_WORDS[year.kind].get(kind, f"{kind} {{year.span}}").format(year=year)


def year_words(year: EmulationYear) -> str:
    """A year in a file name: "2020" as calendar years always were named, "năm học 2020–2021"
    (file …-nam-hoc-2020-2021: a bare "2020-2021" would read as two years)."""
    return year.label if year.is_school else year.span

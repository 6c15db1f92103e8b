"""What every kind of document is made of: a context builder and one layout per format."""

from collections.abc import Callable
from dataclasses import dataclass

from campaigns.models import ReportingPeriod
from emulation_portal import http
from emulation_portal.text import fold

CONTENT_TYPES = {"pdf": http.PDF, "docx": http.DOCX, "xlsx": http.XLSX}
PERIOD_WORDS = {  # a period in file names, as the reports' titles word it
    ReportingPeriod.Kind.H1: "sơ kết 6 tháng {year}",
    ReportingPeriod.Kind.ANNUAL: "tổng kết năm {year}",
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


def period_words(kind: str, year: int) -> str:
    """ "sơ kết 6 tháng 2020", "tổng kết năm 2020"; other periods by kind and year."""
    return PERIOD_WORDS.get(kind, f"{kind} {{year}}").format(year=year)

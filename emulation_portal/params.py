"""Query-string parameters, read one way in every view.

The policy, the same everywhere:

- A **filter** (a parameter that narrows or chooses what a page shows: `?year=`, `?unit=`,
  `?status=`…) whose value does not parse, is out of range or is not one of the choices is
  **ignored**: the page is shown as if the parameter were absent. Links and bookmarks with stale
  or mistyped values keep working, and nothing reaches the database unchecked.
- A parameter that names **what the request acts on** (`strict=True`, e.g. `?parent=` of a new
  outline section) and is present but does not parse gives **400** with a Vietnamese message
  naming the parameter (`BadParameter`, shown by `emulation_portal.errors.bad_request`), rather
  than silently doing something else than what was asked.

An empty value counts as absent. Text is NFC-normalised, stripped, freed of NUL characters
(PostgreSQL refuses them in a query) and cut to a sane length.

Path segments are typed by converters instead: `<year:year>` matches only a year in
`YEAR_MIN`..`YEAR_MAX`, anything else is a 404 before the view runs.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

YEAR_MIN, YEAR_MAX = 1900, 2100
# Primary keys are 64-bit on every database we run on (BigAutoField).
ID_MAX = 2**63 - 1
TEXT_MAX = 200
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")  # ASCII digits only: "²".isdigit() is True


class BadParameter(BadRequest):
    """A query parameter the request cannot do without does not parse: answered with 400."""


def _raw(request, name: str) -> str | None:
    value = request.GET.get(name)
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def _invalid(name: str, value: str, default, strict: bool):
    if strict:
        raise BadParameter(
            _("Tham số “%(name)s” không hợp lệ: “%(value)s”.") % {"name": name, "value": value[:50]}
        )
    return default


def parse_int(value: str | None, *, min_value: int | None = None, max_value: int | None = None):
    """The integer written in `value` (ASCII digits, optional sign) within bounds, else None."""
    if value is None or not _INTEGER.fullmatch(value.strip()):
        return None
    number = int(value)
    if (min_value is not None and number < min_value) or (
        max_value is not None and number > max_value
    ):
        return None
    return number


def int_param(
    request,
    name: str,
    default=None,
    *,
    min_value: int | None = None,
    max_value: int | None = None,
    strict: bool = False,
):
    """An integer query parameter; junk or out of range → `default` (400 when `strict`)."""
    raw = _raw(request, name)
    if raw is None:
        return default
    number = parse_int(raw, min_value=min_value, max_value=max_value)
    return _invalid(name, raw, default, strict) if number is None else number


def id_param(request, name: str, default=None, *, strict: bool = False):
    """A primary key: a positive integer the database can hold."""
    return int_param(request, name, default, min_value=1, max_value=ID_MAX, strict=strict)


def year_param(
    request,
    name: str = "year",
    default=None,
    *,
    min_value: int = YEAR_MIN,
    max_value: int = YEAR_MAX,
    strict: bool = False,
):
    """A calendar year within a sane range (dates outside it cannot be built or stored)."""
    return int_param(
        request, name, default, min_value=min_value, max_value=max_value, strict=strict
    )


def parse_date(value: str | None) -> datetime.date | None:
    """dd/mm/yyyy (what the pages write) or yyyy-mm-dd, within the sane years; else None."""
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        if YEAR_MIN <= parsed.year <= YEAR_MAX:
            return parsed
    return None


def date_param(request, name: str, default=None, *, strict: bool = False):
    """A date query parameter; junk, impossible dates or years out of range → `default`."""
    raw = _raw(request, name)
    if raw is None:
        return default
    parsed = parse_date(raw)
    return _invalid(name, raw, default, strict) if parsed is None else parsed


def choice_param(request, name: str, choices, default=None, *, strict: bool = False):
    """One of `choices` (values, or a Django `Choices` class); anything else → `default`."""
    allowed = {str(c) for c in getattr(choices, "values", choices)}
    raw = _raw(request, name)
    if raw is None:
        return default
    return raw if raw in allowed else _invalid(name, raw, default, strict)


def text_param(request, name: str, default: str = "", *, max_length: int = TEXT_MAX) -> str:
    """Free text (a search box): NFC, stripped, no NUL, at most `max_length` characters."""
    raw = _raw(request, name)
    if raw is None:
        return default
    return unicodedata.normalize("NFC", raw)[:max_length].strip()


def flag_param(request, name: str) -> bool:
    """A checkbox filter: present with any non-empty value."""
    return _raw(request, name) is not None


class YearConverter:
    """`<year:year>` in a URL: four digits within YEAR_MIN..YEAR_MAX, anything else is a 404."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ValueError(value)  # the resolver treats it as no match: 404
        return year

    def to_url(self, value) -> str:
        return str(int(value))

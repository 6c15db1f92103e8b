"""Vietnamese text helpers: NFC on the way in, accent-insensitive keys for matching only."""

import re
import unicodedata

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Collate


def nfc(value: str | None) -> str:
    """Store one Unicode form: Vietnamese arrives both composed and decomposed. NUL never
    belongs in text, and PostgreSQL refuses it (in text and in the audit trail's JSON)."""
    return unicodedata.normalize("NFC", (value or "").replace("\x00", "")).strip()


def plain_text(value: str | None) -> str:
    """Text as stored: NFC, trimmed, LF line ends. Browsers post a textarea's lines with CRLF;
    the same words must compare equal whatever line ends they came with."""
    return nfc(value).replace("\r\n", "\n").replace("\r", "\n")


def same_text(stored: str | None, posted: str | None) -> bool:
    """Whether a posted text says what the stored (or shown) one says: both read as `plain_text`,
    spaces at line ends ignored. A form posted back unchanged must compare equal."""
    return text_key(stored) == text_key(posted)


def text_key(value: str | None) -> str:
    """What `same_text` compares: `plain_text` without spaces at line ends."""
    return "\n".join(line.rstrip() for line in plain_text(value).split("\n"))


def fold(value: str | None) -> str:
    """A comparison key: lower case, no diacritics, đ→d, '&'→'và', punctuation as spaces."""
    text = unicodedata.normalize("NFD", nfc(value).lower().replace("&", " và "))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").replace("đ", "d")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def vi_order(field: str):
    """Vietnamese alphabetical order on PostgreSQL (ICU); codepoint order elsewhere."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return Collate(field, "vi-x-icu")
    return F(field)


def parse_number(value: str):
    """Read a number as Vietnamese documents write it: "105.000", "1.150,5", "3,5", "280".

    Returns a Decimal, or None for empty input; raises ValueError when it is not a number.
    One rule for the whole project: see `emulation_portal.fields.parse_vi_number`.
    """
    from emulation_portal.fields import parse_vi_number

    return parse_vi_number(value)

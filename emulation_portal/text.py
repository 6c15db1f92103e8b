"""Vietnamese text helpers: NFC on the way in, accent-insensitive keys for matching only."""

import re
import unicodedata

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


# The Vietnamese alphabet, with the Latin letters it lacks (f j w z) where Latin has them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Tones in ICU's Vietnamese order (CLDR vi tailoring): none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a letter of their own: ă â ê ô ơ ư (breve, circumflex, horn).
_LETTER_MARKS = "\u0306\u0302\u031b"


def vi_sort_key(value: str | None) -> tuple:
    """A sort key that orders Vietnamese as PostgreSQL's vi-x-icu collation does: letters by the
    Vietnamese alphabet (đ after d, ư after u), then tones, then lower case before upper case.
    Spaces and punctuation sort before digits, digits before letters."""
    primary, tones, cases = [], [], []
    for char in unicodedata.normalize("NFD", nfc(value)):
        if unicodedata.category(char) == "Mn":
            if char in _LETTER_MARKS and primary and primary[-1][0] == 3:
                letter = unicodedata.normalize("NFC", _ALPHABET[primary[-1][1]] + char)
                primary[-1] = (3, _LETTER_RANK.get(letter, primary[-1][1]))
            elif char in _TONE_RANK and tones:
                tones[-1] = _TONE_RANK[char]
            continue
        lower = char.lower()
        if lower in _LETTER_RANK:
            primary.append((3, _LETTER_RANK[lower]))
        elif char.isdigit():
            primary.append((2, unicodedata.digit(char, 0)))
        elif char.isalpha():
            primary.append((4, ord(lower)))
        else:
            primary.append((1, ord(char)))
        tones.append(0)
        cases.append(char != lower)
    return tuple(primary), tuple(tones), tuple(cases)


def _vi_compare(left: str, right: str) -> int:
    left_key, right_key = vi_sort_key(left), vi_sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_vi_collation(sender, connection, **kwargs):
    """SQLite has no Vietnamese collation: give each new connection one named "vi", so ORDER BY
    sorts in SQL (pagination and slicing keep working) exactly as `vi_sort_key` does."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", _vi_compare)


class ViCollate(Collate):
    """A field in Vietnamese alphabetical order: vi-x-icu on PostgreSQL, the "vi" collation
    registered by `register_vi_collation` on SQLite. Deconstructs the same on every database, so
    it may stand in Meta.ordering without migrations that depend on the engine."""

    def __init__(self, expression):
        super().__init__(F(expression) if isinstance(expression, str) else expression, "vi")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, collation=connection.ops.quote_name("vi-x-icu"), **extra_context
        )

    def as_mysql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def vi_order(field: str):
    """The one way to sort names: Vietnamese alphabetical order, on SQLite as on PostgreSQL."""
    return ViCollate(field)


def parse_number(value: str):
    """Read a number as Vietnamese documents write it: "105.000", "1.150,5", "3,5", "280".

    Returns a Decimal, or None for empty input; raises ValueError when it is not a number.
    One rule for the whole project: see `emulation_portal.fields.parse_vi_number`.
    """
    from emulation_portal.fields import parse_vi_number

    return parse_vi_number(value)

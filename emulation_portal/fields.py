"""Shared form fields: numbers and text as Vietnamese users type and read them.

Numbers follow the Vietnamese documents: "," is the decimal separator and "." only groups
thousands ("1.234,5", "105.000", "12,5", "100"). The rule for a dot is strict so that nothing
is guessed: every "." must be followed by exactly three digits and the groups must be regular
("1.234.567"); "12.5" or "1.23" are refused with a message that says to use a comma, because
reading them as 12,5 or as 125 would each be wrong for someone. Spaces inside the number (also
non-breaking ones pasted from Word) are ignored. Exponents ("1e30"), NaN, Infinity, more digits
than the database column keeps and negative quantities are refused with a field error, never
stored and never a server error.

A value is shown back without trailing zeros and with dot grouping ("100", not "100,000";
"1.234,5"), so a form posted back unchanged parses to the same value; `LocalIntegerField`
shows no grouping, as years and document numbers are written ("2020").
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .params import ID_MAX, parse_int

# Text bounds: what a person can sensibly type in each kind of box.
SHORT_TEXT_MAX = 2000  # a reason, a note, a comment
MEDIUM_TEXT_MAX = 5000  # a target's wording, a result's note, an achievement summary
LONG_TEXT_MAX = 20000  # a narrative section, a document's introduction, a description

# Anything longer than this cannot be a number we keep (18 digits, separators, sign).
_MAX_NUMBER_CHARS = 64
_NUMBER = re.compile(
    r"(?P<sign>[-+]?)(?P<int>\d{1,3}(?:\.\d{3})+|\d*)(?:,(?P<frac>\d*))?", re.ASCII
)
_SPACES = re.compile(r"\s+")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})


class NumberError(ValueError):
    """Why a text is not a Vietnamese number; `code` picks the message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_vi_number(value) -> Decimal | None:
    """ "1.234,5" → Decimal("1234.5"); "" → None; raises NumberError when it is not a number.

    Decimal, int and float values (a form's initial data) are taken as they are.
    """
    if value is None:
        return None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError("invalid")
        return value
    if isinstance(value, bool):
        raise NumberError("invalid")
    if isinstance(value, int | float):
        number = Decimal(str(value))
        if not number.is_finite():
            raise NumberError("invalid")
        return number
    text = _SPACES.sub("", str(value).translate(_MINUS))
    if not text:
        return None
    if len(text) > _MAX_NUMBER_CHARS:
        raise NumberError("max_digits")
    match = _NUMBER.fullmatch(text)
    if match is None or not (match["int"] or match["frac"]):
        if re.fullmatch(r"[-+]?\d+(\.\d+)+(,\d*)?", text, re.ASCII):
            raise NumberError("dot_decimal")  # "12.5", "1.23": a dot where a comma belongs
        raise NumberError("invalid")
    whole = match["int"].replace(".", "") or "0"
    try:
        frac = f".{match['frac']}" if match["frac"] else ""
        number = Decimal(f"{match['sign']}{whole}{frac}")
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise NumberError("invalid") from None
    return number


def format_vi_number(value, *, grouping: bool = True) -> str:
    """Decimal("100.000") → "100"; Decimal("1234.50") → "1.234,5"; None → ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return str(value)
    text = format(number, "f")  # exact: no precision context, no exponent
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    whole, _dot, frac = text.partition(".")
    frac = frac.rstrip("0")
    whole = whole.lstrip("0") or "0"
    if whole == "0" and not frac:
        sign = ""  # no "-0"
    if grouping:
        whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole}{',' + frac if frac else ''}"


def with_unit(value, unit: str = "") -> str:
    """ "12,5 tỷ đồng", "100%": a number with its unit as documents write it."""
    number = format_vi_number(value)
    unit = (unit or "").strip()
    if not unit or not number:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def round_half_up(value, places: int = 0) -> Decimal:
    """62.5 → 63, as documents round; Python's round() rounds half to even (62.5 → 62)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(part, whole, places: int = 0) -> Decimal | None:
    """part of whole in percent, rounded half-up; None when there is nothing to divide by."""
    return round_half_up(Decimal(100) * part / whole, places) if whole else None


def _digits(number: Decimal) -> tuple[int, int]:
    """(digits before the decimal point, digits after it), trailing zeros not counted."""
    text = format(abs(number), "f")
    whole, _dot, frac = text.partition(".")
    return len(whole.lstrip("0")), len(frac.rstrip("0"))


class LocalNumberInput(forms.TextInput):
    """A text box (not type=number: browsers would show and send the machine's locale)."""

    input_type = "text"

    def __init__(self, attrs=None, *, grouping: bool = True):
        super().__init__({"inputmode": "decimal", **(attrs or {})})
        self.grouping = grouping

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, Decimal | int | float):
            return format_vi_number(value, grouping=self.grouping)
        return str(value)


class LocalDecimalField(forms.Field):
    """A Vietnamese decimal number; `max_digits`/`decimal_places` are the database column's."""

    widget = LocalNumberInput
    default_error_messages = {
        "invalid": _("“%(value)s” không phải là số (ví dụ hợp lệ: 280; 105.000; 3,5)."),
        "dot_decimal": _(
            "“%(value)s”: phần thập phân viết sau dấu phẩy (ví dụ 12,5); "
            "dấu chấm chỉ dùng để tách hàng nghìn (ví dụ 105.000)."
        ),
        "max_digits": _("“%(value)s” quá lớn: tối đa %(max)s chữ số trước dấu phẩy."),
        "decimal_places": _("“%(value)s”: tối đa %(max)s chữ số sau dấu phẩy."),
        "integer": _("“%(value)s”: cần một số nguyên."),
        "min_value": _("“%(value)s”: không được nhỏ hơn %(limit)s."),
        "max_value": _("“%(value)s”: không được lớn hơn %(limit)s."),
    }
    grouping = True

    def __init__(
        self,
        *,
        max_digits: int | None = 18,
        decimal_places: int | None = 3,
        min_value=0,
        max_value=None,
        grouping: bool | None = None,
        **kwargs,
    ):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        self.min_value = None if min_value is None else Decimal(min_value)
        self.max_value = None if max_value is None else Decimal(max_value)
        if grouping is not None:
            self.grouping = grouping
        kwargs.pop("localize", None)
        kwargs.pop("step_size", None)
        widget = kwargs.pop("widget", None) or self.widget
        if isinstance(widget, type):
            widget = (
                widget(grouping=self.grouping) if issubclass(widget, LocalNumberInput) else widget()
            )
        elif isinstance(widget, LocalNumberInput):
            widget.grouping = self.grouping
        super().__init__(widget=widget, **kwargs)

    def _error(self, code, value, **params):
        return ValidationError(
            self.error_messages[code], code=code, params={"value": value, **params}
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_vi_number(value)
        except NumberError as exc:
            limit = (self.max_digits or 0) - (self.decimal_places or 0)
            raise self._error(exc.code, _shorten(value), max=limit) from None
        return number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        raw = format_vi_number(value, grouping=self.grouping)
        whole, places = _digits(value)
        if self.decimal_places == 0 and places:
            raise self._error("integer", raw)
        if self.decimal_places is not None and places > self.decimal_places:
            raise self._error("decimal_places", raw, max=self.decimal_places)
        if self.max_digits is not None:
            limit = self.max_digits - (self.decimal_places or 0)
            if whole > limit:
                raise self._error("max_digits", raw, max=limit)
        if self.min_value is not None and value < self.min_value:
            raise self._error("min_value", raw, limit=self.prepare_value(self.min_value))
        if self.max_value is not None and value > self.max_value:
            raise self._error("max_value", raw, limit=self.prepare_value(self.max_value))

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_vi_number(value, grouping=self.grouping)
        return value

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.decimal_places == 0:
            attrs["inputmode"] = "numeric"
        return attrs


class LocalIntegerField(LocalDecimalField):
    """A whole number ("2020", "18"); shown without grouping, typed with or without it."""

    grouping = False

    def __init__(self, *, min_value=0, max_value=None, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        # Whole numbers the database keeps: PositiveIntegerField's range at most.
        if max_value is None:
            max_value = 2_147_483_647
        super().__init__(
            max_digits=10, decimal_places=0, min_value=min_value, max_value=max_value, **kwargs
        )

    def clean(self, value):
        number = super().clean(value)
        return None if number is None else int(number)


class LocalDateField(forms.DateField):
    """A dd/mm/yyyy date between 1900 and 2100; an impossible day is named in the error.

    Years like 0001 or 9999 parse, but break date arithmetic later (reminders, periods)
    and are always typos here.
    """

    default_error_messages = {
        "invalid": _("“%(value)s” không phải là ngày có thật (ngày/tháng/năm, ví dụ 15/02/2020)."),
        "out_of_range": _("“%(value)s”: năm phải từ %(min)s đến %(max)s."),
    }
    min_year, max_year = 1900, 2100

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code == "invalid":
                raise ValidationError(
                    self.error_messages["invalid"],
                    code="invalid",
                    params={"value": _shorten(value)},
                ) from None
            raise

    def validate(self, value):
        super().validate(value)
        if value and not self.min_year <= value.year <= self.max_year:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"value": value.strftime("%d/%m/%Y"), "min": self.min_year,
                        "max": self.max_year},
            )  # fmt: skip


def _shorten(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:37]}…"


# For a model DecimalField holding a quantity, a result or points: services that full_clean()
# refuse a negative value too, not only the forms.
NOT_NEGATIVE = [MinValueValidator(0, message=_("Không được nhỏ hơn 0."))]


def text_validators(limit: int) -> list:
    """For a model TextField: the same bound as its form's `max_length`, for services too."""
    return [
        MaxLengthValidator(
            limit, message=_("Tối đa %(limit_value)d ký tự (đang có %(show_value)d).")
        )
    ]


def is_id(value) -> bool:
    """A primary key the database can hold, written in ASCII digits."""
    return parse_int(str(value), min_value=1, max_value=ID_MAX) is not None


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django keeps ids the database cannot hold out of exact lookups but not out of `__in`
    ones: a 20-digit id overflows SQLite. Such a value is an invalid choice like any other."""

    def _check_values(self, value):
        for pk in value:
            if not is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)

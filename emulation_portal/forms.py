from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else NON_FIELD_ERRORS, errors)
    else:
        form.add_error(None, error)


def parse_seen_updated_at(value) -> datetime | None:
    """The optimistic-lock stamp a form was opened with ("" when the page had none).

    A stamp that is not a date and time (edited by hand, cut short, "9999-99-99…") is refused
    with a form error: ignoring it would save over someone else's changes, and
    `parse_datetime` raises on well-formed impossible values.
    """
    text = (value or "").strip()
    if not text:
        return None
    try:
        stamp = parse_datetime(text) if len(text) <= 64 else None
    except (ValueError, OverflowError):
        stamp = None
    if stamp is None:
        raise ValidationError(
            _("Trang đã mở không còn hợp lệ (mốc thời gian sửa đổi bị lỗi). Hãy tải lại trang."),
            code="bad_seen_updated_at",
        )
    if timezone.is_naive(stamp):
        stamp = timezone.make_aware(stamp)
    return stamp

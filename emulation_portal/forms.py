from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BoundField, ChoiceField, ModelChoiceField
from django.forms.renderers import DjangoTemplates
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


DJANGO_BLANK_LABEL = "---------"


def blank_choice_label(label) -> str:
    """ "— Chọn đơn vị —" for a field labelled "Đơn vị": says what to choose."""
    text = str(label or "")
    if text[:1].isupper() and not text[1:2].isupper():  # "Đơn vị" → "đơn vị", not "uBND"
        text = text[:1].lower() + text[1:]
    return _("— Chọn %(label)s —") % {"label": text} if text else _("— Chọn —")


class BlankLabelBoundField(BoundField):
    """Replaces Django's "---------" blank option with `blank_choice_label`. Each form works on
    deep copies of its fields, so relabelling here touches this form only."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        if isinstance(field, ModelChoiceField):
            if field.empty_label == DJANGO_BLANK_LABEL:
                field.empty_label = blank_choice_label(self.label)
        elif isinstance(field, ChoiceField):
            choices = list(field.choices)
            if ("", DJANGO_BLANK_LABEL) in choices:
                blank = ("", blank_choice_label(self.label))
                field.choices = [blank if c == ("", DJANGO_BLANK_LABEL) else c for c in choices]


class FormRenderer(DjangoTemplates):
    """The project's FORM_RENDERER: every form, the admin's included, gets
    `BlankLabelBoundField`."""

    bound_field_class = BlankLabelBoundField

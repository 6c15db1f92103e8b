"""Dates in every form: dd/mm/yyyy, an impossible day named in the error, years kept to
1900–2100 (issue 13: impossible dates; "01/01/0001" would parse and break date arithmetic)."""

import datetime

import pytest
from django import forms

from emulation_portal.fields import LocalDateField
from tests.test_number_fields import _form_classes


def _date_fields():
    for form_name, form_class in sorted(_form_classes().items()):
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField):
                yield form_name, name, field


def test_every_date_form_field_is_the_bounded_one():
    found = list(_date_fields())
    assert len(found) >= 10
    assert [f"{f}.{n}" for f, n, field in found if not isinstance(field, LocalDateField)] == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2020", "“31/02/2020” không phải là ngày có thật"),
        ("30/2/2021", "“30/2/2021” không phải là ngày có thật"),
        ("01/01/0001", "năm phải từ 1900 đến 2100"),
        ("31/12/9999", "năm phải từ 1900 đến 2100"),
        ("x" * 10_000, "không phải là ngày có thật"),
    ],
)
def test_impossible_or_absurd_dates_are_refused_in_every_form(typed, message):
    for form_name, name, field in _date_fields():
        with pytest.raises(forms.ValidationError) as info:
            field.clean(typed)
        assert message in info.value.messages[0], (form_name, name, info.value.messages)


def test_real_dates_round_trip_through_every_date_field():
    day = datetime.date(2020, 2, 29)
    for form_name, name, field in _date_fields():
        shown = field.widget.format_value(field.prepare_value(day))
        assert field.clean(shown) == day, (form_name, name, shown)

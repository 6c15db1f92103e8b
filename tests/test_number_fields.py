"""Vietnamese numbers in forms: one rule to read them, one to show them, and a round trip
through every numeric field of every form in the project (issue 13, value corruption)."""

import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from emulation_portal.fields import (
    LocalDecimalField,
    LocalIntegerField,
    NumberError,
    format_vi_number,
    parse_vi_number,
    with_unit,
)

VALUES = [Decimal(v) for v in ("0", "0.5", "12.5", "100", "1234.5", "1000000")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", "1234.5"),
        ("1234,5", "1234.5"),
        ("12,5", "12.5"),
        ("100", "100"),
        ("1.000.000", "1000000"),
        ("105.000", "105000"),  # a single dot followed by exactly three digits groups thousands
        ("12.500", "12500"),
        ("0,5", "0.5"),
        (",5", "0.5"),
        (" 1 234,5 ", "1234.5"),
        ("1\u00a0234,5", "1234.5"),  # non-breaking space pasted from Word
        ("-3,5", "-3.5"),
        ("\u22123", "-3"),  # typographic minus
    ],
)
def test_reads_vietnamese_numbers(text, expected):
    assert parse_vi_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("12.5", "dot_decimal"),  # 12,5 or 125? refused, not guessed
        ("1.23", "dot_decimal"),
        ("1.234.56", "dot_decimal"),
        ("1234.567", "dot_decimal"),
        ("1e30", "invalid"),
        ("1e400", "invalid"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("-", "invalid"),
        ("1,2,3", "invalid"),
        ("abc", "invalid"),
        ("\u0661\u0662", "invalid"),  # Arabic-Indic digits: Decimal() would take them
        ("9" * 100, "max_digits"),
    ],
)
def test_refuses_what_is_not_a_vietnamese_number(text, code):
    with pytest.raises(NumberError) as info:
        parse_vi_number(text)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("value", "grouped", "plain"),
    [
        (Decimal("100.000"), "100", "100"),
        (Decimal("12.500"), "12,5", "12,5"),
        (Decimal("0.000"), "0", "0"),
        (Decimal("-0.0"), "0", "0"),
        (Decimal("0.5"), "0,5", "0,5"),
        (Decimal("1234.50"), "1.234,5", "1234,5"),
        (Decimal("1E+6"), "1.000.000", "1000000"),
        (Decimal("123456789012345.125"), "123.456.789.012.345,125", "123456789012345,125"),
        (2020, "2.020", "2020"),
        (None, "", ""),
    ],
)
def test_shows_numbers_without_trailing_zeros(value, grouped, plain):
    assert format_vi_number(value) == grouped
    assert format_vi_number(value, grouping=False) == plain


def test_percent_sticks_to_its_number():
    assert with_unit(Decimal("100.000"), "%") == "100%"
    assert with_unit(Decimal("12.50"), "tỷ đồng") == "12,5 tỷ đồng"
    assert with_unit(None, "%") == ""


def test_field_errors_are_vietnamese_and_name_the_value():
    field = LocalDecimalField(label="Điểm", required=False, max_digits=7, decimal_places=2)
    cases = {
        "1e30": "không phải là số",
        "100000": "tối đa 5 chữ số trước dấu phẩy",
        "12,345": "tối đa 2 chữ số sau dấu phẩy",
        "-1": "không được nhỏ hơn 0",
        "12.5": "dấu phẩy",
    }
    for text, message in cases.items():
        with pytest.raises(forms.ValidationError) as info:
            field.clean(text)
        assert message in info.value.messages[0], (text, info.value.messages)
    assert field.clean("99.999,99") == Decimal("99999.99")
    assert field.clean("") is None


def test_integer_field_takes_grouped_or_plain_and_refuses_fractions():
    field = LocalIntegerField(min_value=1900, max_value=2100)
    assert field.clean("2020") == 2020
    assert field.clean("2.020") == 2020
    for text, message in (("20,5", "số nguyên"), ("3020", "không được lớn hơn 2100")):
        with pytest.raises(forms.ValidationError) as info:
            field.clean(text)
        assert message in info.value.messages[0]


def test_unchanged_initial_is_not_a_change():
    field = LocalDecimalField(required=False)
    assert not field.has_changed(Decimal("100.000"), "100")
    assert not field.has_changed(Decimal("12.500"), "12,5")
    assert field.has_changed(Decimal("100.000"), "100.000,5")


# Every form of the project -----------------------------------------------------------------


def _form_classes():
    """Every Form/ModelForm class defined in an app's forms module, formset forms included."""
    found = {}
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or ".venv" in config.path:
            continue  # third-party apps
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = obj
            if inspect.isclass(obj) and issubclass(obj, forms.BaseFormSet) and hasattr(obj, "form"):
                found[f"{module.__name__}.{name}.form"] = obj.form
    return found


def _numeric_fields():
    for form_name, form_class in sorted(_form_classes().items()):
        for field_name, field in form_class.base_fields.items():
            numeric = forms.DecimalField | forms.FloatField | forms.IntegerField | LocalDecimalField
            # A hidden row id (which target a row edits) is a reference, never typed or shown.
            if isinstance(field, numeric) and not field.widget.is_hidden:
                yield form_name, field_name, field


def test_the_walk_finds_the_forms_the_issue_names():
    names = {(form, field) for form, field, _f in _numeric_fields()}
    for expected in [
        ("campaigns.forms.ProgressLineForm", "achieved_value"),
        ("campaigns.forms.TargetFormSet.form", "planned_value"),
        ("campaigns.forms.TargetFormSet.form", "points"),
        ("campaigns.forms.ScoreForm", "points"),
        ("campaigns.forms.AnswerForm", "value"),
        ("campaigns.forms.MeetingForm", "attendees"),
        ("blocs.forms.PersonForm", "birth_year"),
        ("awards.forms.DecisionForm", "number"),
    ]:
        assert expected in names


def test_every_numeric_form_field_is_the_vietnamese_one():
    plain = [
        f"{form}.{name}" for form, name, field in _numeric_fields()
        if not isinstance(field, LocalDecimalField)
    ]  # fmt: skip
    assert plain == []


def _accepts(field, value) -> bool:
    if isinstance(field, LocalIntegerField) and value != value.to_integral_value():
        return False
    if field.max_value is not None and value > field.max_value:
        return False
    if field.min_value is not None and value < field.min_value:
        return False
    return len(str(int(value))) <= field.max_digits - field.decimal_places


def test_every_numeric_form_field_round_trips_its_rendered_value():
    """Render the widget for each value, read back what it shows: the same value. Values the
    field refuses (a year of 12,5) are still read back exactly; its own bounds are checked
    with values it takes (its minimum and maximum)."""
    cleaned = 0
    for form_name, field_name, field in _numeric_fields():
        limits = [Decimal(v) for v in (field.min_value, field.max_value) if v is not None]
        for value in VALUES + limits:
            where = (form_name, field_name, value)
            shown = field.widget.format_value(field.prepare_value(value))
            rendered = field.widget.render(field_name, field.prepare_value(value))
            assert f'value="{shown}"' in rendered, (*where, rendered)
            assert field.to_python(shown) == value, (*where, shown)
            assert not field.has_changed(value, shown), where
            if _accepts(field, value):
                assert field.clean(shown) == value, (*where, shown)
                cleaned += 1
    assert cleaned > 40


def test_negative_quantities_are_refused():
    for form_name, _field_name, field in _numeric_fields():
        if form_name.endswith("AnswerForm"):
            continue  # a statistic may fall (growth of -2 %)
        with pytest.raises(forms.ValidationError):
            field.clean("-1")

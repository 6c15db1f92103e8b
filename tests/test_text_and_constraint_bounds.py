"""Every text box is bounded and every database rule has a Vietnamese message (issue 13:
1 MB reasons and notes were stored; "Constraint “person_birth_year_range” is violated.")."""

import pytest
from django import forms
from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models

from tests.test_number_fields import _form_classes

# Apps whose models this covers: all of the project's apps.
COVERED_APPS = ("blocs", "campaigns", "awards", "reports")


def _text_fields():
    for form_name, form_class in sorted(_form_classes().items()):
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        for name, field in form_class.base_fields.items():
            if type(field) in (forms.CharField,) or isinstance(field.widget, forms.Textarea):
                yield form_name, name, field, model


def test_every_text_form_field_is_bounded():
    unbounded = []
    for form_name, name, field, model in _text_fields():
        if getattr(field, "max_length", None):
            continue
        if model is not None and any(
            isinstance(v, MaxLengthValidator) for v in model._meta.get_field(name).validators
        ):
            continue  # the ModelForm runs the model field's validator on save
        unbounded.append(f"{form_name}.{name}")
    assert unbounded == []


@pytest.mark.parametrize("app", COVERED_APPS)
def test_every_text_model_field_has_a_length_validator(app):
    unbounded = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    assert unbounded == []


@pytest.mark.parametrize("app", COVERED_APPS)
def test_every_constraint_has_a_vietnamese_message(app):
    default = str(models.CheckConstraint.default_violation_error_message)
    english = [
        f"{model.__name__}.{constraint.name}"
        for model in apps.get_app_config(app).get_models()
        for constraint in model._meta.constraints
        if str(constraint.violation_error_message) == default
        or str(constraint.violation_error_message).isascii()
    ]
    assert english == []


@pytest.mark.django_db
def test_model_form_text_is_bounded_by_the_model_validator(demo):
    from campaigns.forms import CampaignForm

    data = {"name": "Phong trào thử", "kind": "annual", "year": "2020",
            "authority": demo.org["DT"].pk, "start": "01/01/2020", "end": "31/12/2020",
            "description": "x" * 1_000_000}  # fmt: skip
    form = CampaignForm(data, user=demo.admin)
    assert not form.is_valid()
    assert list(form.errors) == ["description"]
    assert "Tối đa 20000 ký tự" in form.errors["description"][0]


@pytest.mark.django_db
def test_campaign_year_out_of_range_is_a_field_error_not_a_constraint(demo):
    from campaigns.forms import CampaignForm

    data = {"name": "Phong trào thử", "kind": "annual", "year": "3020",
            "authority": demo.org["DT"].pk, "start": "01/01/2020", "end": "31/12/2020"}  # fmt: skip
    form = CampaignForm(data, user=demo.admin)
    assert not form.is_valid()
    assert list(form.errors) == ["year"]
    assert "không được lớn hơn 2100" in form.errors["year"][0]


@pytest.mark.django_db
def test_period_dates_rule_is_a_field_error_on_end():
    from campaigns.forms import PeriodForm

    form = PeriodForm({"name": "Sơ kết 6 tháng", "start": "15/06/2020", "end": "01/01/2020",
                       "due": "20/06/2020"})  # fmt: skip
    assert not form.is_valid()
    assert list(form.errors) == ["end"]
    assert form.errors["end"] == ["Ngày kết thúc phải sau ngày bắt đầu."]

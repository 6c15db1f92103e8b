"""Stock Django texts read as Vietnamese documents do: a blank select option that says what to
choose, validator messages without a space before the full stop (issue 15)."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from blocs.models import Organization


class Picker(forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Organization.objects.none())
    kind = forms.TypedChoiceField(
        label="Loại", choices=[("", "---------"), *Organization.Kind.choices], required=False
    )
    count = forms.IntegerField(label="Số lượng", min_value=1)


def test_blank_select_option_names_what_to_choose():
    html = str(Picker())
    assert "---------" not in html
    assert "— Chọn đơn vị —" in html and "— Chọn loại —" in html


@pytest.mark.django_db
def test_pages_and_admin_show_no_dashes(client, demo):
    client.force_login(demo.reviewer)
    html = client.get(reverse("bloc_year", args=[demo.bloc.pk, 2020])).content.decode()
    # The members picker is a search box; the leadership select names its field.
    assert "— Chọn khối trưởng —" in html and "---------" not in html
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    html = client.get(reverse("admin:blocs_organization_add")).content.decode()
    assert "---------" not in html and "— Chọn loại —" in html


def test_min_value_message_has_no_space_before_the_full_stop():
    with translation.override("vi"):
        form = Picker({"unit": "", "kind": "", "count": "0"})
        form.is_valid()
        message = form.errors["count"][0]
    assert message.endswith("1.") and " ." not in message, message

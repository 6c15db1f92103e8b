"""A person's birth year outside the database's range is a field error in Vietnamese, not
"Constraint “person_birth_year_range” is violated." (issue 13)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blocs.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("typed", "message"), [("3020", "không được lớn hơn 2100"),
                                                ("1800", "không được nhỏ hơn 1900"),
                                                ("19,5", "cần một số nguyên"),
                                                ("1e3", "không phải là số")])  # fmt: skip
def test_birth_year_out_of_range_is_a_field_error(client, demo, typed, message):
    organization = demo.org["DT-SXD"]
    client.force_login(demo.xaydung)
    response = client.post(
        reverse("person_create", args=[organization.pk]),
        {"full_name": "Nguyễn Văn An", "gender": "male", "birth_year": typed, "position": "",
         "is_active": "on"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "Nguyễn Văn An" in html
    assert "Constraint" not in html
    assert not Person.objects.filter(full_name="Nguyễn Văn An").exists()


def test_the_database_rule_itself_speaks_vietnamese(demo):
    person = Person(full_name="Nguyễn Văn An", organization=demo.org["DT-SXD"], birth_year=3020)
    with pytest.raises(ValidationError) as info:
        person.full_clean()
    assert info.value.messages == ["Năm sinh phải từ 1900 đến 2100."]

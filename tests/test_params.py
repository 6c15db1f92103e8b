"""emulation_portal.params: one way to read query parameters, junk ignored or a 400 when strict."""

import datetime
import unicodedata

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django.urls.exceptions import Resolver404

from emulation_portal import params
from emulation_portal.params import BadParameter

JUNK = [
    "abc",
    "-1",
    "99999999999999999999",
    "1e400",
    "9999-99-99",
    "' OR 1=1",
    "²",
    "\x00",
    "x" * 5000,
]


def get(**query):
    return RequestFactory().get("/", query)


@pytest.mark.parametrize("junk", JUNK)
def test_junk_filters_fall_back_to_the_default(junk):
    request = get(n=junk)
    assert params.id_param(request, "n") is None
    assert params.int_param(request, "n", 7, min_value=0, max_value=10**6) == 7
    assert params.year_param(request, "n", 2020) == 2020
    assert params.date_param(request, "n") is None
    assert params.choice_param(request, "n", ["a", "b"], "a") == "a"


@pytest.mark.parametrize("junk", [j for j in JUNK if j != "\x00"])
def test_strict_parameters_answer_400_naming_the_parameter(junk):
    with pytest.raises(BadParameter, match="“n”"):
        params.id_param(get(n=junk), "n", strict=True)


def test_absent_or_empty_is_the_default_even_when_strict():
    assert params.id_param(get(), "n", strict=True) is None
    assert params.id_param(get(n="  "), "n", strict=True) is None
    assert params.id_param(get(n="\x00"), "n", strict=True) is None  # NUL is dropped first
    assert params.text_param(get(n=""), "n") == ""


def test_good_values_parse():
    request = get(id="42", year="2020", d1="15/06/2020", d2="2020-06-15", c="b", due="1")
    assert params.id_param(request, "id") == 42
    assert params.year_param(request, "year") == 2020
    assert params.date_param(request, "d1") == datetime.date(2020, 6, 15)
    assert params.date_param(request, "d2") == datetime.date(2020, 6, 15)
    assert params.choice_param(request, "c", ["a", "b"]) == "b"
    assert params.flag_param(request, "due") is True
    assert params.flag_param(request, "missing") is False


def test_out_of_range_numbers_are_junk():
    request = get(id="0", year="1899", big=str(2**63), d="31/12/9999")
    assert params.id_param(request, "id") is None
    assert params.year_param(request, "year") is None
    assert params.id_param(request, "big") is None
    assert params.date_param(request, "d") is None


def test_text_is_nfc_without_nul_and_bounded():
    name = "Sở Xây dựng"
    request = get(q=unicodedata.normalize("NFD", name) + "\x00", long="y" * 5000)
    assert params.text_param(request, "q") == unicodedata.normalize("NFC", name)
    assert len(params.text_param(request, "long")) == params.TEXT_MAX


def test_choice_param_takes_a_choices_class():
    from blocs.models import Organization

    value = Organization.Kind.values[0]
    assert params.choice_param(get(kind=value), "kind", Organization.Kind) == value
    assert params.choice_param(get(kind="zzz"), "kind", Organization.Kind, "") == ""


@pytest.mark.parametrize("year", ["9999", "0001", "1899", "2101"])
def test_a_year_out_of_range_in_a_path_is_a_404(year):
    with pytest.raises(Resolver404):
        resolve(f"/blocs/1/{year}/")


def test_a_year_in_range_in_a_path_resolves():
    assert resolve("/blocs/1/2020/").kwargs == {"pk": 1, "year": 2020}


@pytest.mark.django_db
def test_a_bad_parameter_page_says_which_in_vietnamese(client, demo):
    from campaigns.models import ReportOutline

    outline = ReportOutline.objects.create(code="de-cuong", name="Đề cương")
    client.force_login(demo.admin)
    response = client.get(f"/outlines/{outline.pk}/sections/new/", {"parent": "abc"})
    assert response.status_code == 400
    assert "Tham số “parent” không hợp lệ" in response.content.decode()

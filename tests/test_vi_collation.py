"""Names sort in Vietnamese alphabetical order on SQLite as on PostgreSQL (vi-x-icu): đ after d,
ư after u, tones after their base letter. Run this module on both databases."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from blocs.models import Organization
from emulation_portal.text import vi_order, vi_sort_key
from tests.factories import OrganizationFactory

# In Vietnamese alphabetical order, the order PostgreSQL's vi-x-icu gives.
NAMES = [
    "An Giang",
    "Ấp Bắc",
    "Ban Thi đua",
    "Bình Dương",
    "Cà Mau",
    "Dầu Tiếng",
    "Đồng Tháp",
    "Ê Đê",
    "Giồng Riềng",
    "Ma",
    "Mà",
    "Mả",
    "Mã",
    "Má",
    "Mạ",
    "Mai",
    "Ơn",
    "Tây Ninh",
    "Uông Bí",
    "Ủy ban nhân dân",
    "Ưu tú",
    "Xã An Bình",
    "Xã Tân Bình",
    "Yên Bái",
]


SHUFFLED = NAMES[::-2] + NAMES[::2]  # a fixed mix: neither in order nor reversed


def test_sort_key_orders_vietnamese_letters_and_tones():
    assert sorted(SHUFFLED, key=vi_sort_key) == NAMES


def test_sort_key_ignores_how_the_text_was_composed():
    assert vi_sort_key("Đồng Tháp") == vi_sort_key("Đồng Tháp")  # NFD input


@pytest.mark.django_db
def test_database_orders_names_as_the_sort_key_does():
    for index, name in enumerate(SHUFFLED):
        OrganizationFactory(name=name, code=f"VI-{index}")
    in_sql = list(Organization.objects.order_by(vi_order("name")).values_list("name", flat=True))
    assert in_sql == NAMES
    assert [o.name for o in Organization.objects.all()] == NAMES  # Meta.ordering too
    # Slicing is done by the database, so pages follow the same order.
    assert list(Organization.objects.values_list("name", flat=True)[10:13]) == NAMES[10:13]


@pytest.mark.django_db
def test_directory_lists_uy_ban_before_xa_and_dong_thap_before_tay_ninh(client):
    for index, name in enumerate(["Xã An Bình", "Ủy ban nhân dân", "Tây Ninh", "Đồng Tháp"]):
        OrganizationFactory(name=name, code=f"DIR-{index}")
    user = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(user)
    response = client.get(reverse("organization_list"))
    names = [o.name for o in response.context["page"]]
    assert names == ["Đồng Tháp", "Tây Ninh", "Ủy ban nhân dân", "Xã An Bình"]

"""Points typed on the scoring page: NaN, 1e30, negatives and too many decimals are field
errors, the saved points are untouched (issue 13: NaN and 1e30 answered 500)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Score
from tests.campaigns.test_scoring_pages import scored  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "không phải là số"),
        ("1e30", "không phải là số"),
        ("Infinity", "không phải là số"),
        ("-5", "không được nhỏ hơn 0"),
        ("10,125", "tối đa 2 chữ số sau dấu phẩy"),
        ("9" * 40, "quá lớn"),
    ],
)
def test_bad_points_are_field_errors(client, demo, scored, typed, message):  # noqa: F811
    leaf = scored.criteria.filter(children__isnull=True).order_by("pk").first()
    before = Score.objects.get(criterion=leaf, organization=demo.org["DT-SXD"]).self_points
    client.force_login(demo.xaydung)
    response = client.post(reverse("scoring", args=[demo.bloc.pk, 2020]),
                           {f"c{leaf.pk}-points": typed})  # fmt: skip
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Score.objects.get(criterion=leaf, organization=demo.org["DT-SXD"]).self_points == before


def test_decimal_points_round_trip_on_the_scoring_page(client, demo, scored):  # noqa: F811
    leaf = scored.criteria.filter(children__isnull=True).order_by("pk").first()
    url = reverse("scoring", args=[demo.bloc.pk, 2020])
    client.force_login(demo.xaydung)
    assert client.post(url, {f"c{leaf.pk}-points": "12,5"}).status_code == 302
    form = client.get(url).context["rows"]
    shown = next(f for row, f, _s in form if row.criterion.pk == leaf.pk)["points"].value()
    assert shown == "12,5"
    assert client.post(url, {f"c{leaf.pk}-points": shown}).status_code == 302
    score = Score.objects.get(criterion=leaf, organization=demo.org["DT-SXD"])
    assert score.self_points == Decimal("12.5")

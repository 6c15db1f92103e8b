"""Issue 13, finding 11 (meeting): the ranking meeting form cleared every tick, vote and date on
any validation error, silently dropped a nomination with −4 votes while saying "Đã ghi kết quả",
and a crafted key ("nominate-1-2-3") gave a 500. Now every error re-renders what was posted,
a bad vote count is an error on its own cell, odd keys are ignored, nothing half-saved."""

import re

import pytest
from django.urls import reverse

from awards.models import AwardType
from campaigns.models import MeetingNomination, MeetingResult
from tests.campaigns.test_scoring_pages import scored  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scored")]
RECORDED = "Đã ghi kết quả họp bình xét."


@pytest.fixture
def url(client, demo):
    client.force_login(demo.secretariat)
    return reverse("ranking", args=[demo.bloc.pk, 2020])


@pytest.fixture
def flag(db):
    return AwardType.objects.get(code="CO_TINH")


@pytest.fixture
def merit(db):
    return AwardType.objects.get(code="BK_TINH")


def _checked(html: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert tag, f"no input {name}"
    return " checked" in tag.group(0)


def _value(html: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert tag, f"no input {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def test_a_bad_date_keeps_every_tick_vote_and_field(client, demo, url, flag, merit):
    a, b = demo.org["DT-SKHCN"].pk, demo.org["DT-SXD"].pk
    response = client.post(url, {
        "held_on": "31/02/2020", "attendees": "8", "note": "Họp tại Sở KH&CN",
        f"nominate-{a}-{flag.pk}": "on", f"votes-{a}-{flag.pk}": "8",
        f"nominate-{b}-{merit.pk}": "on", f"votes-{b}-{merit.pk}": "7",
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert _value(html, "held_on") == "31/02/2020" and "Họp tại Sở KH&amp;CN" in html
    assert _checked(html, f"nominate-{a}-{flag.pk}") and _value(html, f"votes-{a}-{flag.pk}") == "8"
    assert _checked(html, f"nominate-{b}-{merit.pk}")
    assert _value(html, f"votes-{b}-{merit.pk}") == "7"
    assert not _checked(html, f"nominate-{a}-{merit.pk}")
    assert RECORDED not in html and not MeetingResult.objects.exists()


def test_negative_votes_are_an_error_on_their_cell_nothing_saved(client, demo, url, flag):
    a, b = demo.org["DT-SKHCN"].pk, demo.org["DT-SXD"].pk
    response = client.post(url, {
        "held_on": "15/12/2020", "attendees": "8", "note": "",
        f"nominate-{a}-{flag.pk}": "on", f"votes-{a}-{flag.pk}": "8",
        f"nominate-{b}-{flag.pk}": "on", f"votes-{b}-{flag.pk}": "-4",
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "Số phiếu của Sở Xây dựng" in html and "không được âm" in html
    assert _value(html, f"votes-{b}-{flag.pk}") == "-4"
    assert _checked(html, f"nominate-{a}-{flag.pk}")
    assert RECORDED not in html and not MeetingResult.objects.exists()


@pytest.mark.parametrize(
    ("votes", "message"),
    [("", "Ghi số phiếu"), ("bảy", "Số phiếu của Sở Xây dựng"), ("9", "lớn hơn số đơn vị")],
)
def test_ticked_without_a_valid_count_is_an_error(client, demo, url, flag, votes, message):
    b = demo.org["DT-SXD"].pk
    response = client.post(url, {
        "held_on": "15/12/2020", "attendees": "8",
        f"nominate-{b}-{flag.pk}": "on", f"votes-{b}-{flag.pk}": votes,
    })  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and _checked(html, f"nominate-{b}-{flag.pk}")
    assert not MeetingResult.objects.exists()


def test_votes_without_a_tick_are_not_silently_dropped(client, demo, url, flag):
    b = demo.org["DT-SXD"].pk
    response = client.post(
        url, {"held_on": "15/12/2020", "attendees": "8", f"votes-{b}-{flag.pk}": "6"}
    )
    assert response.status_code == 400
    assert "chưa đánh dấu suy tôn" in response.content.decode()
    assert not MeetingResult.objects.exists()


@pytest.mark.parametrize(
    "key",
    ["nominate-1-2-3", "nominate-x", "nominate-", "nominate-abc-def", "votes-1", "nominate-1-"],
)
def test_crafted_keys_are_ignored_never_a_500(client, demo, url, flag, key):
    a = demo.org["DT-SKHCN"].pk
    response = client.post(url, {
        "held_on": "15/12/2020", "attendees": "8", key: "on",
        f"nominate-{a}-{flag.pk}": "on", f"votes-{a}-{flag.pk}": "8",
    })  # fmt: skip
    assert response.status_code == 302
    nomination = MeetingResult.objects.get().nominations.get()
    assert (nomination.organization_id, nomination.votes_for) == (a, 8)


def test_a_unit_outside_the_bloc_cannot_be_nominated_by_a_crafted_key(client, demo, url, flag):
    outsider = demo.org["DT-SNV"].pk
    response = client.post(url, {
        "held_on": "15/12/2020", "attendees": "8",
        f"nominate-{outsider}-{flag.pk}": "on", f"votes-{outsider}-{flag.pk}": "8",
    })  # fmt: skip
    assert response.status_code == 302
    assert not MeetingNomination.objects.exists()


def test_the_recorded_result_is_the_forms_starting_point_and_reposting_changes_nothing(
    client, demo, url, flag
):
    a = demo.org["DT-SKHCN"].pk
    client.post(url, {
        "held_on": "15/12/2020", "attendees": "8",
        f"nominate-{a}-{flag.pk}": "on", f"votes-{a}-{flag.pk}": "8",
    })  # fmt: skip
    before = MeetingNomination.objects.get()
    html = client.get(url).content.decode()
    assert _checked(html, f"nominate-{a}-{flag.pk}") and _value(html, f"votes-{a}-{flag.pk}") == "8"
    client.post(url, {
        "held_on": "15/12/2020", "attendees": "8",
        f"nominate-{a}-{flag.pk}": "on", f"votes-{a}-{flag.pk}": "8",
    })  # fmt: skip
    assert list(MeetingNomination.objects.values_list("pk", "votes_for")) == [(before.pk, 8)]

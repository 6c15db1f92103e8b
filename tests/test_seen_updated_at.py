"""The optimistic-lock stamp read from a form (issue 13: "9999-99-99…" gave a 500 and other
garbage silently skipped the lock)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from emulation_portal.forms import parse_seen_updated_at


def test_empty_means_no_stamp():
    assert parse_seen_updated_at("") is None
    assert parse_seen_updated_at(None) is None


def test_the_stamp_the_page_wrote_is_read_back():
    stamp = timezone.now()
    assert parse_seen_updated_at(stamp.isoformat()) == stamp


def test_a_naive_stamp_is_taken_in_the_portal_time_zone():
    stamp = parse_seen_updated_at("2020-06-15T08:00:00")
    assert timezone.is_aware(stamp)
    assert stamp == timezone.make_aware(datetime.datetime(2020, 6, 15, 8))


@pytest.mark.parametrize(
    "garbage", ["9999-99-99T99:99:99", "2020-02-30T10:00:00", "abc", "1" * 100_000, "\x00"]
)
def test_garbage_is_a_vietnamese_error(garbage):
    with pytest.raises(ValidationError) as info:
        parse_seen_updated_at(garbage)
    assert "Hãy tải lại trang" in info.value.messages[0]

"""Counting failures under a key and refusing the key for a while after too many
(login devices, password changes). Kept in the database so every worker process sees the same
count; rows are transient (left out of backups)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Throttle


def locked_until(key: str):
    """When the lock on `key` ends, or None when it is not locked."""
    until = Throttle.objects.filter(key=key).values_list("locked_until", flat=True).first()
    return until if until and until > timezone.now() else None


@transaction.atomic
def record_failure(key: str, *, limit: int, window: timedelta) -> bool:
    """Count a failure under `key`; after `limit` failures within `window` the key is locked
    for `window`. True when the key is locked now."""
    now = timezone.now()
    row, _ = Throttle.objects.select_for_update().get_or_create(
        key=key, defaults={"window_start": now}
    )
    if row.window_start <= now - window:
        row.window_start, row.failures = now, 0
    row.failures += 1
    if row.failures >= limit:
        row.locked_until = now + window
        row.window_start, row.failures = now, 0  # the next window starts with the lock
    row.save()
    return bool(row.locked_until and row.locked_until > now)


def clear(key: str) -> None:
    Throttle.objects.filter(key=key).delete()

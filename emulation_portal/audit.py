"""Audit trail (django-auditlog): who changed what and when, shown on each object's page."""

from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q


@contextmanager
def acting_as(actor):
    """Attribute the log entries written inside to `actor` (web requests, commands, tasks alike)."""
    if actor is None:
        yield
        return
    with set_actor(actor):
        yield


def trail(instance, *, related: dict | None = None, limit: int = 100):
    """Entries of `instance`, plus entries of other models tagged with its id in additional_data.

    `related` maps a model class to the additional_data key pointing at `instance`,
    e.g. {BlocMembership: "bloc_id"} so that removed memberships still show on the bloc.
    """
    query = Q(content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk)
    for model, key in (related or {}).items():
        query |= Q(content_type=ContentType.objects.get_for_model(model)) & Q(
            **{f"additional_data__{key}": instance.pk}
        )
    return (
        LogEntry.objects.filter(query)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )

"""Audit trail (django-auditlog): who changed what and when, shown on each object's page."""

from contextlib import contextmanager

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog, set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("Tạo mới"),
    LogEntry.Action.UPDATE: _("Cập nhật"),
    LogEntry.Action.DELETE: _("Xoá"),
    LogEntry.Action.ACCESS: _("Truy cập"),
}
HIDDEN_FIELDS = {"id", "created_at", "updated_at", "password", "last_login"}
VALUE_LABELS = {"None": "—", "": "—", "True": _("có"), "False": _("không")}


@contextmanager
def acting_as(actor):
    """Attribute the log entries written inside to `actor` (web requests, commands, tasks alike)."""
    if actor is None:
        yield
        return
    with set_actor(actor):
        yield


def _entry(instance, *, actor, event, label, comment="", changes=None, **extra) -> LogEntry:
    data = getattr(instance, "get_additional_data", dict)() or {}
    data |= {"event": event, "event_label": str(label), "comment": comment, **extra}
    return LogEntry(
        content_type=ContentType.objects.get_for_model(instance),
        object_pk=str(instance.pk),
        object_id=instance.pk,
        object_repr=str(instance)[:255],
        action=LogEntry.Action.UPDATE,
        changes=changes or {},
        actor=actor,
        additional_data=data,
        cid=get_cid(),
    )


def log_action(instance, *, actor, event: str, label, comment: str = "", changes=None, **extra):
    """Record one business event (submit, return, accept, import…) as a single audit entry.

    `label` is what people read ("Trả lại"); `comment` the reason they gave; `changes` the
    field changes ({"status": ["submitted", "returned"]}). Save the instance inside `quietly()`
    so the automatic entry for the same save is not written twice.
    """
    entry = _entry(
        instance, actor=actor, event=event, label=label, comment=comment, changes=changes, **extra
    )
    entry.save()
    return entry


def log_actions(events: list[dict], **common) -> None:
    """Many `log_action` calls in one insert (imports touch hundreds of registrations)."""
    LogEntry.objects.bulk_create(_entry(**(common | event)) for event in events)


quietly = disable_auditlog


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
    entries = list(
        LogEntry.objects.filter(query)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )
    for entry in entries:
        extra = entry.additional_data or {}
        entry.action_label = extra.get("event_label") or ACTION_LABELS.get(
            entry.action, entry.get_action_display()
        )
        entry.comment = extra.get("comment", "")
        entry.rows = _rows(entry)
    return entries


def _rows(entry) -> list[tuple[str, str, str]]:
    """(field label, old, new) for the concrete fields a person cares about."""
    model = entry.content_type.model_class()
    rows = []
    # changes_display_dict is built from changes_dict in the same order, keyed by verbose name.
    for name, (label, values) in zip(
        entry.changes_dict, entry.changes_display_dict.items(), strict=False
    ):
        try:
            concrete = model is not None and model._meta.get_field(name).concrete
        except FieldDoesNotExist:
            concrete = False
        if name in HIDDEN_FIELDS or not concrete:
            continue
        old, new = (VALUE_LABELS.get(str(v), str(v)) for v in values)
        if entry.action == LogEntry.Action.CREATE and new == "—":
            continue  # an empty field of a new record says nothing
        rows.append((str(label), old, new))
    return rows

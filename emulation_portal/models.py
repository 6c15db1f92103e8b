from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from kombu.utils.encoding import safe_repr

from emulation_portal.text import same_text

ARGS_LIMIT = 2000  # arguments may be long (lists of ids); the start is enough to recognise a call
EXCEPTION_LIMIT = 2000


# Stamps a save sets by itself: they say when and by whom, not what. A save that changes none of
# the other fields is no change (DESIGN §5: a form posted back unchanged changes nothing).
STAMP_FIELDS = {"updated_by"}


def changed_fields(instance: models.Model) -> list[str]:
    """The names of `instance`'s concrete fields whose value differs from its stored row, auto
    timestamps and `updated_by` left out; every field for an instance not stored yet.

    Services call it before saving an edit form's instance (which the form has already changed
    in memory, hence the fresh read): nothing different → no save, no `updated_at`, no audit
    entry. Texts compare as `same_text` (a browser's CRLF, NFC, spaces at line ends)."""
    fields = [
        f
        for f in instance._meta.concrete_fields
        if not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
        and f.name not in STAMP_FIELDS
    ]
    stored = None
    if instance.pk is not None and not instance._state.adding:
        stored = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values(*(f.attname for f in fields))
            .first()
        )
    if stored is None:
        return [f.name for f in fields]
    return [f.name for f in fields if not _same(stored[f.attname], getattr(instance, f.attname))]


def _same(stored, value) -> bool:
    if isinstance(stored, str) and isinstance(value, str):
        return same_text(stored, value)
    return stored == value


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FailedTask(models.Model):
    """A Celery task that ended in an exception (celery.py records it on task_failure)."""

    task_name = models.CharField(_("tác vụ"), max_length=200, db_index=True)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, db_index=True)
    args = models.TextField(_("tham số"), blank=True)
    exception = models.TextField(_("lỗi"))
    traceback = models.TextField(_("vết lỗi"), blank=True)
    retries = models.PositiveSmallIntegerField(
        _("số lần đã thử lại"),
        default=0,
        help_text=_("Số lần Celery đã chạy lại tác vụ trước lần lỗi này."),
    )
    failed_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tác vụ nền lỗi")
        verbose_name_plural = _("tác vụ nền lỗi")
        ordering = ["-failed_at", "-pk"]

    def __str__(self):
        return f"{self.task_name} [{self.task_id}]"

    @classmethod
    def record(cls, *, task, task_id, args, kwargs, exception, traceback) -> "FailedTask":
        return cls.objects.create(
            task_name=task.name,
            task_id=task_id or "",
            args=_clip(
                f"args={safe_repr(args or ())}, kwargs={safe_repr(kwargs or {})}", ARGS_LIMIT
            ),
            exception=_clip(f"{type(exception).__name__}: {exception}", EXCEPTION_LIMIT),
            traceback=traceback,
            retries=task.request.retries or 0,
        )


class StoredFile(models.Model):
    """An uploaded file as `uploads.store()` keeps it: under a random name, with what it was
    called, what its content is and its sha256. Concrete models add `file` and their owner."""

    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Throttle(models.Model):
    """Failures counted under one key ("device:<nonce>", "password-change:<user id>") within a
    window, and until when the key is refused (emulation_portal/throttle.py). Transient: left
    out of backups."""

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("giới hạn thử sai")
        verbose_name_plural = _("giới hạn thử sai")

    def __str__(self):
        return self.key

from auditlog import admin as auditlog_admin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .fields import is_id
from .models import FailedTask, Throttle


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's widget looks the submitted ids up with an unguarded `pk__in` when it shows an
    invalid form again, so a junk id gave a 500; ids that cannot be keys are left out."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_id(v)], attr)


class SafeAutocompleteMixin:
    """For every admin and inline with `autocomplete_fields`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    """Read-only: the rows are what the worker saw; nothing here to edit or add."""

    list_display = ("failed_at", "task_name", "exception_start", "retries", "task_id")
    list_filter = ("task_name", "retries", "failed_at")
    search_fields = ("task_name", "task_id", "exception")
    date_hierarchy = "failed_at"
    fields = ("task_name", "task_id", "failed_at", "retries", "args", "exception", "traceback")

    @admin.display(description=FailedTask._meta.get_field("exception").verbose_name)
    def exception_start(self, obj):
        return obj.exception.splitlines()[0][:120] if obj.exception else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Throttle)
class ThrottleAdmin(admin.ModelAdmin):
    """Counters of wrong passwords per known device and per password-change form: an
    administrator unlocks one by deleting its row (accounts and addresses: axes' attempts)."""

    list_display = ("key", "failures", "window_start", "locked_until")
    search_fields = ("key",)
    readonly_fields = ("key", "failures", "window_start", "locked_until")

    def has_add_permission(self, request):
        return False


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogEntryAdmin(auditlog_admin.LogEntryAdmin):
    """auditlog's list wrote its change column in English ("11 changes: original_name, …")."""

    @admin.display(description=_("Thay đổi"))
    def msg_short(self, obj):
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        labels = [str(label) for label in obj.changes_display_dict]  # verbose names
        fields = Truncator(", ".join(labels)).chars(80)
        return gettext("%(count)d thay đổi: %(fields)s") % {"count": len(labels), "fields": fields}

from django.contrib import admin

from .models import FailedTask, Throttle


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

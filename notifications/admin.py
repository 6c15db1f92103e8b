from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event", "message", "read_at", "emailed_at"]
    list_filter = ["event"]
    search_fields = ["message", "recipient__username", "recipient__full_name"]
    raw_id_fields = ["recipient"]


admin.site.register(Preference)

from django.contrib import admin

from .models import AwardType


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "recipient", "level", "summary_order"]
    list_filter = ["category", "recipient", "level"]
    search_fields = ["code", "name", "aliases"]

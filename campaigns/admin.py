from django.contrib import admin

from . import models


class PhaseInline(admin.TabularInline):
    model = models.CampaignPhase
    extra = 0


@admin.register(models.Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "kind", "authority", "plan_symbol", "registration_deadline"]
    list_filter = ["year", "kind"]
    search_fields = ["name", "plan_symbol"]
    inlines = [PhaseInline]


class TargetInline(admin.TabularInline):
    model = models.Target
    extra = 0
    fields = ["ordinal", "text", "due_text", "kind", "planned_value", "unit"]


@admin.register(models.Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["organization", "bloc", "campaign", "status", "submitted_at"]
    list_filter = ["status", "campaign__year", "bloc"]
    search_fields = ["organization__name"]
    inlines = [TargetInline]


class SectionInline(admin.TabularInline):
    model = models.OutlineSection
    extra = 0
    fields = ["parent", "ordinal", "number", "title", "kind", "source"]


@admin.register(models.ReportOutline)
class OutlineAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "authority", "year"]
    inlines = [SectionInline]


@admin.register(models.ReportingPeriod)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "authority", "year", "kind", "start", "end", "due", "is_closed"]
    list_filter = ["year", "kind", "is_closed"]


@admin.register(models.ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["organization", "bloc", "period", "status", "is_late", "submitted_at"]
    list_filter = ["status", "is_late", "period__year"]
    search_fields = ["organization__name"]


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 0


@admin.register(models.ScoringScheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "bloc", "year", "period_kind"]
    inlines = [CriterionInline]


admin.site.register(models.ImportBatch)
admin.site.register(models.MeetingResult)

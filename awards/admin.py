from django.contrib import admin

from .models import Award, AwardType, Decision, Initiative, Nominee, PersonYear, Proposal


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "recipient", "level", "summary_order"]
    list_filter = ["category", "recipient", "level"]
    search_fields = ["code", "name", "aliases"]


class NomineeInline(admin.TabularInline):
    model = Nominee
    extra = 0
    fields = ["person", "organization", "award_type", "verdict"]
    raw_id_fields = ["person", "organization"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "proposer", "authority", "year", "status"]
    list_filter = ["status", "year", "kind"]
    search_fields = ["title", "symbol"]
    inlines = [NomineeInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "authority", "year", "dated", "status"]
    list_filter = ["status", "year"]

    def has_change_permission(self, request, obj=None):
        # Issued decisions are never edited in place: a later decision corrects them.
        return obj is None or obj.status != Decision.Status.ISSUED


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "award_type", "year", "organization", "decision"]
    list_filter = ["year", "award_type"]
    search_fields = ["person__full_name", "organization__name"]
    raw_id_fields = ["person", "organization", "decision", "nominee"]


admin.site.register(PersonYear)
admin.site.register(Initiative)

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from emulation_portal.admin import SafeAutocompleteMixin

from .models import Bloc, BlocMembership, Organization, Person, StaffAssignment, User


class StaffInline(SafeAutocompleteMixin, admin.TabularInline):
    model = StaffAssignment
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent", "emulation_office_for"]
    inlines = [StaffInline]


class MembershipInline(SafeAutocompleteMixin, admin.TabularInline):
    model = BlocMembership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Bloc)
class BlocAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "authority", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["authority"]
    inlines = [MembershipInline]


@admin.register(BlocMembership)
class BlocMembershipAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["bloc", "year", "organization", "role"]
    list_filter = ["year", "role", "bloc"]
    search_fields = ["organization__name", "bloc__code"]
    autocomplete_fields = ["bloc", "organization"]


@admin.register(Person)
class PersonAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["full_name", "position", "organization", "is_active"]
    search_fields = ["full_name", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["user", "organization", "position", "can_sign", "signs_as", "is_active"]
    list_filter = ["can_sign", "signs_as", "is_active"]
    search_fields = ["user__username", "user__last_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Họ và tên đầy đủ"), {"fields": ["full_name"]}),)
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    inlines = [StaffInline]

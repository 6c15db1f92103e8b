from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.autocomplete import ORGANIZATIONS, AutocompleteMultipleField, searched
from emulation_portal.fields import LocalDateField, LocalIntegerField

from . import permissions, selectors
from .models import (
    BIRTH_YEAR_MAX,
    BIRTH_YEAR_MIN,
    MAX_YEAR,
    MIN_YEAR,
    ROLE_LABELS,
    Bloc,
    BlocMembership,
    Organization,
    Person,
    YearKind,
)
from .services import YEAR_SETTINGS

YEAR_FIELD = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}


def _date_input():
    """dd/mm/yyyy text input: browsers' date pickers would show the locale of the machine."""
    return forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class LockedFieldsMixin:
    """Fields the user may not set are left out of the form; a crafted POST that still carries
    a different value for one is refused by name rather than silently dropped."""

    locked_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in self.locked_fields:
            if name in self.fields or not self.data.get(name):
                continue
            attname = f"{name}_id" if hasattr(self.instance, f"{name}_id") else name
            current = getattr(self.instance, attname)
            if str(self.data.get(name)) != str(current or ""):
                label = self._meta.model._meta.get_field(name).verbose_name
                self.add_error(
                    None,
                    _("Anh/chị không được thay đổi mục “%(field)s”.") % {"field": label},
                )
        return data


class OrganizationForm(LockedFieldsMixin, forms.ModelForm):
    """Jurisdiction (which authority an office serves, top-level bodies) is the administrator's;
    others place units only under organisations they manage."""

    class Meta:
        model = Organization
        fields = [
            "code", "name", "short_name", "kind", "parent", "emulation_office_for",
            "year_kind", "year_start_month", "year_end_month", "address", "phone", "email",
            "is_active",
        ]  # fmt: skip

    class Media:
        js = ["js/year_settings.js"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._year_settings()
        if not permissions.can_set_jurisdiction(user):
            self._limit(user)
        else:
            self.fields["parent"].help_text = _(
                "Để trống cho cơ quan cấp cao nhất: tỉnh, thành phố hoặc cơ quan trung ương (bộ, "
                "ban, ngành trung ương)."
            )
            office_for = self.fields["emulation_office_for"]
            self.fields["emulation_office_for"] = searched(
                office_for, ORGANIZATIONS, permissions.managed_authorities(user),
                "managed_authorities", help_text=office_for.help_text,
            )  # fmt: skip
        if "parent" in self.fields:
            self._scope_parent(user)

    def _year_settings(self):
        # Whoever gets this form may set them (permissions.can_set_year_settings). A form that
        # leaves the setting out keeps it (lists and scripts post only what they change). The
        # months only matter for a school year: a calendar authority keeps what it had, ready
        # for the day it switches.
        for name in YEAR_SETTINGS:
            self.fields[name].required = False
        for name in ("year_start_month", "year_end_month"):
            self.fields[name].help_text = _("Chỉ dùng khi năm thi đua là năm học.")

    def clean(self):
        data = super().clean()
        data["year_kind"] = data.get("year_kind") or self.instance.year_kind
        for name in ("year_start_month", "year_end_month"):
            if data.get("year_kind") != YearKind.SCHOOL:
                data[name] = getattr(self.instance, name)
            elif data.get(name) is None and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        return data

    def _limit(self, user):
        del self.fields["emulation_office_for"]
        self.locked_fields = ("emulation_office_for",)
        if self.instance.pk and self.instance.parent_id is None:
            # A top-level body the user manages (its authority) stays top-level, and what it is.
            del self.fields["parent"], self.fields["kind"]
            self.locked_fields += ("parent", "kind")
        else:
            self.fields["kind"].choices = [("", "---------"), *permissions.kind_choices(user)]
            if self.instance.pk and self.instance.kind in permissions.JURISDICTION_KINDS:
                self.fields["kind"].choices += [
                    (self.instance.kind, self.instance.get_kind_display())
                ]
            self.fields["parent"].required = True

    def _scope_parent(self, user):
        """Thousands of organisations: the parent is searched, not listed."""
        shown = self.fields["parent"]
        if self.instance.pk:
            self.fields["parent"] = searched(
                shown, ORGANIZATIONS, permissions.parent_choices(user, self.instance),
                "organization_parents_of", help_text=shown.help_text,
                organization=self.instance.pk,
            )  # fmt: skip
        else:
            self.fields["parent"] = searched(
                shown, ORGANIZATIONS, permissions.parent_choices(user), "organization_parents",
                help_text=shown.help_text,
            )  # fmt: skip


class OrganizationContactForm(LockedFieldsMixin, forms.ModelForm):
    """What a unit's own officers may change about their unit."""

    locked_fields = ("code", "name", "kind", "parent", "emulation_office_for")

    class Meta:
        model = Organization
        fields = ["short_name", "address", "phone", "email"]


class PersonForm(forms.ModelForm):
    # The database's own range (person_birth_year_range), checked here to name the field.
    birth_year = LocalIntegerField(
        label=_("Năm sinh"), required=False, min_value=BIRTH_YEAR_MIN, max_value=BIRTH_YEAR_MAX
    )

    class Meta:
        model = Person
        fields = ["full_name", "gender", "birth_year", "position", "is_active"]


class BlocForm(forms.ModelForm):
    class Meta:
        model = Bloc
        fields = ["code", "name", "kind", "authority", "description", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # An administrator's authorities are every organisation: searched, not listed.
        self.fields["authority"] = searched(
            self.fields["authority"], ORGANIZATIONS, permissions.managed_authorities(user),
            "managed_authorities",
        )  # fmt: skip


class MembershipAddForm(forms.Form):
    """Several units at once, searched among the authority's units not yet members that year
    (a province has thousands: never listed in a select)."""

    organization = AutocompleteMultipleField(ORGANIZATIONS, label=_("Đơn vị"))
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=BlocMembership.Role.choices, initial=BlocMembership.Role.MEMBER
    )

    def __init__(self, *args, bloc, year, **kwargs):
        super().__init__(*args, **kwargs)
        # Only units under the bloc's authority: another authority's unit is not offered.
        self.fields["organization"].set_scope(
            permissions.membership_candidates(bloc, year=year),
            "membership_candidates",
            bloc=bloc.pk,
            year=year,
        )


class LeadershipForm(forms.Form):
    leader = forms.ModelChoiceField(label=_("Khối trưởng"), queryset=Organization.objects.none())
    deputy = forms.ModelChoiceField(
        label=_("Khối phó"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = members
        self.fields["deputy"].queryset = members


class RoleChangeForm(forms.Form):
    """ "Đổi khối trưởng/cụm trưởng từ ngày …": the role passes to another of the year's members;
    the dates are checked against the emulation year by the service."""

    role = forms.ChoiceField(label=_("Vai trò"))
    organization = forms.ModelChoiceField(
        label=_("Đơn vị đảm nhận"), queryset=Organization.objects.none()
    )
    effective_from = LocalDateField(label=_("Từ ngày"), widget=_date_input())

    def __init__(self, *args, bloc, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = list(ROLE_LABELS[bloc.kind].items())
        self.fields["organization"].queryset = members


class MembershipDatesForm(forms.ModelForm):
    """When a unit joined or left during the year; blank: a member for the whole year."""

    class Meta:
        model = BlocMembership
        fields = ["joined_on", "left_on"]
        widgets = {"joined_on": _date_input(), "left_on": _date_input()}
        field_classes = {"joined_on": LocalDateField, "left_on": LocalDateField}


class CopyMembersForm(forms.Form):
    """Copy a year's members; who leads the new year is asked, proposed by rotation (the member
    after the old leader), never carried over silently."""

    from_year = LocalIntegerField(label=_("Sao chép từ năm"), **YEAR_FIELD)
    leader = forms.ModelChoiceField(
        label=_("Khối trưởng năm mới"), queryset=Organization.objects.none(), required=False
    )
    deputy = forms.ModelChoiceField(
        label=_("Khối phó năm mới"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, bloc, year, **kwargs):
        super().__init__(*args, **kwargs)
        leader, deputy = selectors.next_leadership(bloc, year - 1)
        self.initial = {"from_year": year - 1, "leader": leader, "deputy": deputy} | self.initial
        # Offered: the units of the year copied from (checked again by the service).
        from_year = year - 1
        if self.is_bound:
            try:
                from_year = self.fields["from_year"].clean(self.data.get("from_year"))
            except forms.ValidationError:
                from_year = None  # the field reports it; nothing to choose from meanwhile
        members = Organization.objects.filter(
            memberships__bloc=bloc, memberships__year=from_year
        ).order_by("name")
        self.fields["leader"].queryset = members
        self.fields["deputy"].queryset = members


class YearForm(forms.Form):
    year = LocalIntegerField(label=_("Năm"), **YEAR_FIELD)

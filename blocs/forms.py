from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.fields import LocalIntegerField

from .models import (
    BIRTH_YEAR_MAX,
    BIRTH_YEAR_MIN,
    MAX_YEAR,
    MIN_YEAR,
    Bloc,
    BlocMembership,
    Organization,
    Person,
)

YEAR_FIELD = {"min_value": MIN_YEAR, "max_value": MAX_YEAR}


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "code", "name", "short_name", "kind", "parent", "emulation_office_for",
            "address", "phone", "email", "is_active",
        ]  # fmt: skip


class OrganizationContactForm(forms.ModelForm):
    """What a unit's own officers may change about their unit."""

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

    def __init__(self, *args, authorities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if authorities is not None:
            self.fields["authority"].queryset = authorities


class MembershipAddForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Organization.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=BlocMembership.Role.choices, initial=BlocMembership.Role.MEMBER
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


class CopyMembersForm(forms.Form):
    from_year = LocalIntegerField(label=_("Sao chép từ năm"), **YEAR_FIELD)


class YearForm(forms.Form):
    year = LocalIntegerField(label=_("Năm"), **YEAR_FIELD)

"""Forms of the administration pages; every choice of a unit or an account comes from the
scoping selector the view and the service use. An office manages hundreds of units and
accounts: both are searched pickers (scopes in `autocomplete.py`), a select only when there is
a single entry, which there is nothing to search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.autocomplete import ORGANIZATIONS, USERS, searched

from . import permissions
from .models import Organization, StaffAssignment, User

SIGNS_AS_CHOICES = [("", _("Không ký văn bản")), *StaffAssignment.SignsAs.choices]


class StaffFieldsForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Organization.objects.none())
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    signs_as = forms.ChoiceField(
        label=_("Ký văn bản với tư cách"),
        choices=SIGNS_AS_CHOICES,
        required=False,
        help_text=StaffAssignment._meta.get_field("signs_as").help_text,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = permissions.staff_units(user)
        self.fields["organization"].queryset = units
        if len(units[:2]) > 1:
            self.fields["organization"] = searched(
                self.fields["organization"], ORGANIZATIONS, units, "staff_units"
            )


class InviteForm(StaffFieldsForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        help_text=_("Dùng làm tên đăng nhập; thư mời đặt mật khẩu được gửi tới địa chỉ này."),
    )
    field_order = ["full_name", "email", "organization", "position", "signs_as"]


class AssignForm(StaffFieldsForm):
    user = forms.ModelChoiceField(label=_("Tài khoản"), queryset=User.objects.none())
    field_order = ["user", "organization", "position", "signs_as"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        accounts = permissions.active_accounts_managed_by(user)
        self.fields["user"].queryset = accounts
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.username})"
        if len(accounts[:2]) > 1:
            self.fields["user"] = searched(self.fields["user"], USERS, accounts, "managed_accounts")

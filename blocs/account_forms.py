"""Forms of the administration pages; every choice of a unit or an account comes from the
scoping selector the view and the service use."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
        self.fields["organization"].queryset = permissions.staff_units(user)


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
        self.fields["user"].queryset = permissions.accounts_managed_by(user).filter(is_active=True)
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.username})"

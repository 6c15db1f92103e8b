"""Writes on accounts and staff assignments, done by an authority's emulation office in the
portal (not the Django admin). Each is atomic, checked against `permissions` again (the forms
offer only what the actor manages) and recorded with `log_action`. Accounts are never deleted:
they are switched off, so what they signed and reported keeps its author."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation_portal.audit import log_action, quietly
from emulation_portal.text import nfc

from . import permissions
from .models import Organization, StaffAssignment, User

# Backends that deliver nothing to the invitee: the inviter is then shown the link to pass on.
UNDELIVERED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}


def email_delivers() -> bool:
    return settings.EMAIL_BACKEND not in UNDELIVERED_BACKENDS


def _check_unit(actor, organization: Organization) -> None:
    if actor is not None and not permissions.can_assign_staff(actor, organization):
        raise ValidationError(
            {
                "organization": _("%(unit)s không thuộc phạm vi anh/chị quản lý.")
                % {"unit": organization.name}
            }
        )


def _assignment_fields(position: str, signs_as: str) -> dict:
    # Signing is the capacity chosen: a blank capacity is a clerk who never signs.
    return {"position": nfc(position), "signs_as": signs_as, "can_sign": bool(signs_as)}


@transaction.atomic
def account_invite(
    *, actor, full_name: str, email: str, organization: Organization, position: str = "",
    signs_as: str = "",
) -> User:  # fmt: skip
    """An account with no password yet (set through the invitation link), working in
    `organization`. Its address is its user name."""
    _check_unit(actor, organization)
    email = nfc(email).strip().lower()
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError(
            {"email": _("Đã có tài khoản với địa chỉ %(email)s.") % {"email": email}}
        )
    user = User(username=email, email=email, full_name=nfc(full_name).strip())
    user.set_unusable_password()
    user.full_clean()
    assignment = StaffAssignment(
        user=user, organization=organization, **_assignment_fields(position, signs_as)
    )
    with quietly():
        user.save()
        assignment.user = user
        assignment.full_clean()
        assignment.save()
    log_action(
        user,
        actor=actor,
        event="invite",
        label=gettext_lazy("Mời sử dụng cổng"),
        comment=organization.name,
    )
    return user


def invitation_link(user: User, base_url: str) -> str:
    """Django's password-reset token: void once the password is set, or after
    PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url + reverse("password_reset_confirm", args=[uid, token])


def send_invitation(user: User, link: str, *, inviter) -> None:
    body = _(
        "Kính gửi %(name)s,\n\n%(inviter)s đã tạo cho anh/chị tài khoản trên cổng thi đua – "
        "khen thưởng (tên đăng nhập: %(username)s). Hãy mở liên kết sau để đặt mật khẩu:\n\n"
        "%(link)s\n\nLiên kết chỉ dùng được một lần."
    ) % {
        "name": user.full_name,
        "inviter": inviter.get_full_name() if inviter else _("Quản trị hệ thống"),
        "username": user.username,
        "link": link,
    }
    send_mail(_("Mời sử dụng cổng thi đua – khen thưởng"), body, None, [user.email])


@transaction.atomic
def account_set_active(*, account: User, active: bool, actor) -> User:
    """Switch an account off or on again; never deleted. Unchanged: nothing written."""
    if actor is not None and not permissions.can_manage_account(actor, account):
        raise PermissionDenied
    if account.is_active == active:
        return account
    account.is_active = active
    with quietly():
        account.save(update_fields=["is_active"])
    log_action(
        account,
        actor=actor,
        event="reactivate" if active else "deactivate",
        label=gettext_lazy("Mở lại tài khoản") if active else gettext_lazy("Khoá tài khoản"),
        changes={"is_active": [str(not active), str(active)]},
    )
    return account


@transaction.atomic
def staff_assign(
    *, actor, user: User, organization: Organization, position: str = "", signs_as: str = ""
) -> StaffAssignment:
    """Assign a user to a unit (or update the existing assignment in place, active again)."""
    _check_unit(actor, organization)
    if actor is not None and not permissions.accounts_managed_by(actor).filter(pk=user.pk).exists():
        raise ValidationError(
            {"user": _("%(user)s không thuộc phạm vi anh/chị quản lý.") % {"user": user}}
        )
    assignment = (
        StaffAssignment.objects.select_for_update().filter(user=user, organization=organization)
    ).first() or StaffAssignment(user=user, organization=organization)
    before = {f: getattr(assignment, f) for f in ("position", "signs_as", "can_sign", "is_active")}
    for name, value in (_assignment_fields(position, signs_as) | {"is_active": True}).items():
        setattr(assignment, name, value)
    assignment.full_clean()
    changes = {
        f: [str(old), str(getattr(assignment, f))]
        for f, old in before.items()
        if assignment.pk and old != getattr(assignment, f)
    }
    if assignment.pk and not changes:
        return assignment  # posted again unchanged: nothing written
    with quietly():
        assignment.save()
    log_action(
        assignment,
        actor=actor,
        event="assign",
        label=gettext_lazy("Phân công cán bộ"),
        comment=assignment.get_signs_as_display() if signs_as else "",
        changes=changes,
    )
    return assignment


@transaction.atomic
def staff_end(*, assignment: StaffAssignment, actor) -> StaffAssignment:
    """End an assignment: kept for the record (documents it signed), no longer active."""
    if actor is not None and not permissions.can_end_assignment(actor, assignment):
        raise PermissionDenied
    if assignment.is_active:
        assignment.is_active = False
        with quietly():
            assignment.save(update_fields=["is_active"])
        log_action(
            assignment,
            actor=actor,
            event="end",
            label=gettext_lazy("Thôi phân công"),
            changes={"is_active": ["True", "False"]},
        )
    return assignment

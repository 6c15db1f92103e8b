"""Administration pages of an authority's emulation office (and administrators): accounts of
the units it manages, invitations, deactivation, staff assignments. Thin: load for the user,
check `permissions`, call `accounts`, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_portal.forms import apply_errors
from emulation_portal.params import flag_param, id_param, text_param

from . import accounts, permissions
from .account_forms import AssignForm, InviteForm
from .models import StaffAssignment, User


def _require_administer(request):
    if not permissions.can_administer(request.user):
        raise PermissionDenied


def account_list(request):
    _require_administer(request)
    q = text_param(request, "q")
    users = permissions.accounts_managed_by(request.user).prefetch_related(
        Prefetch(
            "assignments",
            queryset=StaffAssignment.objects.select_related("organization").order_by(
                "-is_active", "organization__name"
            ),
        )
    )
    if q:
        users = users.filter(
            Q(full_name__icontains=q) | Q(username__icontains=q) | Q(email__icontains=q)
        )
    if not flag_param(request, "inactive"):
        users = users.filter(is_active=True)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    managed = permissions.managed_ids(request.user)  # once for the page, not per row
    for account in page:
        account.can_manage = permissions.can_manage_account(request.user, account, managed=managed)
        for assignment in account.assignments.all():
            assignment.can_end = assignment.is_active and permissions.can_end_assignment(
                request.user, assignment, managed=managed
            )
    return render(
        request,
        "blocs/account_list.html",
        {
            "page": page,
            "q": q,
            "inactive": flag_param(request, "inactive"),
            "is_admin": request.user.is_superuser,
        },
    )


def _run(form, save):
    """A valid form through its service; the service's refusals go back onto the form."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def account_invite(request):
    _require_administer(request)
    form = InviteForm(request.POST or None, user=request.user)
    user = (
        _run(form, lambda data: accounts.account_invite(actor=request.user, **data))
        if request.method == "POST"
        else None
    )
    if user is None:
        return render(request, "blocs/form.html", {"form": form, "title": _("Mời tài khoản mới")})
    link = accounts.invitation_link(user, request.build_absolute_uri("/").rstrip("/"))
    accounts.send_invitation(user, link, inviter=request.user)
    messages.success(
        request,
        _("Đã tạo tài khoản %(name)s (tên đăng nhập: %(username)s) và gửi thư mời đặt mật khẩu.")
        % {"name": user.full_name, "username": user.username},
    )
    if not accounts.email_delivers():
        messages.warning(
            request,
            _(
                "Máy chủ chưa cấu hình gửi thư điện tử: hãy chuyển liên kết này cho người được "
                "mời: %(link)s"
            )
            % {"link": link},
        )
    return redirect("account_list")


@require_POST
def account_active(request, pk):
    _require_administer(request)
    account = get_object_or_404(User, pk=pk)
    if not permissions.can_manage_account(request.user, account):
        raise PermissionDenied
    active = request.POST.get("active") == "1"
    accounts.account_set_active(account=account, active=active, actor=request.user)
    message = _("Đã mở lại tài khoản %(name)s.") if active else _("Đã khoá tài khoản %(name)s.")
    messages.success(request, message % {"name": account.get_full_name() or account.username})
    return redirect("account_list")


def staff_assign(request):
    _require_administer(request)
    initial = {"user": id_param(request, "user"), "organization": id_param(request, "organization")}
    form = AssignForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and _run(
        form, lambda data: accounts.staff_assign(actor=request.user, **data)
    ):
        messages.success(request, _("Đã lưu phân công cán bộ."))
        return redirect("account_list")
    return render(request, "blocs/form.html", {"form": form, "title": _("Phân công cán bộ")})


@require_POST
def staff_end(request, pk):
    _require_administer(request)
    assignment = get_object_or_404(
        StaffAssignment.objects.select_related("organization", "user"), pk=pk
    )
    if not permissions.can_end_assignment(request.user, assignment):
        raise PermissionDenied
    accounts.staff_end(assignment=assignment, actor=request.user)
    messages.success(
        request,
        _("Đã thôi phân công %(user)s tại %(unit)s.")
        % {"user": assignment.user.get_full_name(), "unit": assignment.organization.name},
    )
    return redirect("account_list")

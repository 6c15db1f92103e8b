from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation_portal.audit import trail
from emulation_portal.forms import apply_errors
from emulation_portal.params import choice_param, text_param, year_param

from . import permissions, selectors, services
from .forms import (
    BlocForm,
    CopyMembersForm,
    LeadershipForm,
    MembershipAddForm,
    MembershipDatesForm,
    OrganizationContactForm,
    OrganizationForm,
    PersonForm,
    RoleChangeForm,
)
from .models import (
    MAX_YEAR,
    MIN_YEAR,
    ROLE_LABELS,
    Bloc,
    BlocMembership,
    BlocRoleChange,
    Organization,
    Person,
)

# Organisations -------------------------------------------------------------------------------


def organization_list(request):
    q = text_param(request, "q")
    kind = choice_param(request, "kind", Organization.Kind, default="")
    page = Paginator(selectors.organization_search(q=q, kind=kind), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "blocs/organization_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": Organization.Kind.choices,
            "can_create": permissions.can_create_organization(request.user),
        },
    )


def organization_detail(request, pk):
    organization = selectors.organization_detail(get_object_or_404(Organization, pk=pk))
    user = request.user
    return render(
        request,
        "blocs/organization_detail.html",
        {
            "organization": organization,
            "can_edit": permissions.can_edit_organization_contact(user, organization),
            "audit": trail(organization, related={Person: "organization_id"})
            if permissions.can_view_audit(user, organization)
            else None,
        },
    )


def _save_form(request, form, save, success_message):
    """Run a service on a valid form; service errors go back onto the form, nothing is lost."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success_message)
            return obj
    return None


def organization_create(request):
    if not permissions.can_create_organization(request.user):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, user=request.user)
    organization = _save_form(
        request,
        form,
        lambda data: services.organization_create(actor=request.user, **data),
        _("Đã tạo cơ quan, đơn vị."),
    )
    if organization:
        return redirect("organization_detail", pk=organization.pk)
    return render(request, "blocs/form.html", {"form": form, "title": _("Thêm cơ quan, đơn vị")})


def organization_edit(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    if permissions.can_edit_organization(request.user, organization):
        form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    elif permissions.can_edit_organization_contact(request.user, organization):
        form = OrganizationContactForm(request.POST or None, instance=organization)
    else:
        raise PermissionDenied
    if _save_form(
        request,
        form,
        lambda data: services.organization_update(
            organization=organization, actor=request.user, data=data
        ),
        _("Đã lưu thông tin đơn vị."),
    ):
        return redirect("organization_detail", pk=organization.pk)
    return render(
        request,
        "blocs/form.html",
        {"form": form, "title": _("Sửa: %(name)s") % {"name": organization.name}},
    )


def person_create(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    if not permissions.can_edit_organization_contact(request.user, organization):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if _save_form(
        request,
        form,
        lambda data: services.person_create(actor=request.user, organization=organization, **data),
        _("Đã thêm cá nhân."),
    ):
        return redirect("organization_detail", pk=organization.pk)
    return render(
        request,
        "blocs/form.html",
        {"form": form, "title": _("Thêm cá nhân – %(name)s") % {"name": organization.name}},
    )


def person_edit(request, pk):
    person = get_object_or_404(Person.objects.select_related("organization"), pk=pk)
    if not permissions.can_edit_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    if _save_form(
        request,
        form,
        lambda data: services.person_update(person=person, actor=request.user, data=data),
        _("Đã lưu thông tin cá nhân."),
    ):
        return redirect("organization_detail", pk=person.organization_id)
    return render(
        request, "blocs/form.html", {"form": form, "title": _("Sửa: %(name)s") % {"name": person}}
    )


# Blocs ---------------------------------------------------------------------------------------


def bloc_list(request):
    year = year_param(request, "year", min_value=MIN_YEAR, max_value=MAX_YEAR)
    return render(
        request,
        "blocs/bloc_list.html",
        {
            "blocs": selectors.bloc_list(year=year),
            "year": year,
            "can_create": permissions.can_create_bloc(request.user),
        },
    )


def bloc_create(request):
    if not permissions.can_create_bloc(request.user):
        raise PermissionDenied
    form = BlocForm(request.POST or None, user=request.user)
    bloc = _save_form(
        request,
        form,
        lambda data: services.bloc_create(actor=request.user, **data),
        _("Đã tạo khối, cụm thi đua."),
    )
    if bloc:
        return redirect("bloc_detail", pk=bloc.pk)
    return render(request, "blocs/form.html", {"form": form, "title": _("Thêm khối, cụm thi đua")})


def _get_bloc_for_manager(request, pk) -> Bloc:
    bloc = get_object_or_404(Bloc, pk=pk)
    if not permissions.can_manage_bloc(request.user, bloc):
        raise PermissionDenied
    return bloc


def bloc_edit(request, pk):
    bloc = _get_bloc_for_manager(request, pk)
    form = BlocForm(request.POST or None, instance=bloc, user=request.user)
    if _save_form(
        request,
        form,
        lambda data: services.bloc_update(bloc=bloc, actor=request.user, data=data),
        _("Đã lưu khối, cụm thi đua."),
    ):
        return redirect("bloc_detail", pk=bloc.pk)
    return render(
        request, "blocs/form.html", {"form": form, "title": _("Sửa: %(name)s") % {"name": bloc}}
    )


def bloc_detail(request, pk):
    bloc = get_object_or_404(Bloc, pk=pk)
    year = year_param(request, "year", min_value=MIN_YEAR, max_value=MAX_YEAR)
    if year is not None:
        return redirect("bloc_year", pk=bloc.pk, year=year)
    years = selectors.bloc_years(bloc)
    if not years:
        return render(
            request,
            "blocs/bloc_empty.html",
            {"bloc": bloc, "can_manage": permissions.can_manage_bloc(request.user, bloc)},
        )
    return redirect("bloc_year", pk=bloc.pk, year=years[0])


def _check_year(year):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404


def bloc_year(request, pk, year, forms=None):
    _check_year(year)
    bloc = get_object_or_404(Bloc.objects.select_related("authority"), pk=pk)
    detail = selectors.bloc_year(bloc, year)
    can_manage = permissions.can_manage_bloc(request.user, bloc)
    member_orgs = _year_members(bloc.pk, year)
    labels = ROLE_LABELS[bloc.kind]
    context = {
        "detail": detail,
        "role_histories": [
            (detail.leader_history, labels[BlocMembership.Role.LEADER]),
            (detail.deputy_history, labels[BlocMembership.Role.DEPUTY]),
        ],
        "bloc": bloc,
        "year": year,
        "can_manage": can_manage,
        "audit": trail(bloc, related={BlocMembership: "bloc_id", BlocRoleChange: "bloc_id"})
        if permissions.can_view_audit(request.user, bloc)
        else None,
    }
    if can_manage:
        context |= {
            "add_form": MembershipAddForm(bloc=bloc, year=year),
            "leadership_form": LeadershipForm(
                members=member_orgs,
                initial={
                    "leader": detail.leader and detail.leader.organization_id,
                    "deputy": detail.deputy and detail.deputy.organization_id,
                },
            ),
            "copy_form": CopyMembersForm(bloc=bloc, year=year),
            "role_change_form": RoleChangeForm(bloc=bloc, members=member_orgs),
        }
    context |= forms or {}
    return render(request, "blocs/bloc_year.html", context, status=400 if forms else 200)


def _year_members(bloc_id: int, year: int):
    """The units the leadership and hand-over forms choose from: that year's members. The page
    and the POST handlers build them alike, so a choice the page offered is accepted."""
    return Organization.objects.filter(memberships__bloc_id=bloc_id, memberships__year=year)


def _bloc_year_action(request, pk, year, form_name, make_form, action, success_message):
    """POST handlers of the bloc-year page: on error the page comes back with the form filled.
    `make_form(bloc)` builds the form once the user is known to manage the bloc."""
    bloc = _get_bloc_for_manager(request, pk)
    _check_year(year)
    form = make_form(bloc)
    if _save_form(request, form, lambda data: action(bloc, data) or True, success_message):
        return redirect("bloc_year", pk=bloc.pk, year=year)
    return bloc_year(request, pk, year, forms={form_name: form})


@require_POST
def membership_add(request, pk, year):
    return _bloc_year_action(
        request,
        pk,
        year,
        "add_form",
        lambda bloc: MembershipAddForm(request.POST, bloc=bloc, year=year),
        lambda bloc, data: services.memberships_add(
            bloc=bloc,
            year=year,
            organizations=data["organization"],
            role=data["role"],
            actor=request.user,
        ),
        _("Đã thêm thành viên."),
    )


@require_POST
def membership_remove(request, pk, year, membership_pk):
    bloc = _get_bloc_for_manager(request, pk)
    membership = get_object_or_404(BlocMembership, pk=membership_pk, bloc=bloc, year=year)
    services.membership_remove(membership=membership, actor=request.user)
    messages.success(
        request, _("Đã xoá %(unit)s khỏi danh sách.") % {"unit": membership.organization}
    )
    return redirect("bloc_year", pk=bloc.pk, year=year)


@require_POST
def bloc_leadership(request, pk, year):
    members = _year_members(pk, year)
    return _bloc_year_action(
        request,
        pk,
        year,
        "leadership_form",
        lambda bloc: LeadershipForm(request.POST, members=members),
        lambda bloc, data: services.bloc_year_set_leadership(
            bloc=bloc, year=year, actor=request.user, **data
        ),
        _("Đã cập nhật khối trưởng, khối phó."),
    )


@require_POST
def bloc_copy_members(request, pk, year):
    return _bloc_year_action(
        request,
        pk,
        year,
        "copy_form",
        lambda bloc: CopyMembersForm(request.POST, bloc=bloc, year=year),
        lambda bloc, data: services.bloc_year_copy_members(
            bloc=bloc, to_year=year, actor=request.user, **data
        ),
        _("Đã sao chép thành viên."),
    )


@require_POST
def bloc_role_change(request, pk, year):
    members = _year_members(pk, year)
    return _bloc_year_action(
        request,
        pk,
        year,
        "role_change_form",
        lambda bloc: RoleChangeForm(request.POST, bloc=bloc, members=members),
        lambda bloc, data: services.role_change_add(
            bloc=bloc, year=year, actor=request.user, **data
        ),
        _("Đã ghi thay đổi khối trưởng, khối phó."),
    )


def membership_dates(request, pk, year, membership_pk):
    bloc = _get_bloc_for_manager(request, pk)
    membership = get_object_or_404(
        BlocMembership.objects.select_related("organization", "bloc__authority"),
        pk=membership_pk,
        bloc=bloc,
        year=year,
    )
    form = MembershipDatesForm(request.POST or None, instance=membership)
    if _save_form(
        request,
        form,
        lambda data: services.membership_set_dates(
            membership=membership, actor=request.user, **data
        ),
        _("Đã lưu ngày tham gia, rời khối."),
    ):
        return redirect("bloc_year", pk=bloc.pk, year=year)
    title = _("Tham gia, rời khối giữa năm: %(unit)s") % {"unit": membership.organization.name}
    return render(request, "blocs/form.html", {"form": form, "title": title})

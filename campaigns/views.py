from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from blocs.models import Bloc, Organization
from emulation_portal.audit import trail
from emulation_portal.forms import apply_errors, parse_seen_updated_at
from emulation_portal.http import xlsx_response
from reports import documents

from . import exporter, importer, permissions, selectors, services
from .forms import (
    BulkAcceptForm,
    CampaignForm,
    ImportForm,
    PhaseFormSet,
    ReasonForm,
    TargetFormSet,
    TitleFormSet,
)
from .models import Campaign, ImportBatch, Registration

# Campaigns -----------------------------------------------------------------------------------


def campaign_list(request):
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "campaigns": selectors.campaign_list(),
            "can_create": permissions.can_create_campaign(request.user),
        },
    )


def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("authority"), pk=pk)
    user = request.user
    blocs = [
        (bloc, permissions.can_compile_bloc(user, bloc, campaign.year))
        for bloc in campaign.blocs.order_by("code")
    ]
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "phases": campaign.phases.all(),
            "blocs": blocs,
            "can_manage": permissions.can_manage_campaign(user, campaign),
        },
    )


def _phases_from(formset):
    return [
        {k: f.cleaned_data[k] for k in ("name", "start", "end")}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")  # unchanged rows are kept too
    ]


def campaign_edit(request, pk=None):
    campaign = get_object_or_404(Campaign, pk=pk) if pk else None
    if campaign and not permissions.can_manage_campaign(request.user, campaign):
        raise PermissionDenied
    if not campaign and not permissions.can_create_campaign(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    existing = campaign.phases.all() if campaign else []
    phases = PhaseFormSet(
        request.POST or None,
        prefix="phase",
        initial=[{"name": p.name, "start": p.start, "end": p.end} for p in existing],
    )
    if request.method == "POST" and form.is_valid() and phases.is_valid():
        try:
            campaign = services.campaign_save(
                campaign=form.save(commit=False), phases=_phases_from(phases), actor=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu phong trào thi đua."))
            return redirect("campaign_detail", pk=campaign.pk)
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form, "phases": phases, "campaign": campaign},
    )


# The secretariat's view of one bloc ----------------------------------------------------------


def _bloc_for_compiler(request, pk, bloc_pk):
    campaign = get_object_or_404(Campaign.objects.select_related("authority"), pk=pk)
    bloc = get_object_or_404(Bloc, pk=bloc_pk, authority_id=campaign.authority_id)
    if not permissions.can_compile_bloc(request.user, bloc, campaign.year):
        raise PermissionDenied
    return campaign, bloc


def bloc_overview(request, pk, bloc_pk, accept_form=None):
    campaign, bloc = _bloc_for_compiler(request, pk, bloc_pk)
    rows = selectors.bloc_overview(campaign, bloc)
    acceptable = permissions.acceptable_registrations(request.user, campaign, bloc)
    return render(
        request,
        "campaigns/bloc_overview.html",
        {
            "campaign": campaign,
            "bloc": bloc,
            "rows": rows,
            "counts": {
                status: sum(1 for r in rows if r.registration and r.registration.status == status)
                for status in Registration.Status.values
            },
            "missing": sum(1 for r in rows if r.registration is None),
            "late": sum(1 for r in rows if r.late),
            "can_import": permissions.can_import_registrations(request.user, bloc, campaign.year),
            "accept_form": accept_form or BulkAcceptForm(queryset=acceptable),
            "accept_url": reverse("registrations_accept", args=[campaign.pk, bloc.pk]),
        },
        status=400 if accept_form else 200,
    )


def accept_selected(request, form, accept) -> bool:
    """Bulk accept from a status page: the chosen papers and one comment go to `accept`
    (all or nothing); its refusals, one per unit, come back onto the form."""
    if not form.is_valid():
        return False
    try:
        count = accept(list(form.cleaned_data["items"]), form.cleaned_data["reason"])
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    messages.success(request, _("Đã chấp nhận %(count)s hồ sơ.") % {"count": count})
    return True


@require_POST
def registrations_accept(request, pk, bloc_pk):
    campaign, bloc = _bloc_for_compiler(request, pk, bloc_pk)
    if not permissions.can_review_bloc(request.user, bloc, campaign.year):
        raise PermissionDenied
    form = BulkAcceptForm(
        request.POST, queryset=permissions.acceptable_registrations(request.user, campaign, bloc)
    )
    if accept_selected(
        request,
        form,
        lambda items, reason: services.registrations_accept(
            registrations=items, reason=reason, actor=request.user
        ),
    ):
        return redirect("bloc_overview", pk=campaign.pk, bloc_pk=bloc.pk)
    return bloc_overview(request, pk, bloc_pk, accept_form=form)


def bloc_export(request, pk, bloc_pk, format):
    """The bloc's Phụ lục 1 as PDF, DOCX or XLSX: one table from the document registry."""
    campaign, bloc = _bloc_for_compiler(request, pk, bloc_pk)
    params = {"campaign": campaign, "bloc": bloc}
    return documents.render("registration", params, format, user=request.user).attachment()


def bloc_import(request, pk, bloc_pk):
    campaign, bloc = _bloc_for_compiler(request, pk, bloc_pk)
    if not permissions.can_import_registrations(request.user, bloc, campaign.year):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            importer.read_workbook(data).close()
        except importer.ImportFailure as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            batch = importer.record_batch(
                data=data,
                name=upload.name,
                campaign=campaign,
                bloc=bloc,
                actor=request.user,
                replace_accepted=form.cleaned_data["replace_accepted"],
            )
            return redirect("import_preview", pk=batch.pk)
    return render(
        request, "campaigns/import_form.html", {"form": form, "campaign": campaign, "bloc": bloc}
    )


def _batch_for_user(request, pk) -> ImportBatch:
    batch = get_object_or_404(ImportBatch.objects.select_related("campaign", "bloc"), pk=pk)
    if batch.uploaded_by_id != request.user.pk or not permissions.can_import_registrations(
        request.user, batch.bloc, batch.campaign.year
    ):
        raise PermissionDenied
    return batch


def _plan(batch: ImportBatch):
    with batch.file.open("rb") as handle:
        return importer.plan_from_bytes(
            handle.read(),
            campaign=batch.campaign,
            bloc=batch.bloc,
            replace_accepted=batch.replace_accepted,
        )


def import_preview(request, pk):
    batch = _batch_for_user(request, pk)
    plan = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                importer.batch_cancel(batch=batch, actor=request.user)
                messages.info(request, _("Đã huỷ, không có gì được lưu."))
                return redirect("bloc_overview", pk=batch.campaign_id, bloc_pk=batch.bloc_id)
            # Planned again here: what the page showed may be old.
            plan = _plan(batch)
            importer.apply_batch(batch, plan, actor=request.user)
        except importer.BatchClosed as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("import_preview", pk=batch.pk)
        except ValidationError as exc:
            # The file's own errors are listed on the page; others (the records changed since
            # the preview) are said here.
            found = [] if plan is None or not plan.ok else exc.messages
            messages.error(
                request,
                " ".join([_("Tệp còn lỗi nên chưa lưu gì. Hãy sửa tệp và tải lên lại."), *found]),
            )
        else:
            messages.success(
                request,
                _("Đã nhập %(u)s đơn vị, %(t)s chỉ tiêu, %(d)s danh hiệu.")
                % {"u": len(plan.units), "t": plan.target_count, "d": plan.title_count},
            )
            return redirect("bloc_overview", pk=batch.campaign_id, bloc_pk=batch.bloc_id)
    return render(request, "campaigns/import_preview.html", {"batch": batch, "plan": _plan(batch)})


# Registrations -------------------------------------------------------------------------------


def _registration_for(request, pk, check) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("campaign", "bloc", "organization"), pk=pk
    )
    if not permissions.can_view_registration(request.user, registration):
        raise PermissionDenied
    if check is not None and not check(request.user, registration):
        raise PermissionDenied
    return registration


@require_POST
def registration_start(request, pk, bloc_pk, org_pk):
    """Open (create if needed) a unit's registration; units and the secretariat may start one."""
    campaign = get_object_or_404(Campaign, pk=pk)
    bloc = get_object_or_404(Bloc, pk=bloc_pk)
    organization = get_object_or_404(Organization, pk=org_pk)
    if not permissions.can_start_registration(request.user, campaign, bloc, organization.pk):
        raise PermissionDenied
    try:
        registration = services.registration_open(
            campaign=campaign, bloc=bloc, organization=organization, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("campaign_detail", pk=campaign.pk)
    return redirect("registration_edit", pk=registration.pk)


def registration_detail(request, pk):
    registration = _registration_for(request, pk, None)
    registration = selectors.registration_detail(registration.pk)
    user = request.user
    return render(
        request,
        "campaigns/registration_detail.html",
        {
            "registration": registration,
            "can_edit": permissions.can_edit_registration(user, registration),
            "can_review": permissions.can_review_registration(user, registration),
            "is_own_unit": permissions.is_own_unit(user, registration),
            "reason_form": ReasonForm(),
            "audit": trail(registration),
        },
    )


def _initial_targets(registration):
    return [
        {
            "id": t.pk,
            "text": t.text,
            "planned_value": _plain_number(t.planned_value),
            "unit": t.unit,
            "due_text": t.due_text,
            "points": _plain_number(t.points),
            "note": t.note,
            "ORDER": t.ordinal,
        }
        for t in registration.targets.order_by("ordinal")
    ]


def _plain_number(value) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def registration_edit(request, pk):
    registration = _registration_for(request, pk, permissions.can_edit_registration)
    post = request.POST or None
    targets = TargetFormSet(post, prefix="target", initial=_initial_targets(registration))
    titles = TitleFormSet(
        post,
        prefix="title",
        form_kwargs={"award_types": selectors.registrable_titles(registration)},
        initial=[
            {"award_type": t.award_type_id, "count": t.count}
            for t in registration.titles.order_by("ordinal")
        ],
    )
    errors = []
    if request.method == "POST" and targets.is_valid() and titles.is_valid():
        try:
            services.registration_save(
                registration=registration,
                targets=[
                    services.TargetInput(**{k: f.cleaned_data[k] for k in TARGET_FIELDS})
                    for f in targets.ordered_forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ],
                titles=[
                    services.TitleInput(f.cleaned_data["award_type"].pk, f.cleaned_data["count"])
                    for f in titles.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ],
                actor=request.user,
                seen_updated_at=parse_seen_updated_at(request.POST.get("seen_updated_at")),
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            if request.POST.get("then") == "submit":
                return registration_transition(request, pk, "submit")
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("registration_detail", pk=registration.pk)
    return render(
        request,
        "campaigns/registration_form.html",
        {
            "registration": registration,
            "targets": targets,
            "titles": titles,
            "errors": errors,
            "is_own_unit": permissions.is_own_unit(request.user, registration),
        },
        status=400 if request.method == "POST" else 200,
    )


TARGET_FIELDS = ("text", "planned_value", "unit", "due_text", "points", "note", "id")
TRANSITION_CHECKS = {
    "submit": permissions.can_edit_registration,
    "return": permissions.can_review_registration,
    "accept": permissions.can_review_registration,
    "reopen": permissions.can_review_registration,
}
TRANSITION_MESSAGES = {
    "submit": gettext_lazy("Đã gửi đăng ký cho thư ký khối."),
    "return": gettext_lazy("Đã trả lại đăng ký cho đơn vị."),
    "accept": gettext_lazy("Đã chấp nhận đăng ký."),
    "reopen": gettext_lazy("Đã mở lại đăng ký để sửa."),
}


@require_POST
def registration_transition(request, pk, event):
    if event not in TRANSITION_CHECKS:
        raise Http404
    registration = _registration_for(request, pk, TRANSITION_CHECKS[event])
    try:
        services.registration_transition(
            registration=registration,
            event=event,
            actor=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, TRANSITION_MESSAGES[event])
    return redirect("registration_detail", pk=registration.pk)


def registration_template(request, pk):
    registration = _registration_for(request, pk, None)
    data = exporter.blank_template(
        campaign=registration.campaign,
        bloc=registration.bloc,
        organization=registration.organization,
    )
    return xlsx_response(
        data, f"mau-dang-ky-{registration.organization.code}-{registration.campaign.year}.xlsx"
    )

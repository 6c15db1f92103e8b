"""A bloc's official reports: compile, edit, finalise, number, sign, issue; files and print view.
Thin views: the rules live in services and permissions."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blocs.models import Bloc, Organization
from campaigns.models import ReportingPeriod
from campaigns.permissions import can_compile_bloc
from emulation_portal.audit import trail
from emulation_portal.forms import apply_errors

from . import bloc_report, permissions, services
from .forms import DocumentForm, NumberForm, ScanForm
from .models import ReportDocument, ReportVersion, SignedScan

KINDS = (ReportingPeriod.Kind.H1, ReportingPeriod.Kind.ANNUAL)


def _document(request, pk, check=permissions.can_view) -> ReportDocument:
    document = get_object_or_404(
        ReportDocument.objects.select_related("bloc__authority", "period"), pk=pk
    )
    if not check(request.user, document):
        raise PermissionDenied
    return document


def bloc_documents(request, pk, year):
    """The bloc's six-month and annual reports of a year, each with its documents."""
    bloc = get_object_or_404(Bloc.objects.select_related("authority"), pk=pk)
    if not can_compile_bloc(request.user, bloc, year):
        raise PermissionDenied
    periods = ReportingPeriod.objects.filter(
        authority_id=bloc.authority_id, year=year, kind__in=KINDS
    ).order_by("end")
    documents = ReportDocument.objects.filter(bloc=bloc, period__in=periods).order_by("pk")
    rows = [(p, [d for d in documents if d.period_id == p.pk]) for p in periods]
    return render(
        request,
        "reports/bloc_documents.html",
        {
            "bloc": bloc,
            "year": year,
            "rows": rows,
            "can_write": permissions.can_write(request.user, bloc, year),
        },
    )


@require_POST
def document_open(request, bloc_pk, period_pk):
    bloc = get_object_or_404(Bloc, pk=bloc_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk, authority_id=bloc.authority_id)
    if not permissions.can_write(request.user, bloc, period.year):
        raise PermissionDenied
    document = services.document_open(bloc=bloc, period=period, actor=request.user)
    return redirect("document_detail", document.pk)


def document_detail(request, pk):
    document = _document(request, pk)
    can_edit = permissions.can_edit(request.user, document)
    compiler = permissions.can_compile(request.user, document)
    report = services.document_context(document)
    form = None
    if document.is_editable and can_edit:
        if request.method == "POST":
            form = DocumentForm(request.POST, report=report)
            if form.is_valid():
                try:
                    services.document_save(
                        document=document,
                        version=form.cleaned_data["version"],
                        content=form.content(),
                        actor=request.user,
                        shown=form.shown_digests(),
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("Đã lưu nội dung báo cáo."))
                    return redirect("document_detail", document.pk)
        else:
            form = DocumentForm(
                report=report,
                initial={
                    "version": document.version,
                    "shown": json.dumps(services.shown_fingerprint(report)),
                },
            )
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "reports/document_detail.html",
        {
            "document": document,
            "report": report,
            "form": form,
            "can_edit": can_edit,
            "compiler": compiler,
            "versions": document.versions.order_by("-created_at") if compiler else [],
            "number_form": NumberForm(),
            "scan_form": ScanForm(),
            "audit": trail(document) if compiler else [],
        },
    )


def document_figure(request, pk, figure, unit=None):
    """The records one figure of the report's targets table counts — a unit's or the bloc's
    targets in one column, or its title registrations — for those who compile the report."""
    document = _document(request, pk, permissions.can_compile)
    records = bloc_report.counted_records(document.bloc, document.period, figure, unit)
    if records is None:
        raise Http404
    names = {**bloc_report.FIGURES, **bloc_report.REPORTS}
    column = next(name for name, key in names.items() if key == figure)
    return render(
        request,
        "reports/document_figure.html",
        {
            "document": document,
            "column": column,
            "titles": figure == bloc_report.FIGURES[bloc_report.TITLES],
            "reports": figure in bloc_report.REPORTS.values(),
            "unit": Organization.objects.get(pk=unit) if unit else None,
            "records": records,
        },
    )


@require_POST
def document_transition(request, pk, event):
    document = _document(request, pk, permissions.can_edit)
    form = NumberForm(request.POST) if event == "number" else None
    if form is not None and not form.is_valid():  # a typo must not become today's date
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("document_detail", document.pk)
    dated = form.cleaned_data["dated"] if form is not None else None
    try:
        services.document_transition(
            document=document,
            event=event,
            actor=request.user,
            dated=dated,
            scan=request.FILES.get("scan"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã cập nhật trạng thái báo cáo."))
    return redirect("document_detail", document.pk)


def document_print(request, pk):
    """The HTML print view: the PDF's template and context, with a print button."""
    document = _document(request, pk)
    return render(
        request,
        "reports/bloc_report.html",
        {
            "doc": services.document_context(document),
            "web": True,
            "back_url": reverse("document_detail", args=[document.pk]),
        },
    )


@require_POST
def version_request(request, pk, format):
    document = _document(request, pk)
    if format not in ReportVersion.Format.values:
        raise PermissionDenied
    version = services.version_request(document=document, format=format, actor=request.user)
    return redirect("version_detail", version.pk)


def _version(request, pk) -> ReportVersion:
    version = get_object_or_404(
        ReportVersion.objects.select_related("document__bloc", "document__period"), pk=pk
    )
    document = version.document
    # Recipients of an issued report get the files made from it once issued, not the drafts.
    if not (
        permissions.can_compile(request.user, document)
        or (permissions.can_view(request.user, document) and version.status_at == "issued")
    ):
        raise PermissionDenied
    return version


def version_detail(request, pk):
    version = services.version_refresh(_version(request, pk))
    return render(request, "reports/version_detail.html", {"version": version})


def version_status(request, pk):
    version = services.version_refresh(_version(request, pk))
    return JsonResponse(
        {
            "state": version.state,
            "label": version.get_state_display(),
            "progress": version.progress,
            "error": bool(version.error),
            "download": reverse("version_download", args=[pk])
            if version.state == ReportVersion.State.DONE
            else "",
        }
    )


def version_download(request, pk):
    version = _version(request, pk)
    if version.state != ReportVersion.State.DONE:
        raise PermissionDenied
    return FileResponse(
        version.file.open("rb"), as_attachment=True, filename=version.file.name.rsplit("/")[-1]
    )


def scan_download(request, pk):
    document = _document(request, pk)
    scan = get_object_or_404(SignedScan, document=document)
    name = slugify(f"{document.symbol}-da-ky")
    return FileResponse(scan.file.open("rb"), as_attachment=True, filename=f"{name}.pdf")

"""Pages for reporting periods, outlines, progress reports, scoring and dashboards."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from blocs.models import Bloc, BlocMembership, Organization
from blocs.roles import roles_for
from blocs.selectors import managed_authorities
from blocs.years import default_year
from emulation_portal.audit import trail
from emulation_portal.forms import apply_errors, parse_seen_updated_at
from emulation_portal.params import id_param, year_param

from . import dashboard, permissions, progress, scoring
from .forms import (
    AnswerForm,
    BulkAcceptForm,
    DocumentFormSet,
    PeriodDefaultsForm,
    PeriodForm,
    PeriodScheduleForm,
    ProgressLineForm,
    ReasonForm,
    ScoreForm,
    SectionForm,
)
from .meeting_form import MeetingNominationsForm
from .models import (
    Evidence,
    MeetingResult,
    OutlineSection,
    ProgressReport,
    ReportingPeriod,
    ReportOutline,
    ScoringScheme,
    period_kind_label,
)
from .views import accept_selected

# Periods and outlines ------------------------------------------------------------------------


def period_list(request):
    if not permissions.can_use_office_pages(request.user):
        raise PermissionDenied
    authorities = managed_authorities(request.user)
    periods = ReportingPeriod.objects.filter(authority__in=authorities).select_related(
        "authority", "outline"
    )
    form = PeriodDefaultsForm(
        request.POST or None, user=request.user, initial={"year": default_year(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = progress.periods_ensure_defaults(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã có %(n)s kỳ báo cáo cho năm.") % {"n": len(created)})
            return redirect("period_list")
    # Schedules: the user's own authorities, and those whose periods the page lists.
    scheduled = Organization.objects.filter(
        Q(pk__in=roles_for(request.user).authority_ids) | Q(reporting_periods__in=periods)
    ).distinct()
    return render(
        request,
        "campaigns/period_list.html",
        {
            "periods": periods,
            "form": form,
            "outlines": ReportOutline.objects.all(),
            "scheduled": scheduled,
        },
    )


def period_edit(request, pk):
    period = get_object_or_404(ReportingPeriod, pk=pk)
    if not permissions.can_manage_periods(request.user, period.authority_id):
        raise PermissionDenied
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu kỳ báo cáo."))
        return redirect("period_list")
    return render(request, "blocs/form.html", {"form": form, "title": str(period)})


SCHEDULED_KINDS = (ReportingPeriod.Kind.H1, ReportingPeriod.Kind.ANNUAL)


def period_schedule(request, pk):
    """The authority's own dates, deadlines and outline per period kind (one row each)."""
    authority = get_object_or_404(Organization, pk=pk)
    if not permissions.can_launch_for(request.user, authority):
        raise PermissionDenied
    rows = [
        (
            period_kind_label(kind, authority.year_kind),
            PeriodScheduleForm(
                request.POST or None,
                instance=progress.schedule_for(authority, kind),
                prefix=kind,
            ),
        )
        for kind in SCHEDULED_KINDS
    ]
    forms = [form for _label, form in rows]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        try:
            progress.schedules_save(schedules=[form.instance for form in forms], actor=request.user)
        except ValidationError as exc:
            apply_errors(forms[0], exc)
        else:
            messages.success(request, _("Đã lưu lịch kỳ báo cáo."))
            return redirect("period_list")
    return render(
        request,
        "campaigns/period_schedule.html",
        {"authority": authority, "rows": rows},
    )


def _outline_for_manager(request, pk) -> ReportOutline:
    outline = get_object_or_404(ReportOutline, pk=pk)
    if not permissions.can_edit_outline(request.user, outline):
        raise PermissionDenied
    return outline


def outline_detail(request, pk):
    outline = get_object_or_404(ReportOutline, pk=pk)
    if not permissions.can_read_outlines(request.user):
        raise PermissionDenied
    can_edit = permissions.can_edit_outline(request.user, outline)
    return render(
        request,
        "campaigns/outline_detail.html",
        {
            "outline": outline,
            "sections": progress.outline_snapshot(outline),
            "can_edit": can_edit,
            "form": SectionForm(),
        },
    )


def section_edit(request, outline_pk, pk=None):
    outline = _outline_for_manager(request, outline_pk)
    # `?parent=` names where the new section goes: junk is a 400, not a top-level section.
    parent_id = None if pk else id_param(request, "parent", strict=True)
    section = (
        get_object_or_404(OutlineSection, pk=pk, outline=outline)
        if pk
        else OutlineSection(
            outline=outline,
            parent=get_object_or_404(OutlineSection, pk=parent_id, outline=outline)
            if parent_id
            else None,
        )
    )
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            progress.section_save(section=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu mục đề cương."))
            return redirect("outline_detail", pk=outline.pk)
    title = _("Sửa mục") if pk else _("Thêm mục")
    return render(request, "blocs/form.html", {"form": form, "title": f"{title} – {outline}"})


@require_POST
def section_action(request, outline_pk, pk, action):
    outline = _outline_for_manager(request, outline_pk)
    section = get_object_or_404(OutlineSection, pk=pk, outline=outline)
    try:
        if action in ("up", "down"):
            progress.section_move(section=section, up=action == "up", actor=request.user)
        elif action == "delete":
            progress.section_delete(section=section, actor=request.user)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("outline_detail", pk=outline.pk)


# Progress reports ----------------------------------------------------------------------------


@require_POST
def report_start(request, period_pk, bloc_pk, org_pk):
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    bloc = get_object_or_404(Bloc, pk=bloc_pk)
    organization = get_object_or_404(Organization, pk=org_pk)
    if not permissions.can_start_report(request.user, period, bloc, organization.pk):
        raise PermissionDenied
    try:
        report = progress.report_open(
            period=period, bloc=bloc, organization=organization, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("home")
    return redirect("report_edit", pk=report.pk)


def _report_for(request, pk, check=None) -> ProgressReport:
    report = get_object_or_404(
        ProgressReport.objects.select_related("period", "bloc", "organization"), pk=pk
    )
    if not permissions.can_view_report(request.user, report):
        raise PermissionDenied
    if check is not None and not check(request.user, report):
        raise PermissionDenied
    return report


def report_detail(request, pk):
    report = _report_for(request, pk)
    view = dashboard.report_view(report.pk)
    user = request.user
    return render(
        request,
        "campaigns/report_detail.html",
        {
            "view": view,
            "report": view.report,
            "can_edit": permissions.can_edit_report(user, report),
            "can_review": permissions.can_review_report(user, report),
            "is_own_unit": permissions.is_own_unit(user, report),
            "reason_form": ReasonForm(),
            "audit": trail(report),
        },
    )


def _answer_forms(view, data):
    forms = []
    for section in view.sections:
        if section["kind"] == OutlineSection.Kind.COMPUTED or section.get("has_children"):
            forms.append((section, None))  # computed, or a heading over its subsections
            continue
        answer = view.answers.get(section["id"])
        initial = {"text": answer.text, "value": answer.value} if answer else {}
        forms.append((section, AnswerForm(data, prefix=f"s{section['id']}", initial=initial)))
    return forms


def report_edit(request, pk):
    report = _report_for(request, pk, permissions.can_edit_report)
    view = dashboard.report_view(report.pk)
    data = request.POST or None
    files = request.FILES or None
    lines = [
        ProgressLineForm(
            data,
            files,
            prefix=f"t{line.pk}",
            line=line,
            initial={"state": line.state, "achieved_value": line.achieved_value, "note": line.note},
        )
        for line in view.lines
    ]
    answers = _answer_forms(view, data)
    # Row i of the list is the i-th document shown: a fixed order (pk breaks ties of one day
    # and symbol) lets the save edit that very row (the optimistic lock refuses a form whose
    # list changed since it was shown).
    shown = sorted(view.documents, key=lambda d: (d.issued_on, d.symbol, d.pk))
    documents = DocumentFormSet(
        data,
        prefix="doc",
        initial=[{"symbol": d.symbol, "issued_on": d.issued_on, "title": d.title} for d in shown],
    )
    errors = []
    if request.method == "POST":
        valid = all(f.is_valid() for f in lines) & documents.is_valid()
        valid &= all(f.is_valid() for _s, f in answers if f is not None)
        if valid:
            errors = _save_report(request, view.report, lines, answers, documents, shown)
            if not errors:
                if request.POST.get("then") == "submit":
                    return report_transition(request, pk, "submit")
                messages.success(request, _("Đã lưu bản nháp báo cáo."))
                return redirect("report_detail", pk=report.pk)
    return render(
        request,
        "campaigns/report_form.html",
        {
            "view": view,
            "report": view.report,
            "lines": lines,
            "answers": answers,
            "documents": documents,
            "errors": errors,
            "choose_again": _files_to_choose_again(lines) if request.method == "POST" else [],
            "is_own_unit": permissions.is_own_unit(request.user, report),
        },
        status=400 if request.method == "POST" else 200,
    )


def _save_report(request, report, lines, answers, documents, shown) -> list[str]:
    """Save the draft and its new evidence files all or nothing; problems come back as
    messages (a refused file also on its line), nothing saved."""
    try:
        progress.report_save_with_evidence(
            report=report,
            progress=[
                progress.ProgressInput(
                    target_id=f.line.target_id,
                    state=f.cleaned_data["state"],
                    achieved_value=f.cleaned_data["achieved_value"],
                    note=f.cleaned_data["note"],
                )
                for f in lines
            ],
            answers={section["id"]: _answer_posted(section, f) for section, f in answers if f},
            documents=[
                progress.DocumentInput(
                    **{k: f.cleaned_data[k] for k in ("symbol", "issued_on", "title")},
                    id=shown[i].pk if i < len(shown) else None,
                )
                for i, f in enumerate(documents.forms)
                if f.cleaned_data and not f.cleaned_data.get("DELETE")  # ticked: removed
            ],
            evidence=[
                progress.EvidenceInput(
                    target_id=f.line.target_id, name=upload.name, data=upload.read()
                )
                for f in lines
                if (upload := f.cleaned_data.get("evidence")) is not None
            ],
            actor=request.user,
            seen_updated_at=parse_seen_updated_at(request.POST.get("seen_updated_at")),
        )
    except progress.EvidenceRefused as exc:
        for form in lines:
            for message in exc.by_target.get(form.line.target_id, []):
                form.add_error("evidence", message)
        return [
            _(
                "Chưa lưu gì: có tệp minh chứng không nhận được (ghi ở dòng chỉ tiêu bên dưới). "
                "Báo cáo và các tệp được lưu cùng một lúc, nên các nội dung khác cũng chưa lưu."
            )
        ]
    except ValidationError as exc:
        return exc.messages
    return []


def _answer_posted(section, form) -> tuple:
    """(text, value) of a section's box. The page shows a statistic's number only and any other
    section's text only: the part not shown keeps what is stored (a section whose kind changed
    after the unit answered), so the page posted back as it is changes nothing."""
    stored = section.get("answer")
    text, value = form.cleaned_data["text"], form.cleaned_data["value"]
    if section["kind"] == OutlineSection.Kind.STATISTIC:
        return (stored.text if stored else "", value)
    return (text, stored.value if stored else None)


def _files_to_choose_again(lines) -> list[tuple]:
    """(target ordinal, file name) of every file chosen in a form that comes back: a browser
    never refills a file input, so the page says which ones to choose again."""
    chosen = []
    for form in lines:
        upload = form.files.get(form.add_prefix("evidence")) if form.files else None
        if upload is not None:
            chosen.append((form.line.target.ordinal, upload.name))
    return chosen


TRANSITIONS = {
    "submit": (permissions.can_edit_report, gettext_lazy("Đã gửi báo cáo cho thư ký khối.")),
    "return": (permissions.can_review_report, gettext_lazy("Đã trả lại báo cáo cho đơn vị.")),
    "accept": (permissions.can_review_report, gettext_lazy("Đã chấp nhận báo cáo.")),
    "reopen": (permissions.can_review_report, gettext_lazy("Đã mở lại báo cáo để sửa.")),
}


@require_POST
def report_transition(request, pk, event):
    if event not in TRANSITIONS:
        raise Http404
    check, success = TRANSITIONS[event]
    report = _report_for(request, pk, check)
    try:
        progress.report_transition(
            report=report, event=event, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("report_detail", pk=report.pk)


def _evidence_for(request, pk) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("progress__report__period", "progress__report__bloc"),
        pk=pk,
    )
    if not permissions.can_view_report(request.user, evidence.progress.report):
        raise PermissionDenied
    return evidence


def evidence_download(request, pk):
    evidence = _evidence_for(request, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@require_POST
def evidence_delete(request, pk):
    evidence = _evidence_for(request, pk)
    report = evidence.progress.report
    if not permissions.can_edit_report(request.user, report):
        raise PermissionDenied
    try:
        progress.evidence_remove(evidence=evidence, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("report_edit", pk=report.pk)


# Dashboards, scoring, ranking ----------------------------------------------------------------


def _bloc_for_compiler(request, pk, year) -> Bloc:
    bloc = get_object_or_404(Bloc.objects.select_related("authority"), pk=pk)
    if not permissions.can_compile_bloc(request.user, bloc, year):
        raise PermissionDenied
    return bloc


def bloc_dashboard(request, pk, year, accept_form=None):
    bloc = _bloc_for_compiler(request, pk, year)
    periods = list(ReportingPeriod.objects.filter(authority_id=bloc.authority_id, year=year))
    chosen = id_param(request, "period")
    period = next((p for p in periods if p.pk == chosen), None) or dashboard.current_period(
        bloc, year
    )
    board = dashboard.bloc_dashboard(bloc, year, period)
    chart = {
        "labels": [r.organization.short_name or r.organization.name for r in board.rows],
        "done": [r.done_pct for r in board.rows],
        "overdue": [r.overdue_pct for r in board.rows],
    }
    return render(
        request,
        "campaigns/bloc_dashboard.html",
        {
            "board": board,
            "bloc": bloc,
            "year": year,
            "periods": periods,
            "period": period,
            "chart": chart,
            "history": dashboard.history(bloc),
            "accept_form": accept_form or _reports_accept_form(request, bloc, year),
            "accept_url": reverse("reports_accept", args=[bloc.pk, year]),
        },
        status=400 if accept_form else 200,
    )


def _reports_accept_form(request, bloc, year, data=None):
    form = BulkAcceptForm(data, queryset=permissions.acceptable_reports(request.user, bloc, year))
    form.fields["items"].label_from_instance = lambda r: f"{r.organization.name} – {r.period.name}"
    return form


@require_POST
def reports_accept(request, pk, year):
    bloc = _bloc_for_compiler(request, pk, year)
    if not permissions.can_review_bloc(request.user, bloc, year):
        raise PermissionDenied
    form = _reports_accept_form(request, bloc, year, request.POST)
    if accept_selected(
        request,
        form,
        lambda items, reason: progress.reports_accept(
            reports=items, reason=reason, actor=request.user
        ),
    ):
        return redirect("bloc_dashboard", pk=bloc.pk, year=year)
    return bloc_dashboard(request, pk, year, accept_form=form)


def _scheme(bloc, year, kind) -> ScoringScheme:
    return get_object_or_404(ScoringScheme, bloc=bloc, year=year, period_kind=kind)


def scoring_page(request, pk, year, kind="annual"):
    bloc = get_object_or_404(Bloc.objects.select_related("authority"), pk=pk)
    scheme = _scheme(bloc, year, kind)
    roles = roles_for(request.user)
    members = BlocMembership.objects.filter(bloc=bloc, year=year).select_related("organization")
    as_bloc = permissions.can_bloc_score(request.user, bloc, year)
    own = [
        m.organization
        for m in members
        if permissions.can_self_score(request.user, m.organization_id)
    ]
    if as_bloc:
        units = [m.organization for m in members]
    elif own:
        units = own
    elif permissions.can_compile_bloc(request.user, bloc, year):
        units = [m.organization for m in members]  # the authority's office reads, never writes
    else:
        raise PermissionDenied
    chosen = id_param(request, "unit")
    unit = next((u for u in units if u.pk == chosen), units[0] if units else None)
    can_write = unit is not None and (as_bloc or unit.pk in roles.organization_ids)
    rows = scoring.criteria_rows(scheme)
    scores = (
        {s.criterion_id: s for s in unit.scores.filter(criterion__scheme=scheme)} if unit else {}
    )
    done_share = scoring.target_done_shares(bloc=bloc, year=year).get(unit.pk) if unit else None
    forms = {
        row.criterion.pk: ScoreForm(
            request.POST or None,
            prefix=f"c{row.criterion.pk}",
            initial=scoring.initial_points(
                row.criterion, scores.get(row.criterion.pk), as_bloc=as_bloc, done_share=done_share
            ),
        )
        for row in rows
        if row.is_leaf
    }
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if all(f.is_valid() for f in forms.values()):
            try:
                scoring.scores_save(
                    scheme=scheme,
                    organization=unit,
                    values={cid: f.cleaned_data for cid, f in forms.items()},
                    as_bloc=as_bloc,
                    actor=request.user,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Đã lưu điểm của %(unit)s.") % {"unit": unit})
                return redirect(f"{request.path}?unit={unit.pk}")
    return render(
        request,
        "campaigns/scoring.html",
        {
            "bloc": bloc,
            "year": year,
            "scheme": scheme,
            "period_words": scoring.period_words(scheme, bloc.authority),
            "rows": [
                (row, forms.get(row.criterion.pk), scores.get(row.criterion.pk)) for row in rows
            ],
            "units": units,
            "unit": unit,
            "as_bloc": as_bloc,
            "can_write": can_write,
            "max_total": scoring.max_total(rows),
            "done_share": done_share,
        },
    )


def ranking_page(request, pk, year, kind="annual"):
    bloc = _bloc_for_compiler(request, pk, year)
    scheme = _scheme(bloc, year, kind)
    ranked, leaves = scoring.ranking(scheme)
    meeting = (
        MeetingResult.objects.filter(bloc=bloc, year=year)
        .prefetch_related("nominations__organization", "nominations__award_type")
        .first()
    )
    form = MeetingNominationsForm(
        request.POST or None,
        units=[r.organization for r in ranked],
        award_types=_meeting_award_types(),
        meeting=meeting,
        initial=None if meeting else {"attendees": len(ranked)},
    )
    can_record = permissions.can_bloc_score(request.user, bloc, year)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            meeting_data = {name: form.cleaned_data[name] for name in form.meeting_fields}
            try:
                scoring.meeting_save(
                    bloc=bloc,
                    year=year,
                    nominations=form.nominations(),
                    actor=request.user,
                    **meeting_data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi kết quả họp bình xét."))
                return redirect("ranking", pk=bloc.pk, year=year)
    return render(
        request,
        "campaigns/ranking.html",
        {
            "bloc": bloc,
            "year": year,
            "scheme": scheme,
            "ranked": ranked,
            "table": [(row, form.cells(row.organization)) for row in ranked],
            "leaves": leaves,
            "meeting": meeting,
            "form": form,
            "meeting_fields": [form[name] for name in form.meeting_fields],
            "can_record": can_record,
            "award_types": form.award_types,
        },
        status=400 if request.method == "POST" else 200,
    )


def _meeting_award_types():
    return apps.get_model("awards", "AwardType").objects.filter(
        code__in=["CO_TINH", "BK_TINH", "CO_CP"]
    )


def authority_dashboard(request):
    if not permissions.can_use_office_pages(request.user):
        raise PermissionDenied
    year = year_param(request, "year", default=default_year(request.user))
    blocs = (
        Bloc.objects.filter(authority__in=managed_authorities(request.user))
        .select_related("authority")
        .order_by("code")
    )
    boards = []
    for bloc in blocs:
        board = dashboard.bloc_dashboard(bloc, year, dashboard.current_period(bloc, year))
        if board.rows:
            boards.append(board)
    # The heading speaks the year of the one authority shown; several (an administrator's view)
    # may count years differently, so it then keeps the plain number.
    authorities = {board.bloc.authority for board in boards}
    authority = authorities.pop() if len(authorities) == 1 else None
    return render(
        request,
        "campaigns/authority_dashboard.html",
        {"boards": boards, "year": year, "authority": authority},
    )

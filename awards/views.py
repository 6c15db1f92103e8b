"""Proposals, their review, decisions and the award registry."""

import io

import openpyxl
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blocs.models import Bloc, BlocMembership, Organization, Person
from blocs.roles import roles_for
from emulation_portal.forms import apply_errors
from emulation_portal.http import xlsx_response
from emulation_portal.params import choice_param, flag_param, id_param, text_param, year_param
from emulation_portal.xlsx import put_value

from . import eligibility, permissions, services
from .forms import DecisionForm, DocumentForm, NomineeForm, ProposalForm, ReviewForm, VerdictForm
from .models import Award, AwardType, Decision, DossierDocument, Nominee, Proposal


def _authorities(user):
    """Where a user's units send proposals: the authorities over them (and their blocs')."""
    roles = roles_for(user)
    ids = set(
        Bloc.objects.filter(memberships__organization_id__in=roles.organization_ids).values_list(
            "authority_id", flat=True
        )
    )  # noqa: E501
    return Organization.objects.filter(Q(pk__in=ids) | Q(pk__in=roles.authority_ids))


def proposal_list(request):
    roles = roles_for(request.user)
    proposals = Proposal.objects.select_related("proposer", "authority", "bloc").prefetch_related(
        "nominees__award_type"
    )
    if not roles.is_admin:
        visible = Q(proposer_id__in=roles.organization_ids) | (
            Q(authority_id__in=roles.authority_ids) & ~Q(status=Proposal.Status.DRAFT)
        )
        for bloc_id, year in roles.led_bloc_years:
            visible |= Q(bloc_id=bloc_id, year=year)
        proposals = proposals.filter(visible)
    status = choice_param(request, "status", Proposal.Status, default="")
    award = text_param(request, "award")
    overdue = flag_param(request, "due")
    authority_id = id_param(request, "authority")
    authority = str(authority_id or "")  # the template compares it with each option's pk
    if authority_id:
        proposals = proposals.filter(authority_id=authority_id)
    if status:
        proposals = proposals.filter(status=status)
    if award:
        proposals = proposals.filter(nominees__award_type__code=award).distinct()
    if overdue:
        proposals = proposals.filter(deadline__lte=timezone.localdate(), status__in=Proposal.OPEN)
    page = Paginator(proposals.order_by("deadline", "-created_at"), 50).get_page(
        request.GET.get("page")
    )  # noqa: E501
    return render(
        request,
        "awards/proposal_list.html",
        {
            "page": page,
            "statuses": Proposal.Status.choices,
            "award_types": AwardType.objects.filter(is_active=True),
            "status": status,
            "award": award,
            "authority": authority,
            "authorities": Organization.objects.filter(proposals_received__isnull=False).distinct(),
            "can_create": roles.is_unit_officer or roles.is_admin,
        },
    )


def proposal_create(request):
    roles = roles_for(request.user)
    units = Organization.objects.filter(pk__in=roles.organization_ids)
    if not (units.exists() or roles.is_admin):
        raise PermissionDenied
    # `?bloc=&year=` say whose proposal this is (a bloc's, from its meeting): junk is a 400.
    bloc_id = id_param(request, "bloc", strict=True)
    year = year_param(request, "year", strict=bloc_id is not None)
    bloc = None
    if bloc_id:
        bloc = get_object_or_404(Bloc, pk=bloc_id)
        if year is None or not roles.leads(bloc.pk, year):
            raise PermissionDenied
    form = ProposalForm(
        request.POST or None, authorities=_authorities(request.user), initial={"year": year}
    )  # noqa: E501
    if request.method == "POST" and form.is_valid():
        proposer = (
            units.first()
            if bloc is None
            else BlocMembership.objects.get(
                bloc=bloc, year=form.cleaned_data["year"], role="leader"
            ).organization
        )  # noqa: E501
        try:
            proposal = services.proposal_create(
                actor=request.user, proposer=proposer, bloc=bloc, **form.cleaned_data
            )  # noqa: E501
            if bloc is not None:
                _nominate_from_meeting(proposal, request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("proposal_detail", pk=proposal.pk)
    return render(
        request,
        "blocs/form.html",
        {
            "form": form,
            "title": _("Lập tờ trình đề nghị khen thưởng") + (f" – {bloc}" if bloc else ""),
        },
    )  # noqa: E501


def _nominate_from_meeting(proposal, actor):
    """A bloc's proposal starts with the units its year-end meeting nominated."""
    from campaigns.models import MeetingNomination

    for nomination in MeetingNomination.objects.filter(
        meeting__bloc=proposal.bloc, meeting__year=proposal.year
    ).select_related("award_type", "organization", "meeting"):  # noqa: E501
        services.nominee_add(
            proposal=proposal,
            award_type=nomination.award_type,
            organization=nomination.organization,
            achievement=_("Được hội nghị %(b)s suy tôn với %(v)s/%(n)s phiếu.")
            % {"b": proposal.bloc, "v": nomination.votes_for, "n": nomination.meeting.attendees},  # noqa: E501
            actor=actor,
        )


def _proposal_for(request, pk, check=None) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("proposer", "authority", "bloc"), pk=pk
    )  # noqa: E501
    if not permissions.can_view_proposal(request.user, proposal):
        raise PermissionDenied
    if check is not None and not check(request.user, proposal):
        raise PermissionDenied
    return proposal


def proposal_detail(request, pk, forms=None):
    proposal = _proposal_for(request, pk)
    user = request.user
    can_edit = permissions.can_edit_proposal(user, proposal)
    can_review = permissions.can_review(user, proposal)
    nominees = list(
        proposal.nominees.select_related(
            "person__organization", "organization", "award_type", "decision"
        )
    )  # noqa: E501
    if can_edit:
        for nominee in nominees:  # proposers see the checks while they can still act on them
            nominee.checks = [c.as_dict() for c in eligibility.evaluate(nominee)]
    context = {
        "proposal": proposal,
        "nominees": nominees,
        "checklist": services.checklist(proposal),
        "documents": proposal.documents.select_related("nominee"),
        "actions": proposal.actions.select_related("actor", "nominee"),
        "can_edit": can_edit,
        "can_review": can_review,
        "nominee_form": _nominee_form(proposal) if can_edit else None,
        "document_form": DocumentForm(proposal=proposal) if can_edit else None,
        "verdict_form": VerdictForm(proposal=proposal) if can_review else None,
        "review_form": ReviewForm() if can_review else None,
    } | (forms or {})
    return render(request, "awards/proposal_detail.html", context, status=400 if forms else 200)


def _nominee_form(proposal, data=None):
    if proposal.bloc_id:
        members = BlocMembership.objects.filter(
            bloc_id=proposal.bloc_id, year=proposal.year
        ).values("organization_id")  # noqa: E501
        organizations = Organization.objects.filter(pk__in=members)
    else:
        organizations = Organization.objects.filter(
            Q(pk=proposal.proposer_id) | Q(parent_id=proposal.proposer_id)
        )  # noqa: E501
    people = Person.objects.filter(organization__in=organizations, is_active=True)
    return NomineeForm(data, people=people, organizations=organizations)


@require_POST
def nominee_add(request, pk):
    proposal = _proposal_for(request, pk, permissions.can_edit_proposal)
    form = _nominee_form(proposal, request.POST)
    if form.is_valid():
        try:
            services.nominee_add(proposal=proposal, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("proposal_detail", pk=pk)
    return proposal_detail(request, pk, forms={"nominee_form": form})


@require_POST
def document_add(request, pk):
    proposal = _proposal_for(request, pk, permissions.can_edit_proposal)
    form = DocumentForm(request.POST, request.FILES, proposal=proposal)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_add(
                proposal=proposal,
                nominee=form.cleaned_data["nominee"],
                kind=form.cleaned_data["kind"],
                name=upload.name,
                data=upload.read(),
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("proposal_detail", pk=pk)
    return proposal_detail(request, pk, forms={"document_form": form})


def document_download(request, pk):
    document = get_object_or_404(DossierDocument.objects.select_related("proposal"), pk=pk)
    if not permissions.can_view_proposal(request.user, document.proposal):
        raise PermissionDenied
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )  # noqa: E501


@require_POST
def proposal_submit(request, pk):
    proposal = _proposal_for(request, pk, permissions.can_edit_proposal)
    try:
        services.proposal_submit(proposal=proposal, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gửi tờ trình."))
    return redirect("proposal_detail", pk=pk)


@require_POST
def proposal_review(request, pk, action):
    if action not in services.REVIEW:
        raise Http404
    proposal = _proposal_for(request, pk, permissions.can_review)
    try:
        proposal = services.proposal_review(
            proposal=proposal,
            action=action,
            actor=request.user,
            comment=request.POST.get("comment", ""),
        )  # noqa: E501
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ghi: %(a)s.") % {"a": services.REVIEW[action][2]})
    return redirect("proposal_detail", pk=pk)


@require_POST
def proposal_verdict(request, pk):
    proposal = _proposal_for(request, pk, permissions.can_review)
    form = VerdictForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            services.nominees_verdict(proposal=proposal, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả thẩm định."))
            return redirect("proposal_detail", pk=pk)
    return proposal_detail(request, pk, forms={"verdict_form": form})


def decision_create(request):
    roles = roles_for(request.user)
    authorities = (
        Organization.objects.filter(pk__in=roles.authority_ids)
        if not roles.is_admin
        else Organization.objects.filter(proposals_received__isnull=False).distinct()
    )  # noqa: E501
    if not authorities.exists():
        raise PermissionDenied
    approved = Nominee.objects.filter(
        proposal__authority__in=authorities, verdict=Nominee.Verdict.APPROVED, decision__isnull=True
    ).select_related("person", "organization", "award_type", "proposal")
    form = DecisionForm(request.POST or None, nominees=approved)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nominees = list(data.pop("nominees"))
        corrected = data.get("corrects")
        authority = (
            corrected.authority
            if corrected
            else (nominees[0].proposal.authority if nominees else None)
        )
        if authority is None:
            form.add_error(
                "nominees", _("Chọn ít nhất một đối tượng, hoặc quyết định cần đính chính.")
            )
            return render(
                request,
                "blocs/form.html",
                {"form": form, "title": _("Dự thảo quyết định khen thưởng")},
            )
        try:
            decision = services.decision_create(
                authority=authority,
                year=data["dated"].year,
                nominees=nominees,
                actor=request.user,
                **data,
            )  # noqa: E501
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("decision_detail", pk=decision.pk)
    return render(
        request, "blocs/form.html", {"form": form, "title": _("Dự thảo quyết định khen thưởng")}
    )  # noqa: E501


def decision_detail(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("authority", "corrects"), pk=pk)
    if not permissions.can_view_decision(request.user, decision):
        raise PermissionDenied
    can_issue = permissions.can_decide(request.user, decision.authority_id)
    if request.method == "POST":
        if not can_issue:
            raise PermissionDenied
        try:
            services.decision_issue(decision=decision, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ban hành quyết định %(d)s.") % {"d": decision.symbol})
        return redirect("decision_detail", pk=pk)
    return render(
        request,
        "awards/decision_detail.html",
        {
            "decision": decision,
            "nominees": decision.nominees.select_related("person", "organization", "award_type"),
            "awards": decision.awards.select_related("person", "organization", "award_type"),
            "can_issue": can_issue and decision.status == Decision.Status.DRAFT,
        },
    )


def _registry(request):
    awards = Award.objects.select_related(
        "award_type", "person", "organization", "decision"
    ).filter(decision__status="issued")  # noqa: E501
    # Filters: a value that does not parse is ignored (emulation_portal.params).
    if unit := id_param(request, "unit"):
        awards = awards.filter(organization_id=unit)
    if person := id_param(request, "person"):
        awards = awards.filter(person_id=person)
    if name := text_param(request, "name"):
        awards = awards.filter(
            Q(person__full_name__icontains=name) | Q(organization__name__icontains=name)
        )
    if year := year_param(request, "year"):
        awards = awards.filter(year=year)
    if award_type := text_param(request, "type"):
        awards = awards.filter(award_type__code=award_type)
    if decision := id_param(request, "decision"):
        awards = awards.filter(decision_id=decision)
    return awards.order_by("-year", "award_type__summary_order", "organization__name")


def registry(request):
    awards = _registry(request)
    if request.GET.get("format") == "xlsx":
        return _registry_xlsx(awards)
    page = Paginator(awards, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/registry.html",
        {"page": page, "award_types": AwardType.objects.all(), "q": request.GET},
    )  # noqa: E501


REGISTRY_HEADER = [
    "STT",
    "Năm",
    "Danh hiệu, hình thức",
    "Cá nhân",
    "Đơn vị, tập thể",
    "Quyết định",
    "Ngày",
]


def _registry_xlsx(awards):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sổ khen thưởng"
    rows = (
        [
            n,
            award.year,
            award.award_type.name,
            award.person.full_name if award.person_id else "",
            award.organization.name,
            award.decision.symbol,
            award.decision.dated,
        ]
        for n, award in enumerate(awards, start=1)
    )
    for row, values in enumerate([REGISTRY_HEADER, *rows], start=1):
        for column, value in enumerate(values, start=1):
            put_value(sheet.cell(row, column), value)  # user text is never a formula
    out = io.BytesIO()
    book.save(out)
    return xlsx_response(out.getvalue(), "so-khen-thuong.xlsx")

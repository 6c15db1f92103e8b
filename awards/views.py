"""Proposals, their review, decisions and the award registry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blocs.emulation_year import EmulationYear
from blocs.leadership import leader_on
from blocs.models import Bloc, Organization
from blocs.roles import roles_for
from emulation_portal.forms import apply_errors
from emulation_portal.params import choice_param, flag_param, id_param, text_param, year_param
from reports import documents

from . import eligibility, permissions, services
from .forms import (
    DecisionForm,
    DocumentForm,
    NomineeForm,
    ProposalForm,
    ReviewForm,
    VerdictForm,
    WithdrawForm,
)
from .models import Award, AwardType, Decision, DossierDocument, Nominee, Proposal
from .registry import in_bloc, with_blocs


def proposal_list(request):
    roles = roles_for(request.user)
    proposals = (
        permissions.proposals_visible_to(request.user)
        .select_related("proposer", "authority", "bloc")
        .prefetch_related("nominees__award_type")
    )
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
            # Only the authorities of proposals the user may see.
            "authorities": Organization.objects.filter(
                pk__in=permissions.proposals_visible_to(request.user).values("authority_id")
            ),
            "can_create": roles.is_unit_officer or roles.is_admin,
        },
    )


def proposal_create(request):
    roles = roles_for(request.user)
    proposers = permissions.proposer_units(request.user)
    if not (roles.organization_ids or roles.is_admin):
        raise PermissionDenied
    bloc, years = None, ()
    # `?bloc=&year=` say whose proposal this is (a bloc's, from its meeting): junk is a 400.
    bloc_id = id_param(request, "bloc", strict=True)
    wanted = year_param(request, "year", strict=bloc_id is not None)
    if bloc_id is not None:
        bloc = get_object_or_404(Bloc, pk=bloc_id)
        years = permissions.led_years(request.user, bloc)
        if not years or (wanted is not None and wanted not in years):
            raise PermissionDenied
        initial = {"year": wanted or years[0], "authority": bloc.authority_id}
        authorities = Organization.objects.filter(pk=bloc.authority_id)
        form = ProposalForm(
            request.POST or None, authorities=authorities, bloc=bloc, years=years, initial=initial
        )
    else:
        form = ProposalForm(
            request.POST or None,
            authorities=permissions.proposal_authorities(request.user),
            proposers=proposers,
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if bloc is not None:
            data["proposer"] = leader_on(bloc, data["year"])
        try:
            if data["proposer"] is None:
                label = EmulationYear.of(bloc.authority, data["year"]).label
                raise ValidationError(
                    {"year": _("%(b)s chưa có khối trưởng %(y)s.") % {"b": bloc, "y": label}}
                )
            with transaction.atomic():  # the proposal and its meeting's nominees, or nothing
                proposal = services.proposal_create(actor=request.user, bloc=bloc, **data)
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
        status=400 if form.errors else 200,
    )


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
    conflict = permissions.conflict_of_interest(user, proposal)
    # The office sees its own unit's matters but may not act on them (segregation of duties).
    can_review = permissions.can_review(user, proposal) and conflict is None
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
        # "năm 2020" / "năm học 2020–2021" in the line under the title
        "achievement_year": EmulationYear.of(proposal.authority, proposal.year),
        "nominees": nominees,
        "checklist": services.checklist(proposal),
        "documents": proposal.documents.select_related("nominee"),
        "actions": proposal.actions.select_related("actor", "nominee"),
        "can_edit": can_edit,
        "can_review": can_review,
        "conflict": conflict if permissions.can_review(user, proposal) else None,
        "nominee_form": _nominee_form(proposal) if can_edit else None,
        "document_form": DocumentForm(proposal=proposal) if can_edit else None,
        "verdict_form": VerdictForm(proposal=proposal) if can_review else None,
        "review_form": ReviewForm() if can_review else None,
    } | (forms or {})
    return render(request, "awards/proposal_detail.html", context, status=400 if forms else 200)


def _nominee_form(proposal, data=None):
    return NomineeForm(
        data,
        people=permissions.nominee_people(proposal),
        organizations=permissions.nominee_units(proposal),
        award_types=permissions.nominee_award_types(proposal),
        proposal=proposal,
    )


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


def _nominee_for(request, pk) -> Nominee:
    nominee = get_object_or_404(Nominee.objects.select_related("proposal"), pk=pk)
    if not permissions.can_view_proposal(request.user, nominee.proposal):
        raise PermissionDenied
    return nominee


@require_POST
def nominee_remove(request, pk):
    nominee = _nominee_for(request, pk)
    if not permissions.can_edit_proposal(request.user, nominee.proposal):
        raise PermissionDenied
    try:
        services.nominee_remove(nominee=nominee, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã bỏ %(n)s khỏi tờ trình.") % {"n": nominee.recipient_name})
    return redirect("proposal_detail", pk=nominee.proposal_id)


@require_POST
def nominee_withdraw(request, pk):
    nominee = _nominee_for(request, pk)
    if not permissions.can_review(request.user, nominee.proposal):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi rõ lý do rút %(n)s.") % {"n": nominee.recipient_name})
        return redirect("proposal_detail", pk=nominee.proposal_id)
    try:
        services.nominee_withdraw(
            nominee=nominee, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã đánh dấu rút %(n)s.") % {"n": nominee.recipient_name})
    return redirect("proposal_detail", pk=nominee.proposal_id)


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
    form = ReviewForm(request.POST)
    if not form.is_valid():  # e.g. a comment longer than the box allows: nothing is recorded
        return proposal_detail(request, pk, forms={"review_form": form})
    try:
        proposal = services.proposal_review(
            proposal=proposal,
            action=action,
            actor=request.user,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):  # about what was typed: shown on the form, kept
            apply_errors(form, exc)
            return proposal_detail(request, pk, forms={"review_form": form})
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
    user = request.user
    authorities = permissions.deciding_authorities(user)
    if not authorities.exists():
        raise PermissionDenied
    form = DecisionForm(
        request.POST or None,
        authorities=authorities,
        corrects=permissions.correctable_decisions(user),
        nominees=permissions.decidable_nominees(user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        nominees = list(data.pop("nominees"))
        try:
            # Numbered within the calendar year of its date (services.next_number).
            decision = services.decision_create(
                year=data["dated"].year, nominees=nominees, actor=user, **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("decision_detail", pk=decision.pk)
    return render(
        request,
        "blocs/form.html",
        {"form": form, "title": _("Dự thảo quyết định khen thưởng")},
        status=400 if form.errors else 200,
    )


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
    awards = list(decision.awards.select_related("person", "organization", "award_type"))
    for award in awards:  # "(2020)", "(2020–2021)" after the award's name
        award.span = EmulationYear.of(decision.authority, award.year).span
    return render(
        request,
        "awards/decision_detail.html",
        {
            "decision": decision,
            "nominees": decision.nominees.select_related("person", "organization", "award_type"),
            "awards": awards,
            "can_issue": can_issue and decision.status == Decision.Status.DRAFT,
        },
    )


def _registry(request):
    # Each row's year is labelled as its deciding authority counts years (calendar or school).
    awards = Award.objects.select_related(
        "award_type", "person", "organization", "decision__authority"
    ).filter(decision__status="issued")
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
    if bloc := id_param(request, "bloc"):
        awards = in_bloc(awards, bloc)
    return awards.order_by("-year", "award_type__summary_order", "organization__name")


def registry(request):
    awards = _registry(request)
    if request.GET.get("format") == "xlsx":
        rendered = documents.render("award-registry", {"awards": awards}, "xlsx", user=request.user)
        return rendered.attachment()
    page = Paginator(awards, 100).get_page(request.GET.get("page"))
    with_blocs(page.object_list)
    return render(
        request,
        "awards/registry.html",
        {
            "page": page,
            "award_types": AwardType.objects.all(),
            "blocs": Bloc.objects.order_by("code"),
            "bloc": id_param(request, "bloc"),
            "q": request.GET,
        },
    )

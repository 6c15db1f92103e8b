"""Writes for proposals, their review, decisions and the registry: atomic and recorded."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import BlocMembership, Organization
from blocs.roles import office_units
from emulation_portal import uploads
from emulation_portal.audit import acting_as, log_action, quietly
from emulation_portal.fields import SHORT_TEXT_MAX, text_validators
from emulation_portal.text import nfc
from notifications.services import notify

from . import eligibility, permissions, powers
from .models import Award, Decision, DossierDocument, Initiative, Nominee, Proposal, ReviewAction

S = Proposal.Status
V = Nominee.Verdict
D = DossierDocument.Kind


def _record(proposal, actor, action, label, comment="", nominee=None):
    ReviewAction.objects.create(
        proposal=proposal,
        nominee=nominee,
        actor=actor,
        action=action,
        label=str(label),
        comment=comment,
    )


@transaction.atomic
def proposal_create(*, actor, **fields) -> Proposal:
    proposal = Proposal(**fields)
    proposal.title = nfc(proposal.title)
    proposal.symbol = nfc(proposal.symbol)
    refusal = permissions.proposal_refusal(
        actor,
        proposer=proposal.proposer,
        authority=proposal.authority,
        bloc=proposal.bloc,
        year=proposal.year,
    )
    if refusal:
        raise ValidationError(refusal)
    proposal.full_clean()
    with acting_as(actor):
        proposal.save()
    _record(proposal, actor, "create", gettext_lazy("Lập tờ trình"))
    return proposal


def _belongs(proposal: Proposal, nominee: Nominee) -> bool:
    """A unit proposes its own people and itself or its units; a bloc proposes its members."""
    if proposal.bloc_id:
        return BlocMembership.objects.filter(
            bloc_id=proposal.bloc_id,
            year=proposal.year,
            organization_id=nominee.person.organization_id
            if nominee.person_id
            else nominee.organization_id,  # noqa: E501
        ).exists()
    unit = nominee.person.organization if nominee.person_id else nominee.organization
    while unit is not None:
        if unit.pk == proposal.proposer_id:
            return True
        unit = unit.parent
    return False


def _editable(proposal, actor=None) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)  # not a stale copy
    if not proposal.is_editable:
        raise ValidationError(
            _("Tờ trình đang ở trạng thái “%(s)s”, không sửa được.")
            % {"s": proposal.get_status_display()}
        )
    if actor is not None and not permissions.can_edit_proposal(actor, proposal):
        raise ValidationError(_("Bạn không được sửa tờ trình này."))
    return proposal


def _duplicate(proposal, award_type, person, organization):
    others = proposal.nominees.filter(award_type=award_type).exclude(verdict=V.WITHDRAWN)
    return others.filter(person=person) if person else others.filter(organization=organization)


@transaction.atomic
def nominee_add(*, proposal, award_type, achievement, person=None, organization=None, actor):
    proposal = _editable(proposal, actor)
    nominee = Nominee(
        proposal=proposal,
        award_type=award_type,
        achievement=nfc(achievement),
        person=person,
        organization=organization,
    )
    nominee.full_clean(validate_constraints=False)
    needs_person = award_type.recipient == award_type.Recipient.INDIVIDUAL
    needs_collective = award_type.recipient == award_type.Recipient.COLLECTIVE
    if (needs_person and person is None) or (needs_collective and organization is None):
        raise ValidationError(
            _("“%(a)s” dành cho %(r)s.")
            % {"a": award_type, "r": award_type.get_recipient_display().lower()}  # noqa: E501
        )
    if not powers.confers(proposal.authority, award_type):
        raise ValidationError(
            {"award_type": powers.outside_power_message(proposal.authority, award_type)}
        )
    if not _belongs(proposal, nominee):
        raise ValidationError(
            _("%(n)s không thuộc %(p)s nên không đề nghị trong tờ trình này được.")
            % {"n": nominee.recipient_name, "p": proposal.bloc or proposal.proposer}
        )
    duplicate = _("%(n)s đã có trong tờ trình với “%(a)s”; mỗi đối tượng chỉ đề nghị một lần.") % {
        "n": nominee.recipient_name,
        "a": award_type,
    }
    if _duplicate(proposal, award_type, person, organization).exists():
        raise ValidationError(duplicate)
    try:
        with transaction.atomic(), acting_as(actor):
            nominee.save()
    except IntegrityError:  # the same nominee added at the same moment
        raise ValidationError(duplicate) from None
    return nominee


@transaction.atomic
def nominee_remove(*, nominee: Nominee, actor) -> None:
    """The unit takes a nominee out of its draft (or returned) proposal. A nominee already
    judged keeps its history: the reviewer marks it withdrawn instead."""
    proposal = _editable(nominee.proposal, actor)
    nominee = Nominee.objects.select_related("award_type", "person", "organization").get(
        pk=nominee.pk
    )
    if nominee.actions.exists() or nominee.decision_id:
        raise ValidationError(
            _(
                "%(n)s đã được thẩm định nên không xoá được; hãy gửi lại tờ trình và đề nghị "
                "cơ quan thẩm định đánh dấu “Đã rút”."
            )
            % {"n": nominee.recipient_name}
        )
    documents = [d.original_name for d in nominee.documents.all()]
    described = f"{nominee.recipient_name} – {nominee.award_type}"
    if documents:
        described += " (" + _("kèm tài liệu: %(d)s") % {"d": ", ".join(documents)} + ")"
    with acting_as(actor):
        nominee.delete()
    _record(proposal, actor, "nominee_remove", gettext_lazy("Bỏ đối tượng đề nghị"), described)
    log_action(
        proposal,
        actor=actor,
        event="nominee_remove",
        label=gettext_lazy("Bỏ đối tượng đề nghị"),
        comment=described,
    )


def required_documents(proposal: Proposal, nominee: Nominee | None) -> list[str]:
    """The dossier the law asks for (domain.md §3): per proposal, and per nominee."""
    simplified = proposal.kind == Proposal.Kind.SIMPLIFIED
    if nominee is None:
        kinds = [D.SUBMISSION] + ([] if simplified else [D.MINUTES])
        return kinds + ([D.BLOC_MINUTES] if proposal.bloc_id else [])
    kinds = [D.SUMMARY if simplified else D.REPORT]
    if nominee.award_type.code in ("CSTDCS", "CSTD_TINH", "CSTD_TQ"):
        kinds.append(D.INITIATIVE)
    return kinds


def checklist(proposal: Proposal) -> list[tuple]:
    """(nominee or None, kind, label, present) for every required document."""
    present = {(d.nominee_id, d.kind) for d in proposal.documents.all()}
    rows = []
    # A withdrawn nominee needs no documents any more.
    for nominee in [None, *proposal.nominees.exclude(verdict=V.WITHDRAWN)]:
        for kind in required_documents(proposal, nominee):
            key = (nominee.pk if nominee else None, kind)
            rows.append((nominee, kind, D(kind).label, key in present))
    return rows


@transaction.atomic
def document_add(*, proposal, nominee=None, kind, name, data: bytes, actor) -> DossierDocument:
    proposal = _editable(proposal, actor)
    if nominee is not None and nominee.proposal_id != proposal.pk:
        raise ValidationError({"nominee": _("Đối tượng không thuộc tờ trình này.")})
    document = DossierDocument(proposal=proposal, nominee=nominee, kind=kind, uploaded_by=actor)
    uploads.store(document, name=name, data=data)
    with acting_as(actor):
        document.save()
    return document


def refresh_checks(proposal: Proposal) -> None:
    for nominee in proposal.nominees.select_related("award_type", "person", "organization"):
        nominee.checks = [c.as_dict() for c in eligibility.evaluate(nominee)]
        nominee.save(update_fields=["checks"])


# The one proposal workflow ----------------------------------------------------------------------

TRANSITIONS = {
    # event: (allowed from, to (None: decided by the step), label, reason required)
    "submit": ((S.DRAFT, S.RETURNED), S.SUBMITTED, gettext_lazy("Gửi tờ trình"), False),
    "receive": ((S.SUBMITTED,), S.RECEIVED, gettext_lazy("Tiếp nhận hồ sơ"), False),
    # Verdicts on nominees; the proposal is "checked" once nobody is left pending.
    "verdict": ((S.RECEIVED, S.CHECKED), None, gettext_lazy("Thẩm định đối tượng"), False),
    "council": (
        (S.CHECKED,),
        S.COUNCIL,
        gettext_lazy("Ý kiến Hội đồng thi đua – khen thưởng"),
        True,
    ),  # fmt: skip
    "approve": ((S.CHECKED, S.COUNCIL), S.APPROVED, gettext_lazy("Duyệt"), False),
    "return": (
        (S.SUBMITTED, S.RECEIVED, S.CHECKED, S.COUNCIL),
        S.RETURNED,
        gettext_lazy("Trả lại để bổ sung"),
        True,
    ),  # fmt: skip
    "reject": ((S.RECEIVED, S.CHECKED, S.COUNCIL), S.REJECTED, gettext_lazy("Không duyệt"), True),
    # A decision was issued; "decided" once every approved nominee has one.
    "decide": ((S.APPROVED,), None, gettext_lazy("Có quyết định khen thưởng"), False),
}
# The review buttons on a proposal's page.
REVIEW = {e: TRANSITIONS[e] for e in ("receive", "council", "approve", "return", "reject")}
# Steps of the deciding side: the office of the authority, never on its own matters.
REVIEWER_EVENTS = {"receive", "verdict", "council", "approve", "return", "reject", "decide"}
TIMELINE_ACTION = {"decide": "decision"}
# Steps someone else waits for (verdicts and the council's opinion are the office's own work).
NOTIFIED = {"submit", "receive", "approve", "return", "reject", "decide"}
WRONG_STATE = {
    "verdict": gettext_lazy("Chỉ thẩm định khi hồ sơ đã được tiếp nhận.")
}  # what the timeline has always called the step


def _check_length(field: str, text: str, limit: int = SHORT_TEXT_MAX) -> None:
    """A reason or comment is bounded for every caller, not only for the page's form."""
    for validator in text_validators(limit):
        try:
            validator(text)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None


def _check_reviewer(actor, proposal) -> None:
    if not permissions.can_review(actor, proposal):
        raise ValidationError(_("Bạn không thẩm định cho %(a)s.") % {"a": proposal.authority})
    conflict = permissions.conflict_of_interest(actor, proposal)
    if conflict:
        raise ValidationError(str(conflict))


def _on_submit(proposal, *, actor, comment):
    if not proposal.nominees.exclude(verdict=V.WITHDRAWN).exists():
        raise ValidationError(_("Tờ trình chưa có đối tượng đề nghị nào."))
    missing = [
        f"{nominee.recipient_name if nominee else _('Tờ trình')}: {label}"
        for nominee, _kind, label, present in checklist(proposal)
        if not present
    ]
    if missing:
        raise ValidationError(_("Hồ sơ còn thiếu: %(m)s.") % {"m": "; ".join(missing)})
    proposal.submitted_at, proposal.return_reason = timezone.now(), ""
    proposal.nominees.exclude(verdict=V.WITHDRAWN).update(verdict=V.PENDING, verdict_note="")
    refresh_checks(proposal)


def _on_receive(proposal, *, actor, comment):
    refresh_checks(proposal)  # the reviewer judges against the registry as it is now


def _on_verdict(proposal, *, actor, comment, nominees, verdict, note, override=""):
    note, override = nfc(note), nfc(override)
    _check_length("note", note)
    _check_length("override", override)
    if verdict in (V.MORE_DOCUMENTS, V.NOT_ELIGIBLE, V.WITHDRAWN) and not note:
        raise ValidationError({"note": _("Hãy ghi rõ lý do.")})
    for nominee in nominees:
        if nominee.proposal_id != proposal.pk:
            raise ValidationError(_("Đối tượng không thuộc tờ trình này."))
        nominee = Nominee.objects.select_related("award_type", "person", "organization").get(
            pk=nominee.pk
        )  # its verdict now, not the page's copy
        if nominee.verdict == V.WITHDRAWN:
            raise ValidationError(
                _("%(n)s đã được đánh dấu rút; không thẩm định nữa.")
                % {"n": nominee.recipient_name}
            )
        nominee.checks = [c.as_dict() for c in eligibility.evaluate(nominee)]
        if verdict == V.ELIGIBLE and not eligibility.passes(nominee.checks) and not override:
            raise ValidationError(
                {
                    "override": _(
                        "%(n)s chưa đạt điều kiện tự động kiểm tra; "
                        "muốn vẫn chấp nhận phải ghi lý do."
                    )
                    % {"n": nominee.recipient_name}
                }  # noqa: E501
            )
        nominee.verdict, nominee.verdict_note = verdict, note
        nominee.override_reason = override if verdict == V.ELIGIBLE else ""
        with acting_as(actor):
            nominee.save(update_fields=["verdict", "verdict_note", "override_reason", "checks"])
        _record(
            proposal,
            actor,
            f"verdict:{verdict}",
            V(verdict).label,
            "\n".join(filter(None, [note, override])),
            nominee,
        )  # noqa: E501
    if not proposal.nominees.filter(verdict=V.PENDING).exists():
        return S.CHECKED
    return proposal.status


def _on_approve(proposal, *, actor, comment):
    approved = proposal.nominees.filter(verdict=V.ELIGIBLE)
    if not approved.exists():
        raise ValidationError(_("Chưa có đối tượng nào được thẩm định là đủ điều kiện."))
    approved.update(verdict=V.APPROVED)
    proposal.nominees.exclude(verdict__in=[V.APPROVED, V.WITHDRAWN]).update(verdict=V.REJECTED)


def _on_return(proposal, *, actor, comment):
    proposal.return_reason = comment


def _on_decide(proposal, *, actor, comment):
    if proposal.nominees.filter(verdict=V.APPROVED, decision__isnull=True).exists():
        return S.APPROVED  # some approved nominees still wait for their decision
    return S.DECIDED


HANDLERS = {
    "submit": _on_submit,
    "receive": _on_receive,
    "verdict": _on_verdict,
    "approve": _on_approve,
    "return": _on_return,
    "decide": _on_decide,
}


@transaction.atomic
def proposal_transition(*, proposal: Proposal, event: str, actor, comment: str = "", **params):
    """The one state-change function of a proposal: the row is locked and its state checked
    inside the transaction (two reviewers pressing "Duyệt" together apply it once), the step is
    checked against the table and the segregation rule, then recorded in the audit trail and
    on the proposal's timeline."""
    if event not in TRANSITIONS:
        raise ValidationError(_("Thao tác “%(e)s” không có trong quy trình.") % {"e": event})
    allowed, target, label, needs_reason = TRANSITIONS[event]
    proposal = Proposal.objects.select_for_update().select_related("authority").get(pk=proposal.pk)
    if proposal.status not in allowed:
        if event in WRONG_STATE:
            raise ValidationError(WRONG_STATE[event])
        raise ValidationError(
            _("Không thể “%(a)s” khi tờ trình đang “%(s)s”.")
            % {"a": label, "s": proposal.get_status_display()}  # noqa: E501
        )
    if event in REVIEWER_EVENTS:
        _check_reviewer(actor, proposal)
    elif not permissions.can_edit_proposal(actor, proposal):
        raise ValidationError(_("Bạn không được gửi tờ trình này."))
    comment = nfc(comment)
    _check_length("comment", comment)
    if needs_reason and not comment:
        raise ValidationError({"comment": _("Hãy ghi rõ lý do hoặc ý kiến.")})
    previous = proposal.status
    if event == "submit" and previous == S.RETURNED:
        label = gettext_lazy("Gửi lại sau khi bổ sung")
    handler = HANDLERS.get(event)
    result = handler(proposal, actor=actor, comment=comment, **params) if handler else None
    proposal.status = result or target
    with quietly():
        proposal.save()
    log_action(
        proposal,
        actor=actor,
        event=event,
        label=label,
        comment=comment,
        changes={"status": [previous, proposal.status]} if proposal.status != previous else None,
    )
    if event != "verdict":  # verdicts are on the timeline nominee by nominee
        _record(proposal, actor, TIMELINE_ACTION.get(event, event), label, comment)
    if event in NOTIFIED:
        # A submission goes to the authority's office; the office's answers to the proposer.
        to = office_units(proposal.authority_id) if event == "submit" else [proposal.proposer_id]
        notify(f"proposal.{event}", proposal, actor=actor, to=to, reason=comment)
    return proposal


def proposal_submit(*, proposal: Proposal, actor) -> Proposal:
    return proposal_transition(proposal=proposal, event="submit", actor=actor)


def proposal_review(*, proposal: Proposal, action: str, actor, comment: str = "") -> Proposal:
    """The review buttons (receive, council, approve, return, reject)."""
    if action not in REVIEW:
        raise ValidationError(_("Thao tác “%(e)s” không có trong quy trình.") % {"e": action})
    return proposal_transition(proposal=proposal, event=action, actor=actor, comment=comment)


def nominees_verdict(*, proposal, nominees, verdict: str, note: str, actor, override: str = ""):
    """Set the reviewer's verdict on several nominees at once; overriding a failed check needs
    a reason, recorded with the verdict."""
    if verdict not in (V.ELIGIBLE, V.MORE_DOCUMENTS, V.NOT_ELIGIBLE, V.WITHDRAWN):
        raise ValidationError({"verdict": _("Kết quả thẩm định không hợp lệ.")})
    return proposal_transition(
        proposal=proposal, event="verdict", actor=actor,
        nominees=nominees, verdict=verdict, note=note, override=override,
    )  # fmt: skip


def nominee_withdraw(*, nominee: Nominee, reason: str, actor) -> Proposal:
    """The reviewer marks a nominee withdrawn (the unit asked, or it no longer applies)."""
    return nominees_verdict(
        proposal=nominee.proposal, nominees=[nominee], verdict=V.WITHDRAWN, note=reason,
        actor=actor,
    )  # fmt: skip


# Decisions -----------------------------------------------------------------------------------


def next_number(authority: Organization, year: int) -> int:
    """The authority's next decision number in `year`: a CALENDAR year, whatever the authority's
    emulation year (NĐ 30/2020/NĐ-CP numbers documents from 01/01 to 31/12), so a school-year
    authority's decisions of 20/12/2020 and 10/01/2021, both in năm học 2020–2021, are 01 of
    2020 and 01 of 2021. Decision.year is this numbering year, not an emulation year."""
    last = Decision.objects.filter(authority=authority, year=year).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


@transaction.atomic
def decision_create(
    *,
    authority,
    year,
    dated,
    title,
    signer_name,
    signer_title,
    nominees,
    actor,
    number=None,
    symbol_suffix="QĐ-UBND",
    corrects=None,
) -> Decision:
    """A draft decision for approved nominees; its number is the authority's next one.

    Re-checked here whatever the form offered: the actor decides for `authority`, a corrected
    decision is an issued one of the same authority, every nominee was proposed to it, is
    approved, is within its power and is no matter of the actor's own unit."""
    if not permissions.can_decide(actor, authority.pk):
        raise ValidationError(_("Bạn không soạn quyết định cho %(a)s.") % {"a": authority})
    if corrects is not None:
        corrects = Decision.objects.get(pk=corrects.pk)  # its status now, not a stale copy
    if corrects is not None and (
        corrects.authority_id != authority.pk or corrects.status != Decision.Status.ISSUED
    ):
        raise ValidationError(
            {
                "corrects": _("Chỉ đính chính được quyết định đã ban hành của chính %(a)s.")
                % {"a": authority}
            }
        )
    nominees = list(
        # of=self: PostgreSQL cannot lock the nullable side (person or unit) of an outer join.
        Nominee.objects.select_for_update(of=("self",))
        .select_related("proposal__authority", "award_type", "person", "organization")
        .filter(pk__in=[n.pk for n in nominees])
    )
    number = number or next_number(authority, year)
    if Decision.objects.filter(authority=authority, year=year, number=number).exists():
        raise ValidationError(
            {
                "number": _("Số %(n)s năm %(y)s của %(a)s đã được dùng.")
                % {"n": number, "y": year, "a": authority}
            }  # noqa: E501
        )
    if any(n.proposal.authority_id != authority.pk for n in nominees):
        raise ValidationError(
            {"nominees": _("Một quyết định chỉ gồm các đối tượng trình %(a)s.") % {"a": authority}}
        )
    for nominee in nominees:
        if nominee.verdict != V.APPROVED or nominee.decision_id:
            raise ValidationError(
                _("%(n)s chưa được duyệt hoặc đã có quyết định.") % {"n": nominee.recipient_name}
            )
    _check_decidable(actor, authority, nominees)
    decision = Decision(
        authority=authority,
        year=year,
        number=number,
        symbol_suffix=nfc(symbol_suffix),
        dated=dated,
        title=nfc(title),
        signer_name=nfc(signer_name),
        signer_title=nfc(signer_title),
        corrects=corrects,
    )
    decision.full_clean()
    try:
        with transaction.atomic(), acting_as(actor):
            decision.save()
    except IntegrityError:
        raise ValidationError({"number": _("Số quyết định vừa được người khác dùng.")}) from None
    Nominee.objects.filter(pk__in=[n.pk for n in nominees]).update(decision=decision)
    return decision


def _check_decidable(actor, authority, nominees) -> None:
    for nominee in nominees:
        if not powers.confers(authority, nominee.award_type):
            raise ValidationError(
                {"nominees": powers.outside_power_message(authority, nominee.award_type)}
            )
    for proposal in {n.proposal for n in nominees}:
        conflict = permissions.conflict_of_interest(actor, proposal)
        if conflict:
            raise ValidationError({"nominees": str(conflict)})


def _issued(decision: Decision) -> None:
    if decision.status == Decision.Status.ISSUED:
        raise ValidationError(
            _("Quyết định %(d)s đã ban hành, không sửa được; hãy ban hành quyết định đính chính.")
            % {"d": decision.symbol}
        )


@transaction.atomic
def decision_update(*, decision: Decision, actor, **fields) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _issued(decision)
    if not permissions.can_decide(actor, decision.authority_id):
        raise ValidationError(_("Bạn không soạn quyết định cho %(a)s.") % {"a": decision.authority})
    for key, value in fields.items():
        setattr(decision, key, nfc(value) if isinstance(value, str) else value)
    decision.full_clean()
    with acting_as(actor):
        decision.save()
    return decision


@transaction.atomic
def decision_issue(*, decision: Decision, actor) -> list[Award]:
    """Issue: the decision is frozen and each of its nominees enters the award registry."""
    decision = Decision.objects.select_for_update().select_related("authority").get(pk=decision.pk)
    _issued(decision)
    if not permissions.can_decide(actor, decision.authority_id):
        raise ValidationError(
            _("Bạn không ban hành quyết định của %(a)s.") % {"a": decision.authority}
        )
    nominees = list(decision.nominees.select_related("person", "proposal", "award_type"))
    if not nominees and decision.corrects_id is None:
        raise ValidationError(_("Quyết định chưa có đối tượng nào."))
    try:
        _check_decidable(actor, decision.authority, nominees)
    except ValidationError as exc:
        raise ValidationError(exc.messages) from None
    decision.status, decision.issued_at = Decision.Status.ISSUED, timezone.now()
    with acting_as(actor):
        decision.save()
        awards = [
            Award.objects.create(
                award_type_id=n.award_type_id,
                year=n.proposal.year,
                decision=decision,
                person=n.person,
                organization=n.person.organization if n.person_id else n.organization,  # noqa: E501
                nominee=n,
            )
            for n in nominees
        ]
    for nominee in nominees:
        # The initiative that backed the title is used up (CV 5007/BNV-TĐKT).
        Initiative.objects.filter(
            pk__in=[i.pk for i in eligibility.initiatives_backing(nominee)]
        ).update(used_by=nominee)
    for proposal in sorted({n.proposal for n in nominees}, key=lambda p: p.pk):
        proposal_transition(proposal=proposal, event="decide", actor=actor, comment=decision.symbol)
    return awards

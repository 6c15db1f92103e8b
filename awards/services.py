"""Writes for proposals, their review, decisions and the registry: atomic and recorded."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import BlocMembership, Organization
from emulation_portal import uploads
from emulation_portal.audit import acting_as
from emulation_portal.text import nfc

from . import eligibility
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


def _editable(proposal):
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)  # not a stale copy
    if not proposal.is_editable:
        raise ValidationError(
            _("Tờ trình đang ở trạng thái “%(s)s”, không sửa được.")
            % {"s": proposal.get_status_display()}
        )


@transaction.atomic
def nominee_add(*, proposal, award_type, achievement, person=None, organization=None, actor):
    _editable(proposal)
    nominee = Nominee(
        proposal=proposal,
        award_type=award_type,
        achievement=nfc(achievement),
        person=person,
        organization=organization,
    )
    nominee.full_clean()
    needs_person = award_type.recipient == award_type.Recipient.INDIVIDUAL
    needs_collective = award_type.recipient == award_type.Recipient.COLLECTIVE
    if (needs_person and person is None) or (needs_collective and organization is None):
        raise ValidationError(
            _("“%(a)s” dành cho %(r)s.")
            % {"a": award_type, "r": award_type.get_recipient_display().lower()}  # noqa: E501
        )
    if not _belongs(proposal, nominee):
        raise ValidationError(
            _("%(n)s không thuộc %(p)s nên không đề nghị trong tờ trình này được.")
            % {"n": nominee.recipient_name, "p": proposal.bloc or proposal.proposer}
        )
    with acting_as(actor):
        nominee.save()
    return nominee


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
    for nominee in [None, *proposal.nominees.all()]:
        for kind in required_documents(proposal, nominee):
            key = (nominee.pk if nominee else None, kind)
            rows.append((nominee, kind, D(kind).label, key in present))
    return rows


@transaction.atomic
def document_add(*, proposal, nominee=None, kind, name, data: bytes, actor) -> DossierDocument:
    _editable(proposal)
    document = DossierDocument(proposal=proposal, nominee=nominee, kind=kind, uploaded_by=actor)
    uploads.store(document, name=name, data=data)
    with acting_as(actor):
        document.save()
    return document


def refresh_checks(proposal: Proposal) -> None:
    for nominee in proposal.nominees.select_related("award_type", "person", "organization"):
        nominee.checks = [c.as_dict() for c in eligibility.evaluate(nominee)]
        nominee.save(update_fields=["checks"])


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _editable(proposal)
    if not proposal.nominees.exists():
        raise ValidationError(_("Tờ trình chưa có đối tượng đề nghị nào."))
    missing = [
        f"{nominee.recipient_name if nominee else _('Tờ trình')}: {label}"
        for nominee, _kind, label, present in checklist(proposal)
        if not present
    ]
    if missing:
        raise ValidationError(_("Hồ sơ còn thiếu: %(m)s.") % {"m": "; ".join(missing)})
    answer = proposal.status == S.RETURNED
    proposal.status, proposal.submitted_at, proposal.return_reason = S.SUBMITTED, timezone.now(), ""
    with acting_as(actor):
        proposal.save()
    proposal.nominees.update(verdict=V.PENDING, verdict_note="")
    refresh_checks(proposal)
    _record(
        proposal,
        actor,
        "submit",
        gettext_lazy("Gửi lại sau khi bổ sung") if answer else gettext_lazy("Gửi tờ trình"),
    )  # noqa: E501
    return proposal


REVIEW = {
    # action: (allowed from, to, label, reason required)
    "receive": ((S.SUBMITTED,), S.RECEIVED, gettext_lazy("Tiếp nhận hồ sơ"), False),
    "council": (
        (S.CHECKED,),
        S.COUNCIL,
        gettext_lazy("Ý kiến Hội đồng thi đua – khen thưởng"),
        True,
    ),  # noqa: E501
    "approve": ((S.CHECKED, S.COUNCIL), S.APPROVED, gettext_lazy("Duyệt"), False),
    "return": (
        (S.SUBMITTED, S.RECEIVED, S.CHECKED, S.COUNCIL),
        S.RETURNED,
        gettext_lazy("Trả lại để bổ sung"),
        True,
    ),  # noqa: E501
    "reject": ((S.RECEIVED, S.CHECKED, S.COUNCIL), S.REJECTED, gettext_lazy("Không duyệt"), True),
}


@transaction.atomic
def proposal_review(*, proposal: Proposal, action: str, actor, comment: str = "") -> Proposal:
    """The one state-change function for the review by Home Affairs."""
    allowed, target, label, needs_reason = REVIEW[action]
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in allowed:
        raise ValidationError(
            _("Không thể “%(a)s” khi tờ trình đang “%(s)s”.")
            % {"a": label, "s": proposal.get_status_display()}  # noqa: E501
        )
    comment = nfc(comment)
    if needs_reason and not comment:
        raise ValidationError({"comment": _("Hãy ghi rõ lý do hoặc ý kiến.")})
    if action == "approve":
        approved = proposal.nominees.filter(verdict=V.ELIGIBLE)
        if not approved.exists():
            raise ValidationError(_("Chưa có đối tượng nào được thẩm định là đủ điều kiện."))
        approved.update(verdict=V.APPROVED)
        proposal.nominees.exclude(verdict=V.APPROVED).update(verdict=V.REJECTED)
    if action == "receive":
        refresh_checks(proposal)  # the reviewer judges against the registry as it is now
    proposal.status = target
    if action == "return":
        proposal.return_reason = comment
    with acting_as(actor):
        proposal.save()
    _record(proposal, actor, action, label, comment)
    return proposal


@transaction.atomic
def nominees_verdict(*, proposal, nominees, verdict: str, note: str, actor, override: str = ""):
    """Set the reviewer's verdict on several nominees at once; overriding a failed check needs
    a reason, recorded with the verdict."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in (S.RECEIVED, S.CHECKED):
        raise ValidationError(_("Chỉ thẩm định khi hồ sơ đã được tiếp nhận."))
    note, override = nfc(note), nfc(override)
    if verdict in (V.MORE_DOCUMENTS, V.NOT_ELIGIBLE) and not note:
        raise ValidationError({"note": _("Hãy ghi rõ lý do.")})
    for nominee in nominees:
        if nominee.proposal_id != proposal.pk:
            raise ValidationError(_("Đối tượng không thuộc tờ trình này."))
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
        proposal.status = S.CHECKED
        with acting_as(actor):
            proposal.save(update_fields=["status", "updated_at"])


# Decisions -----------------------------------------------------------------------------------


def next_number(authority: Organization, year: int) -> int:
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
    """A draft decision for approved nominees; its number is the authority's next one."""
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
    for key, value in fields.items():
        setattr(decision, key, nfc(value) if isinstance(value, str) else value)
    decision.full_clean()
    with acting_as(actor):
        decision.save()
    return decision


@transaction.atomic
def decision_issue(*, decision: Decision, actor) -> list[Award]:
    """Issue: the decision is frozen and each of its nominees enters the award registry."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _issued(decision)
    nominees = list(decision.nominees.select_related("person", "proposal"))
    if not nominees and decision.corrects_id is None:
        raise ValidationError(_("Quyết định chưa có đối tượng nào."))
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
    for proposal in {n.proposal for n in nominees}:
        if not proposal.nominees.filter(verdict=V.APPROVED, decision__isnull=True).exists():
            proposal.status = S.DECIDED
            proposal.save(update_fields=["status", "updated_at"])
        _record(
            proposal, actor, "decision", gettext_lazy("Có quyết định khen thưởng"), decision.symbol
        )  # noqa: E501
    return awards

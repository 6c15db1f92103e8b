"""Writes on campaigns and registrations: validated, atomic, and recorded in the audit trail."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import Bloc, BlocMembership, Organization
from blocs.roles import roles_for
from emulation_portal.audit import acting_as, log_action, quietly
from emulation_portal.text import nfc

from . import permissions
from .due import parse_due
from .models import Campaign, CampaignPhase, Registration, Target, TitleRegistration

Status = Registration.Status


@dataclass
class TargetInput:
    text: str
    due_text: str = ""
    planned_value: Decimal | None = None
    unit: str = ""
    points: Decimal | None = None
    note: str = ""


@dataclass
class TitleInput:
    award_type_id: int
    count: int


# Campaigns -----------------------------------------------------------------------------------


@transaction.atomic
def campaign_save(*, campaign: Campaign, phases: list[dict] | None, actor) -> Campaign:
    """Create or update a campaign; `phases` (name, start, end) become its phases in order.

    Phases are updated in place, so reporting periods attached to them stay attached.
    """
    _check_authority(campaign, actor)
    campaign.full_clean()
    with acting_as(actor):
        campaign.save()
        if phases is None:
            return campaign
        existing = {p.ordinal: p for p in campaign.phases.all()}
        for ordinal, values in enumerate(phases, start=1):
            item = existing.pop(ordinal, None) or CampaignPhase(campaign=campaign, ordinal=ordinal)
            for key, value in values.items():
                setattr(item, key, value)
            item.full_clean()
            if not (campaign.start <= item.start and item.end <= campaign.end):
                raise ValidationError(
                    _("%(phase)s phải nằm trong thời gian của phong trào.") % {"phase": item}
                )
            item.save()
        for leftover in existing.values():
            try:
                leftover.delete()
            except ProtectedError:
                raise ValidationError(
                    _("%(phase)s đã có kỳ báo cáo nên không xoá được.") % {"phase": leftover}
                ) from None
    return campaign


def _check_authority(campaign: Campaign, actor) -> None:
    """The form offered only the user's authorities; check again, and never move a campaign that
    already has registrations (they belong to the blocs of its authority)."""
    if (
        actor is not None
        and campaign.authority_id
        and not permissions.can_launch_for(actor, campaign.authority)
    ):
        raise ValidationError(
            {
                "authority": _("%(authority)s không thuộc phạm vi anh/chị quản lý.")
                % {"authority": campaign.authority}
            }
        )
    if campaign.pk:
        stored = Campaign.objects.filter(pk=campaign.pk).values_list("authority_id", flat=True)
        if stored.first() != campaign.authority_id and campaign.registrations.exists():
            raise ValidationError(
                {
                    "authority": _(
                        "Phong trào đã có đăng ký của các khối thuộc cơ quan cũ, "
                        "không chuyển sang cơ quan khác được."
                    )
                }
            )


def campaign_for_bloc(*, bloc: Bloc, year: int) -> Campaign:
    """The annual campaign of the bloc's authority for `year` (what `import_targets` uses)."""
    campaigns = list(
        Campaign.objects.filter(
            authority_id=bloc.authority_id, year=year, kind=Campaign.Kind.ANNUAL
        )
    )
    if len(campaigns) != 1:
        raise ValidationError(
            _(
                "Cần đúng một phong trào thi đua thường xuyên năm %(year)s "
                "của %(authority)s; hiện có %(n)s."
            )
            % {"year": year, "authority": bloc.authority, "n": len(campaigns)}
        )
    return campaigns[0]


# Registrations -------------------------------------------------------------------------------


def _check_member(campaign: Campaign, bloc: Bloc, organization: Organization) -> None:
    if bloc.authority_id != campaign.authority_id:
        raise ValidationError(
            _("%(bloc)s không thuộc phạm vi phong trào của %(authority)s.")
            % {"bloc": bloc, "authority": campaign.authority}
        )
    if not BlocMembership.objects.filter(
        bloc=bloc, organization=organization, year=campaign.year
    ).exists():
        raise ValidationError(
            _("%(unit)s không phải thành viên của %(bloc)s năm %(year)s.")
            % {"unit": organization, "bloc": bloc, "year": campaign.year}
        )


@transaction.atomic
def registration_open(*, campaign: Campaign, bloc: Bloc, organization: Organization, actor):
    """The unit's registration for the campaign, created as a draft on first use."""
    _check_member(campaign, bloc, organization)
    with acting_as(actor):
        registration, _created = Registration.objects.get_or_create(
            campaign=campaign, bloc=bloc, organization=organization
        )
    return registration


def target_from(item: TargetInput, ordinal: int, year: int, registration=None) -> Target:
    due = parse_due(nfc(item.due_text), default_year=year)
    return Target(
        registration=registration,
        ordinal=ordinal,
        text=nfc(item.text),
        kind=Target.Kind.QUALITATIVE if item.planned_value is None else Target.Kind.QUANTITATIVE,
        planned_value=item.planned_value,
        unit=nfc(item.unit),
        due_text=due.raw,
        due_start=due.start,
        due_end=due.end,
        due_status=due.status,
        due_recognised=due.recognised,
        points=item.points,
        note=nfc(item.note),
    )


def compare(old: list, new: list) -> tuple[list, list, list]:
    """Row-by-row comparison of two target lists: (added, changed, removed) items."""
    added, changed, removed = [], [], []
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else None
        after = new[index] if index < len(new) else None
        if before is None:
            added.append(after)
        elif after is None:
            removed.append(before)
        elif before != after:
            changed.append(after)
    return added, changed, removed


def describe(text: str, due: str = "") -> str:
    return f"{text[:80]}{'…' if len(text) > 80 else ''}{f' ({due})' if due else ''}"


def _changes_comment(old: list, new: list, title_count: int) -> str:
    parts = [_("%(t)s chỉ tiêu, %(d)s danh hiệu") % {"t": len(new), "d": title_count}]
    for label, items in zip((_("thêm"), _("sửa"), _("bỏ")), compare(old, new), strict=True):
        parts += [f"{label}: {describe(*item)}" for item in items]
    return "\n".join(parts)


def _on_behalf(actor, registration) -> bool:
    return (
        actor is not None and registration.organization_id not in roles_for(actor).organization_ids
    )


def replace_content(registration, targets, titles) -> None:
    """Replace targets and titles in bulk (forms and imports share this)."""
    year = registration.campaign.year
    registration.targets.all().delete()
    registration.titles.all().delete()
    Target.objects.bulk_create(
        target_from(item, n, year, registration) for n, item in enumerate(targets, start=1)
    )
    TitleRegistration.objects.bulk_create(
        TitleRegistration(
            registration=registration, award_type_id=t.award_type_id, count=t.count, ordinal=n
        )
        for n, t in enumerate(titles, start=1)
    )


def _lock(obj, seen_updated_at=None):
    """Reload under a row lock; refuse if someone else saved since the form was opened."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if seen_updated_at is not None and current.updated_at != seen_updated_at:
        raise ValidationError(
            _(
                "Nội dung này vừa được %(who)s cập nhật lúc %(when)s. Hãy mở lại trang để xem bản "
                "mới nhất; những gì bạn vừa nhập chưa được lưu."
            )
            % {
                "who": current.updated_by.get_full_name()
                if current.updated_by
                else _("người khác"),
                "when": timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y"),
            }
        )
    return current


@transaction.atomic
def registration_save(
    *, registration: Registration, targets: list[TargetInput], titles: list[TitleInput], actor,
    seen_updated_at=None,
) -> Registration:  # fmt: skip
    registration = _lock(registration, seen_updated_at)
    if not registration.is_editable:
        raise ValidationError(
            _("Đăng ký đang ở trạng thái “%(status)s”, không sửa được.")
            % {"status": registration.get_status_display()}
        )
    award_types = [t.award_type_id for t in titles]
    if len(set(award_types)) != len(award_types):
        raise ValidationError(_("Mỗi danh hiệu chỉ đăng ký một dòng."))
    before = [(t.text, t.due_text) for t in registration.targets.all()]
    with quietly():
        replace_content(registration, targets, titles)
        registration.updated_by = actor
        registration.save(update_fields=["updated_by", "updated_at"])
    log_action(
        registration,
        actor=actor,
        event="save",
        label=gettext_lazy("Lưu nội dung đăng ký"),
        comment=_changes_comment(
            before, [(nfc(t.text), nfc(t.due_text)) for t in targets], len(titles)
        ),
        on_behalf=_on_behalf(actor, registration),
    )
    return registration


TRANSITIONS = {
    # event: (allowed from, to, label); the same review path for registrations and reports.
    "submit": ((Status.DRAFT, Status.RETURNED), Status.SUBMITTED, gettext_lazy("Gửi")),
    "return": ((Status.SUBMITTED,), Status.RETURNED, gettext_lazy("Trả lại")),
    "accept": ((Status.SUBMITTED,), Status.ACCEPTED, gettext_lazy("Chấp nhận")),
    "reopen": ((Status.ACCEPTED,), Status.DRAFT, gettext_lazy("Mở lại để sửa")),
}


def review_transition(obj, *, event: str, actor, reason: str = "", before_submit=None):
    """The one state-change function for papers the secretariat reviews (registrations, progress
    reports): validates the move, applies it, and records who, when and why.

    `before_submit(obj, now)` checks and completes what a submission needs.
    """
    allowed, target, label = TRANSITIONS[event]
    obj = _lock(obj)
    if obj.status not in allowed:
        raise ValidationError(
            _("Không thể “%(action)s” khi đang ở trạng thái “%(status)s”.")
            % {"action": label, "status": obj.get_status_display()}
        )
    reason = nfc(reason)
    if event in ("return", "reopen") and not reason:
        raise ValidationError({"reason": _("Hãy ghi rõ lý do.")})
    now = timezone.now()
    if event == "submit":
        if before_submit is not None:
            before_submit(obj, now)
        obj.submitted_at = now
    if event in ("return", "accept"):
        obj.decided_at = now
    previous = obj.status
    obj.status = target
    obj.updated_by = actor
    obj.return_reason = reason if event == "return" else ""
    with quietly():
        obj.save()
    log_action(
        obj,
        actor=actor,
        event=event,
        label=label,
        comment=reason,
        changes={"status": [previous, target]},
        on_behalf=event == "submit" and _on_behalf(actor, obj),
    )
    return obj


def _registration_complete(registration: Registration, now) -> None:
    if not (registration.targets.exists() or registration.titles.exists()):
        raise ValidationError(_("Đăng ký chưa có chỉ tiêu hay danh hiệu nào để gửi."))


@transaction.atomic
def registration_transition(
    *, registration: Registration, event: str, actor, reason: str = ""
) -> Registration:
    return review_transition(
        registration,
        event=event,
        actor=actor,
        reason=reason,
        before_submit=_registration_complete,
    )

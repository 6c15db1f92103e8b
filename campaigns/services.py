"""Writes on campaigns and registrations: validated, atomic, and recorded in the audit trail."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.emulation_year import EmulationYear
from blocs.models import Bloc, BlocMembership, Organization
from blocs.roles import roles_for, secretariat_units
from emulation_portal.audit import acting_as, log_action, quietly
from emulation_portal.fields import SHORT_TEXT_MAX
from emulation_portal.models import changed_fields
from emulation_portal.text import nfc, plain_text
from notifications.services import notify

from . import permissions
from .due import impossible_date, parse_due
from .models import (
    Campaign,
    CampaignPhase,
    Registration,
    Target,
    TargetProgress,
    TitleRegistration,
)

Status = Registration.Status


@dataclass
class TargetInput:
    text: str
    due_text: str = ""
    planned_value: Decimal | None = None
    unit: str = ""
    points: Decimal | None = None
    note: str = ""
    id: int | None = None  # the target this row edits; None for a new one


@dataclass
class TitleInput:
    award_type_id: int
    count: int


# Campaigns -----------------------------------------------------------------------------------


@transaction.atomic
def campaign_save(*, campaign: Campaign, phases: list[dict] | None, actor) -> Campaign:
    """Create or update a campaign; `phases` (name, start, end) become its phases in order.

    Phases are updated in place, so reporting periods attached to them stay attached. Only
    what differs from the stored rows is saved: a campaign posted back unchanged writes nothing
    (no `updated_at`, no audit entry).
    """
    _check_authority(campaign, actor)
    campaign.full_clean()
    with acting_as(actor):
        if changed_fields(campaign):
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
            if changed_fields(item):
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
                "Cần đúng một phong trào thi đua thường xuyên %(year)s "
                "của %(authority)s; hiện có %(n)s."
            )
            % {
                "year": EmulationYear.of(bloc.authority, year).ui_label,
                "authority": bloc.authority,
                "n": len(campaigns),
            }
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
            _("%(unit)s không phải thành viên của %(bloc)s %(year)s.")
            % {
                "unit": organization,
                "bloc": bloc,
                "year": EmulationYear.of(campaign.authority, campaign.year).ui_label,
            }
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


# Browsers post a textarea's line breaks as CRLF; stored text keeps LF, so posting a text back
# unchanged compares equal.
_text = plain_text


def target_from(item: TargetInput, ordinal: int, year: EmulationYear, registration=None) -> Target:
    due = parse_due(nfc(item.due_text), emulation_year=year)
    return Target(
        registration=registration,
        ordinal=ordinal,
        text=_text(item.text),
        kind=Target.Kind.QUALITATIVE if item.planned_value is None else Target.Kind.QUANTITATIVE,
        planned_value=item.planned_value,
        unit=nfc(item.unit),
        due_text=due.raw,
        due_start=due.start,
        due_end=due.end,
        due_status=due.status,
        due_recognised=due.recognised,
        points=item.points,
        note=_text(item.note),
    )


TITLE_COUNT_MAX = 100000  # as the registration form's "Số lượng" allows


def check_target(target: Target, ordinal: int) -> None:
    """The model's own bounds and a real calendar day, checked here for every caller (the form
    checks first; an import, a script or a hand-made post may not): the error names the row."""
    problems = []
    try:
        target.clean_fields(exclude=["registration"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = Target._meta.get_field(name).verbose_name
            problems += [f"{label}: {message}" for message in messages]
    if bad := impossible_date(target.due_text):
        problems.append(
            _("thời gian hoàn thành: “%(date)s” không phải là ngày có thật.") % {"date": bad}
        )
    if problems:
        raise ValidationError(
            _("Chỉ tiêu %(n)s (“%(text)s”): %(problems)s")
            % {"n": ordinal, "text": describe(target.text[:60]), "problems": "; ".join(problems)}
        )


def describe(text: str, due: str = "") -> str:
    return f"{text[:80]}{'…' if len(text) > 80 else ''}{f' ({due})' if due else ''}"


def _on_behalf(actor, registration) -> bool:
    return (
        actor is not None and registration.organization_id not in roles_for(actor).organization_ids
    )


# Targets keep their identity ------------------------------------------------------------------
#
# Units report on targets (TargetProgress → Target, evidence files under each line), so a save
# or an import edits targets in place and never recreates them. A target whose progress lines
# say something (a state, a value, a note, a file, or any line of a report handed in) is never
# deleted: removing it is refused with what it carries. Blank lines of draft reports (what
# `report_open` creates for every target) say nothing and go with their target.

FORM_FIELDS = (
    "text", "kind", "planned_value", "unit", "due_text", "due_start", "due_end", "due_status",
    "due_recognised", "points", "note",
)  # fmt: skip
# An import carries the text and the due expression (and a note column if the sheet has one);
# what the workbook has no column for (planned value, unit, points) stays as it was.
IMPORT_FIELDS = (
    "text", "due_text", "due_start", "due_end", "due_status", "due_recognised", "note",
)  # fmt: skip


@dataclass
class Reported:
    """What units reported on one target: lines that say something, their evidence files, and
    the blank lines of draft reports that may go with the target."""

    lines: int = 0
    files: int = 0
    blank_line_ids: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.lines or self.files)

    def summary(self) -> str:
        return _("%(lines)s dòng báo cáo, %(files)s tệp minh chứng") % {
            "lines": self.lines,
            "files": self.files,
        }


def reported_on(target_ids) -> dict[int, Reported]:
    """{target id: Reported} in one query, for the targets any progress line points at."""
    result: dict[int, Reported] = {}
    rows = (
        TargetProgress.objects.filter(target_id__in=list(target_ids))
        .annotate(files=Count("evidence"))
        .values_list(
            "pk", "target_id", "state", "achieved_value", "note", "report__status", "files"
        )
    )
    for pk, target_id, state, value, note, report_status, files in rows:
        item = result.setdefault(target_id, Reported())
        blank = (
            state == TargetProgress.State.NOT_STARTED
            and value is None
            and not note
            and not files
            and report_status in Registration.EDITABLE  # the same review states
        )
        if blank:
            item.blank_line_ids.append(pk)
        else:
            item.lines += 1
            item.files += files
    return result


def refusal(target: Target, reported: Reported) -> str:
    return _(
        "Không bỏ được chỉ tiêu %(n)s “%(text)s”: đơn vị đã báo cáo về chỉ tiêu này (%(what)s). "
        "Kết quả đã báo cáo phải được giữ; hãy giữ lại chỉ tiêu, và nếu không thực hiện nữa thì "
        "ghi tình hình “Không thực hiện (điều chỉnh)” trong báo cáo."
    ) % {"n": target.ordinal, "text": describe(target.text), "what": reported.summary()}


@dataclass
class Changes:
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    moved: int = 0
    titles: bool = False

    def __bool__(self):
        return bool(self.added or self.changed or self.removed or self.moved or self.titles)


def sync_targets(
    registration, pairs: list[tuple[Target | None, TargetInput]], *, fields=FORM_FIELDS,
    keep_empty_note: bool = False, creates: list | None = None,
) -> Changes:  # fmt: skip
    """Make the registration's targets the `pairs` (existing target or None for a new one, and
    what it should say), in that order: updates in place, creates, and deletes only targets
    nobody reported on (else ValidationError naming each). Writes nothing if nothing differs.

    With a `creates` list, new targets are appended to it for the caller to insert in bulk
    (imports of hundreds of units)."""
    # A due text without a year falls in the campaign's year, as its authority counts years.
    year = EmulationYear.of(registration.campaign.authority, registration.campaign.year)
    existing = list(registration.targets.all())
    kept = {old.pk for old, _item in pairs if old is not None}
    removed = [t for t in existing if t.pk not in kept]
    reported = reported_on(t.pk for t in removed)
    refused = [refusal(t, reported[t.pk]) for t in removed if reported.get(t.pk)]
    if refused:
        raise ValidationError(refused)
    changes = Changes(removed=[describe(t.text, t.due_text) for t in removed])
    updates, moves, new_targets = [], [], []
    for ordinal, (old, item) in enumerate(pairs, start=1):
        new = target_from(item, ordinal, year, registration)
        check_target(new, ordinal)
        if old is None:
            new_targets.append(new)
            changes.added.append(describe(new.text, new.due_text))
            continue
        wanted = [f for f in fields if not (f == "note" and keep_empty_note and not new.note)]
        differs = [f for f in wanted if getattr(old, f) != getattr(new, f)]
        if differs:
            for name in differs:
                setattr(old, name, getattr(new, name))
            changes.changed.append(describe(old.text, old.due_text))
        if old.ordinal != ordinal:
            moves.append((old, ordinal))
            if not differs:
                changes.moved += 1
        if differs or old.ordinal != ordinal:
            updates.append(old)
    if removed:
        blank = [pk for t in removed for pk in reported.get(t.pk, Reported()).blank_line_ids]
        try:
            TargetProgress.objects.filter(pk__in=blank).delete()
            Target.objects.filter(pk__in=[t.pk for t in removed]).delete()
        except ProtectedError:
            # PROTECT (Target ← TargetProgress ← Evidence): a unit reported on one of them
            # between the check above and this delete.
            raise ValidationError(
                _(
                    "Đơn vị vừa báo cáo về chỉ tiêu bạn bỏ đi; không bỏ được. Hãy mở lại trang; "
                    "những gì bạn vừa nhập chưa được lưu."
                )
            ) from None
    if moves:
        # (registration, ordinal) is unique and not deferrable: park the moving rows on free
        # numbers first, then give them their places.
        free = max([t.ordinal for t in existing] + [len(pairs)]) + 1
        for index, (target, _ordinal) in enumerate(moves):
            target.ordinal = free + index
        Target.objects.bulk_update([t for t, _o in moves], ["ordinal"])
        for target, ordinal in moves:
            target.ordinal = ordinal
    if updates:
        for target in updates:
            target.clean_fields(exclude=["registration"])
        Target.objects.bulk_update(updates, ["ordinal", *fields])
    if creates is not None:
        creates.extend(new_targets)
    elif new_targets:
        Target.objects.bulk_create(new_targets)
    return changes


def sync_titles(registration, titles: list[TitleInput], *, creates: list | None = None) -> bool:
    """Titles matched by award type (one line each): counts and order updated in place. With a
    `creates` list, new lines are appended to it for the caller to insert in bulk.

    A title the bloc's authority neither confers nor proposes upward is refused, unless the
    registration already has it (a line saved before this rule stays editable)."""
    existing = {t.award_type_id: t for t in registration.titles.all()}
    _check_titles(registration, titles, registered=set(existing))
    updates, new_titles = [], []
    for ordinal, item in enumerate(titles, start=1):
        old = existing.pop(item.award_type_id, None)
        if old is None:
            new_titles.append(
                TitleRegistration(
                    registration=registration,
                    award_type_id=item.award_type_id,
                    count=item.count,
                    ordinal=ordinal,
                )
            )
        elif (old.count, old.ordinal) != (item.count, ordinal):
            old.count, old.ordinal = item.count, ordinal
            updates.append(old)
    if existing:
        TitleRegistration.objects.filter(pk__in=[t.pk for t in existing.values()]).delete()
    if updates:
        TitleRegistration.objects.bulk_update(updates, ["count", "ordinal"])
    if creates is not None:
        creates.extend(new_titles)
    elif new_titles:
        TitleRegistration.objects.bulk_create(new_titles)
    return bool(existing or updates or new_titles)


def _check_titles(registration, titles: list[TitleInput], *, registered: set) -> None:
    # campaigns refers to awards lazily (DESIGN §2): through the model, not its modules.
    AwardType = apps.get_model("awards", "AwardType")
    names = AwardType.objects.in_bulk([t.award_type_id for t in titles])
    authority = registration.bloc.authority
    offered = None
    for item in titles:
        award_type = names.get(item.award_type_id)
        if award_type is None:
            raise ValidationError(
                _("Danh hiệu đã chọn không còn trong danh mục; hãy mở lại trang.")
            )
        if not isinstance(item.count, int) or not 1 <= item.count <= TITLE_COUNT_MAX:
            raise ValidationError(
                _("Danh hiệu “%(a)s”: số lượng phải từ 1 đến %(max)s.")
                % {"a": award_type, "max": f"{TITLE_COUNT_MAX:,}".replace(",", ".")}
            )
        if item.award_type_id in registered:
            continue
        if offered is None:
            offered = set(AwardType.objects.conferrable_by(authority).values_list("pk", flat=True))
        if item.award_type_id not in offered:
            raise ValidationError(
                _(
                    "Danh hiệu “%(a)s” không thuộc thẩm quyền tặng hoặc đề nghị của %(o)s; "
                    "hãy chọn danh hiệu khác."
                )
                % {"a": award_type, "o": authority}
            )


def _changes_comment(changes: Changes, target_count: int, title_count: int) -> str:
    parts = [_("%(t)s chỉ tiêu, %(d)s danh hiệu") % {"t": target_count, "d": title_count}]
    for label, items in (
        (_("thêm"), changes.added), (_("sửa"), changes.changed), (_("bỏ"), changes.removed),
    ):  # fmt: skip
        parts += [f"{label}: {item}" for item in items]
    if changes.moved:
        parts.append(_("đổi thứ tự %(n)s chỉ tiêu") % {"n": changes.moved})
    if changes.titles:
        parts.append(_("sửa danh hiệu"))
    return "\n".join(parts)


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
    """Save the unit's targets and titles. Rows with an `id` edit that target in place, rows
    without one are new, targets left out are removed unless units reported on them. A save
    that changes nothing writes nothing (no update, no audit entry)."""
    registration = _lock(registration, seen_updated_at)
    if not registration.is_editable:
        raise ValidationError(
            _("Đăng ký đang ở trạng thái “%(status)s”, không sửa được.")
            % {"status": registration.get_status_display()}
        )
    award_types = [t.award_type_id for t in titles]
    if len(set(award_types)) != len(award_types):
        raise ValidationError(_("Mỗi danh hiệu chỉ đăng ký một dòng."))
    existing = {t.pk: t for t in registration.targets.all()}
    pairs, seen = [], set()
    for item in targets:
        if item.id is not None and item.id in seen:
            raise ValidationError(
                _("Chỉ tiêu “%(text)s” xuất hiện hai lần trong biểu mẫu; hãy mở lại trang.")
                % {"text": describe(existing[item.id].text)}
            )
        if item.id is not None and item.id not in existing:
            raise ValidationError(
                _(
                    "Chỉ tiêu “%(text)s” không thuộc đăng ký này (có thể vừa bị xoá). Hãy mở lại "
                    "trang; những gì bạn vừa nhập chưa được lưu."
                )
                % {"text": describe(nfc(item.text))}
            )
        seen.add(item.id)
        pairs.append((existing.get(item.id) if item.id is not None else None, item))
    with quietly():
        changes = sync_targets(registration, pairs)
        changes.titles = sync_titles(registration, titles)
        if not changes:
            return registration
        registration.updated_by = actor
        registration.save(update_fields=["updated_by", "updated_at"])
    log_action(
        registration,
        actor=actor,
        event="save",
        label=gettext_lazy("Lưu nội dung đăng ký"),
        comment=_changes_comment(changes, len(targets), len(titles)),
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
    if len(reason) > SHORT_TEXT_MAX:  # the reason is posted without a form: bound it here
        raise ValidationError(
            {"reason": _("Lý do dài quá: tối đa %(max)s ký tự.") % {"max": SHORT_TEXT_MAX}}
        )
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
    _notify(obj, event, actor=actor, reason=reason)
    return obj


def _notify(obj, event: str, *, actor, reason: str) -> None:
    """A submission goes to the bloc's secretariat that year; its answer to the unit."""
    if isinstance(obj, Registration):
        kind, year = "registration", obj.campaign.year
    else:
        kind, year = "report", obj.period.year
    to = secretariat_units(obj.bloc_id, year) if event == "submit" else [obj.organization_id]
    notify(f"{kind}.{event}", obj, actor=actor, to=to, reason=reason)


def accept_many(papers, *, transition, may_review, actor, reason: str = "") -> int:
    """Accept several submitted papers with one comment, all or nothing. Each goes through
    `transition` (the paper's one state-change function), so each is checked and audited as if
    accepted alone; every refusal is named by its unit, and then nothing is accepted."""
    errors = []
    with transaction.atomic():
        for paper in papers:
            unit = paper.organization.name
            if actor is not None and not may_review(actor, paper):
                errors.append(_("%(unit)s: anh/chị không có quyền chấp nhận.") % {"unit": unit})
                continue
            try:
                with transaction.atomic():
                    transition(paper, event="accept", actor=actor, reason=reason)
            except ValidationError as exc:
                errors.append(
                    _("%(unit)s: %(error)s") % {"unit": unit, "error": " ".join(exc.messages)}
                )
        if errors:
            raise ValidationError(errors)  # rolls back the ones already accepted
    return len(papers)


def registrations_accept(*, registrations, actor, reason: str = "") -> int:
    return accept_many(
        registrations,
        transition=lambda r, **kwargs: registration_transition(registration=r, **kwargs),
        may_review=permissions.can_review_registration,
        actor=actor,
        reason=reason,
    )


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

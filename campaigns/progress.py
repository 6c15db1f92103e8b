"""Writes for reporting periods, outlines and progress reports (reads are in selectors)."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Max, When
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.emulation_year import EmulationYear
from blocs.models import Bloc, BlocMembership, Organization
from emulation_portal import uploads
from emulation_portal.audit import acting_as, log_action, quietly
from emulation_portal.models import changed_fields
from emulation_portal.text import nfc, plain_text, same_text

from . import outline_data, permissions
from .models import (
    Campaign,
    Evidence,
    IssuedDocument,
    NarrativeAnswer,
    OutlineSection,
    PeriodSchedule,
    ProgressReport,
    Registration,
    ReportingPeriod,
    ReportOutline,
    TargetProgress,
)
from .models.progress import PARTS
from .services import _lock, accept_many, review_transition

DEFAULT_OUTLINE = outline_data.SEED_000_OUTLINE["code"]
HANDED_IN = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)
# Outlines ------------------------------------------------------------------------------------


@transaction.atomic
def outline_from_data(data: dict, *, authority=None, year=None) -> ReportOutline:
    """Create (or return) an outline from `outline_data`'s trees."""
    outline_data.validate(data)
    outline, created = ReportOutline.objects.get_or_create(
        code=data["code"], defaults={"name": data["name"], "authority": authority, "year": year}
    )
    if created:
        _add_sections(outline, None, data["sections"])
    return outline


def _add_sections(outline, parent, sections):
    for ordinal, item in enumerate(sections, start=1):
        section = OutlineSection.objects.create(
            outline=outline,
            parent=parent,
            ordinal=ordinal,
            number=item["number"],
            title=item["title"],
            kind=item["kind"],
            source=item["source"],
            hint=item["hint"],
        )
        _add_sections(outline, section, item["children"])


@transaction.atomic
def section_save(*, section: OutlineSection, actor) -> OutlineSection:
    """Add or rename a section; new ones go last among their siblings."""
    section.title = nfc(section.title)
    section.number = nfc(section.number)
    if section.kind == OutlineSection.Kind.COMPUTED and not section.source:
        raise ValidationError({"source": _("Mục lấy từ dữ liệu cần chọn nguồn dữ liệu.")})
    if section.kind != OutlineSection.Kind.COMPUTED:
        section.source = ""
    if section.parent is not None and section.parent.outline_id != section.outline_id:
        raise ValidationError(_("Mục cha thuộc đề cương khác."))
    if section.pk is None:
        last = OutlineSection.objects.filter(
            outline=section.outline, parent=section.parent
        ).aggregate(m=Max("ordinal"))["m"]
        section.ordinal = (last or 0) + 1
    section.full_clean()
    with acting_as(actor):
        section.save()
    return section


@transaction.atomic
def section_move(*, section: OutlineSection, up: bool, actor) -> None:
    siblings = list(
        OutlineSection.objects.filter(outline=section.outline, parent=section.parent).order_by(
            "ordinal", "pk"
        )
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with acting_as(actor):
        for ordinal, sibling in enumerate(siblings, start=1):
            if sibling.ordinal != ordinal:
                sibling.ordinal = ordinal
                sibling.save(update_fields=["ordinal"])


@transaction.atomic
def section_delete(*, section: OutlineSection, actor) -> None:
    ids = [section.pk, *_descendant_ids(section)]
    if NarrativeAnswer.objects.filter(section_id__in=ids).exists():
        raise ValidationError(
            _("Mục “%(title)s” đã có đơn vị trả lời; chỉ đổi tên hoặc di chuyển được.")
            % {"title": section.title}
        )
    with acting_as(actor):
        section.delete()


def _descendant_ids(section) -> list[int]:
    ids, frontier = [], [section.pk]
    while frontier:
        frontier = list(
            OutlineSection.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


def outline_snapshot(outline: ReportOutline | None) -> list[dict]:
    """The sections as they are now, in document order, with their depth."""
    if outline is None:
        return []
    by_parent: dict[int | None, list[OutlineSection]] = {}
    for section in outline.sections.order_by("ordinal", "pk"):
        by_parent.setdefault(section.parent_id, []).append(section)
    result = []

    def walk(parent_id, depth):
        for section in by_parent.get(parent_id, []):
            result.append(
                {
                    "id": section.pk,
                    "number": section.number,
                    "title": section.title,
                    "kind": section.kind,
                    "source": section.source,
                    "hint": section.hint,
                    "depth": depth,
                }
            )
            walk(section.pk, depth + 1)

    walk(None, 0)
    for section in result:
        section["has_children"] = section["id"] in by_parent
    return result


# A heading's year words: "6 tháng đầu|cuối năm 2020", the directions after "phương hướng,
# nhiệm vụ … năm 2021" (next year's, in a year-end outline), any other "năm 2020".
_HALF = r"(?P<months>0?6 tháng (?P<half>đầu|cuối) )năm \d{4}"
_REST = r"|(?P<ahead>phương hướng,? nhiệm vụ\D*?)năm \d{4}|\bnăm \d{4}\b"
# A calendar heading keeps its upper-case "06 THÁNG ĐẦU NĂM" spelling and reads only the year.
_CALENDAR_HEADING = re.compile(rf"(?-i:{_HALF}){_REST}", re.IGNORECASE)
_SCHOOL_HEADING = re.compile(rf"{_HALF}{_REST}", re.IGNORECASE)


def period_heading(title: str, period: ReportingPeriod) -> str:
    """An outline keeps the year of the document it was written from ("… 6 tháng đầu năm
    2020"): a period of another year reads its own year there. An annual period reusing a
    six-month outline reads the whole year ("… năm 2020") and next year's tasks ("… năm 2021");
    a year-end outline's directions read next year. A school-year period speaks in semesters
    and school years ("… học kỳ I năm học 2020–2021", "… nhiệm vụ năm học 2021–2022")."""
    authority = period.authority if period.authority_id else None
    year = EmulationYear.of(authority, period.year)
    annual = period.kind == ReportingPeriod.Kind.ANNUAL

    def words(match) -> str:
        if match["half"]:
            first = match["half"].lower() == "đầu"
            if annual:
                return year.label if first else year.next.label
            if year.is_school:
                return year.first_half_words if first else year.second_half_words
            return match["months"] + year.label
        if match["ahead"] is not None:
            return match["ahead"] + (year.next.label if annual else year.label)
        return year.label

    def replace(match) -> str:
        text, found = words(match), match[0]
        if found.isupper():
            return text.upper()
        return text[:1].upper() + text[1:] if found[:1].isupper() else text

    pattern = _SCHOOL_HEADING if year.is_school else _CALENDAR_HEADING
    return pattern.sub(replace, title)


# Periods -------------------------------------------------------------------------------------


# The outline a period kind follows when its authority's schedule names none: the year's end
# its own, else (not loaded) the six-month one, as every period did before it existed.
BUILTIN_OUTLINES = {
    ReportingPeriod.Kind.H1: [DEFAULT_OUTLINE],
    ReportingPeriod.Kind.ANNUAL: [outline_data.SEED_000_ANNUAL_OUTLINE["code"], DEFAULT_OUTLINE],
}


def builtin_dates(kind: str, year: EmulationYear) -> tuple[date, date, date]:
    """Start, end and due date of a period without a schedule: a calendar year's sơ kết to
    15/06 (due 20/06) and tổng kết to 15/11 (due 20/11); a school year's học kỳ I to its end
    (15/01, due 20/01) and the whole year (due 15/07: Nam Định's tổng kết năm học is due
    before 15/7)."""
    if kind == ReportingPeriod.Kind.H1:
        end = year.first_half[1] if year.is_school else year.on(6, 15)
        return year.start, end, end + timedelta(days=5)
    if year.is_school:
        return year.start, year.end, year.on(7, 15)
    return year.start, year.on(11, 15), year.on(11, 20)


def default_period_name(kind: str, year: EmulationYear) -> str:
    if year.is_school:
        if kind == ReportingPeriod.Kind.H1:
            return _("Sơ kết %(half)s") % {"half": year.first_half_words}
        return _("Tổng kết %(year)s") % {"year": year.label}
    if kind == ReportingPeriod.Kind.H1:
        return _("Sơ kết 6 tháng đầu năm %(y)s") % {"y": year.number}
    return _("Tổng kết năm %(y)s") % {"y": year.number}


def _default_outline(kind: str, outlines: dict, schedule: PeriodSchedule | None):
    if schedule is not None and schedule.outline_id:
        return schedule.outline
    return next((outlines[code] for code in BUILTIN_OUTLINES[kind] if code in outlines), None)


def schedule_for(authority: Organization, kind: str) -> PeriodSchedule:
    """The authority's schedule for `kind`, or an unsaved one holding the built-in dates."""
    schedule = PeriodSchedule.objects.filter(authority=authority, kind=kind).first()
    if schedule is None:
        schedule = PeriodSchedule(authority=authority, kind=kind)
        dates = builtin_dates(kind, EmulationYear.of(authority, 2000))
        for name, day in zip(PARTS, dates, strict=True):
            setattr(schedule, f"{name}_month", day.month)
            setattr(schedule, f"{name}_day", day.day)
    return schedule


@transaction.atomic
def schedules_save(*, schedules: list[PeriodSchedule], actor) -> list[PeriodSchedule]:
    """Save the rows that differ from what is stored; a row never stored that keeps the
    built-in dates and no outline stays unstored (the built-in defaults still apply)."""
    saved = []
    for schedule in schedules:
        authority = schedule.authority
        if actor is not None and not permissions.can_launch_for(actor, authority):
            raise ValidationError(
                _("%(authority)s không thuộc phạm vi anh/chị quản lý.") % {"authority": authority}
            )
        if schedule.outline_id and schedule.outline.authority_id not in (None, authority.pk):
            raise ValidationError(
                {"outline": _("Đề cương này thuộc %(authority)s.")
                 % {"authority": schedule.outline.authority}}
            )  # fmt: skip
        schedule.full_clean()
        if schedule.pk is None:
            builtin = schedule_for(authority, schedule.kind)
            fields = [f"{name}_{part}" for name in PARTS for part in ("day", "month")]
            unchanged = not schedule.outline_id and all(
                getattr(schedule, f) == getattr(builtin, f) for f in fields
            )
        else:
            unchanged = not changed_fields(schedule)
        if unchanged:
            continue
        with acting_as(actor):
            schedule.save()
        saved.append(schedule)
    return saved


@transaction.atomic
def periods_ensure_defaults(*, authority: Organization, year: int, actor) -> list[ReportingPeriod]:
    """The sơ kết and tổng kết periods of the authority's year (its schedule's dates and
    outline, else the built-in ones: `builtin_dates`, `BUILTIN_OUTLINES`), plus one per phase
    of its campaigns that year; existing ones are left as configured."""
    if actor is not None and not permissions.can_launch_for(actor, authority):
        raise ValidationError(
            {
                "authority": _("%(authority)s không thuộc phạm vi anh/chị quản lý.")
                % {"authority": authority}
            }
        )
    emulation_year = EmulationYear.of(authority, year)
    schedules = {
        s.kind: s
        for s in PeriodSchedule.objects.filter(authority=authority).select_related("outline")
    }
    codes = {code for codes in BUILTIN_OUTLINES.values() for code in codes}
    outlines = {o.code: o for o in ReportOutline.objects.filter(code__in=codes)}
    wanted = []
    for kind in (ReportingPeriod.Kind.H1, ReportingPeriod.Kind.ANNUAL):
        schedule = schedules.get(kind)
        start, end, due = (
            schedule.dates(emulation_year) if schedule else builtin_dates(kind, emulation_year)
        )
        wanted.append(
            (kind, default_period_name(kind, emulation_year), start, end, due, None,
             _default_outline(kind, outlines, schedule))
        )  # fmt: skip
    for campaign in Campaign.objects.filter(authority=authority, year=year):
        for phase in campaign.phases.all():
            wanted.append(
                (ReportingPeriod.Kind.PHASE, f"{phase.name} – {campaign.name}", phase.start,
                 phase.end, phase.end + timedelta(days=5), phase, outlines.get(DEFAULT_OUTLINE))
            )  # fmt: skip
    periods = []
    with acting_as(actor):
        for kind, name, start, end, due, phase, outline in wanted:
            period, _created = ReportingPeriod.objects.get_or_create(
                authority=authority,
                year=year,
                kind=kind,
                phase=phase,
                defaults={
                    "name": name,
                    "start": start,
                    "end": end,
                    "due": due,
                    "outline": outline,
                },
            )
            periods.append(period)
    return periods


# Reports -------------------------------------------------------------------------------------


def registration_for(period: ReportingPeriod, bloc: Bloc, organization) -> Registration | None:
    """The targets a report answers: the phase's campaign for a phase period, else the annual
    campaign of the authority that year (other kinds only when there is no annual one)."""
    registrations = Registration.objects.filter(
        campaign__authority_id=period.authority_id,
        campaign__year=period.year,
        bloc=bloc,
        organization=organization,
    )
    if period.phase_id:
        return registrations.filter(campaign_id=period.phase.campaign_id).first()
    annual = Case(When(campaign__kind=Campaign.Kind.ANNUAL, then=0), default=1)
    return registrations.order_by(annual, "campaign_id").first()


@transaction.atomic
def report_open(*, period: ReportingPeriod, bloc: Bloc, organization, actor) -> ProgressReport:
    """The unit's report for the period, created with one line per registered target."""
    if (
        bloc.authority_id != period.authority_id
        or not BlocMembership.objects.filter(
            bloc=bloc, organization=organization, year=period.year
        ).exists()
    ):
        raise ValidationError(
            _("%(unit)s không phải thành viên của %(bloc)s năm %(year)s.")
            % {"unit": organization, "bloc": bloc, "year": period.year}
        )
    with acting_as(actor):
        report, created = ProgressReport.objects.get_or_create(
            period=period, bloc=bloc, organization=organization
        )
    registration = registration_for(period, bloc, organization)
    if registration is not None:
        known = set(report.progress.values_list("target_id", flat=True))
        # Each target starts from what the unit last handed in: a target done by the six-month
        # report is not "Chưa thực hiện" (and overdue) again in the annual one.
        last = {
            line.target_id: line
            for line in TargetProgress.objects.filter(
                target__registration=registration,
                report__period__end__lt=period.end,
                report__status__in=HANDED_IN,
            ).order_by("report__period__end")
        }
        lines = []
        for target in registration.targets.exclude(pk__in=known):
            line = TargetProgress(report=report, target=target)
            if previous := last.get(target.pk):
                line.state, line.achieved_value = previous.state, previous.achieved_value
            lines.append(line)
        with quietly():
            TargetProgress.objects.bulk_create(lines)
    return report


@dataclass
class ProgressInput:
    target_id: int
    state: str
    achieved_value: Decimal | None = None
    note: str = ""


@dataclass
class DocumentInput:
    symbol: str
    issued_on: date
    title: str
    id: int | None = None  # the row this edits (the page knows it); None: new, or same content


def _check_open(period: ReportingPeriod) -> None:
    if period.is_closed:
        raise ValidationError(
            _("Kỳ báo cáo “%(period)s” đã khoá sổ; không gửi hay sửa báo cáo được nữa.")
            % {"period": period}
        )


# Text as stored (NFC, LF line ends) and compared (the same words whatever line ends a browser
# posts): the project's one rule, shared with every other "unchanged → nothing written" save.
_text, _same_text = plain_text, same_text


@transaction.atomic
def report_save(
    *, report: ProgressReport, progress: list[ProgressInput], answers: dict[int, tuple],
    documents: list[DocumentInput], actor, seen_updated_at=None, also_changed: tuple = (),
) -> ProgressReport:  # fmt: skip
    """Save a draft: target states, narrative/statistic answers ({section_id: (text, value)}),
    documents issued. Nothing is lost on refusal: the caller keeps the form.

    Saved in place (issue 13, "edits keep identity"): a line, an answer (by section) and a
    document (by `id`, else by equal content) keep their rows; only what differs is written,
    answers left empty are removed, documents not in `documents` are removed. Answers of
    sections not in `answers` (not on the page) are kept. A save that changes nothing writes
    nothing: no row, no `updated_at`, no audit entry. `also_changed` names changes made next
    to this save (evidence files) that count as one."""
    report = _lock(report, seen_updated_at)
    if not report.is_editable:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái “%(status)s”, không sửa được.")
            % {"status": report.get_status_display()}
        )
    _check_open(report.period)
    line_updates, line_changes = _progress_changes(report, progress)
    answer_writes, answer_changes = _answer_changes(report, answers)
    document_writes, document_changes = _document_changes(report, documents)
    changes = [*line_changes, *answer_changes, *document_changes, *also_changed]
    if not changes:
        return report
    with quietly():
        if line_updates:
            TargetProgress.objects.bulk_update(line_updates, ["state", "achieved_value", "note"])
        _apply(NarrativeAnswer, answer_writes, ["text", "value"])
        _apply(IssuedDocument, document_writes, ["symbol", "issued_on", "title"])
        report.updated_by = actor
        report.save(update_fields=["updated_by", "updated_at"])
    log_action(
        report, actor=actor, event="save", label=_("Lưu báo cáo"), comment="\n".join(changes)
    )
    return report


def _apply(model, writes: tuple[list, list, list], fields: list[str]) -> None:
    updates, creates, deletes = writes
    if deletes:
        model.objects.filter(pk__in=[row.pk for row in deletes]).delete()
    if updates:
        model.objects.bulk_update(updates, fields)
    if creates:
        model.objects.bulk_create(creates)


def _progress_changes(report, progress: list[ProgressInput]) -> tuple[list, list[str]]:
    """The lines that differ from what is stored, and "Chỉ tiêu 2: Đang thực hiện → Hoàn
    thành" for each."""
    labels = dict(TargetProgress.State.choices)
    lines = {p.target_id: p for p in report.progress.select_related("target")}
    updates, changes = [], []
    for item in progress:
        line = lines.get(item.target_id)
        if line is None:
            raise ValidationError(_("Chỉ tiêu không thuộc báo cáo này."))
        note = line.note if _same_text(line.note, item.note) else _text(item.note)
        wanted = (item.state, item.achieved_value, note)
        if (line.state, line.achieved_value, line.note) == wanted:
            continue
        old_state = line.state
        line.state, line.achieved_value, line.note = wanted
        line.full_clean(exclude=["report", "target"])
        updates.append(line)
        if old_state != line.state:
            changes.append(
                _("Chỉ tiêu %(n)s: %(old)s → %(new)s")
                % {"n": line.target.ordinal, "old": labels[old_state], "new": labels[line.state]}
            )
        else:
            changes.append(_("Chỉ tiêu %(n)s: sửa kết quả, ghi chú") % {"n": line.target.ordinal})
    return updates, changes


def _answer_changes(report, answers: dict[int, tuple]) -> tuple[tuple, list[str]]:
    """Answers matched by section: updated, created, or removed when emptied (an empty box and
    no answer read the same, so the page posted back stays as it is)."""
    outline = report.period.outline
    sections = {s.pk: s for s in outline.sections.filter(pk__in=list(answers))} if outline else {}
    existing = {a.section_id: a for a in report.answers.all()}
    updates, creates, deletes, changes = [], [], [], []
    for section_id, (text, value) in answers.items():
        section = sections.get(section_id)
        if section is None:
            continue  # not a section of this report's outline
        answer = existing.get(section_id)
        empty = not _text(text) and value is None
        label = f"{section.number} {section.title}".strip()
        if answer is None:
            if not empty:
                creates.append(
                    NarrativeAnswer(report=report, section=section, text=_text(text), value=value)
                )
                changes.append(_("Mục %(section)s: thêm nội dung") % {"section": label})
        elif empty:
            deletes.append(answer)
            changes.append(_("Mục %(section)s: xoá nội dung") % {"section": label})
        elif not _same_text(answer.text, text) or answer.value != value:
            if not _same_text(answer.text, text):
                answer.text = _text(text)
            answer.value = value
            answer.full_clean(exclude=["report", "section"])
            updates.append(answer)
            changes.append(_("Mục %(section)s: sửa nội dung") % {"section": label})
    for answer in creates:
        answer.full_clean(exclude=["report", "section"])
    return (updates, creates, deletes), changes


def _document_changes(report, documents: list[DocumentInput]) -> tuple[tuple, list[str]]:
    """Documents: a row with an `id` edits that document; a row without one is the unmatched
    document with the same symbol, date and title if there is one (callers that do not know
    ids), else new. Documents no row names are removed."""
    existing = {d.pk: d for d in report.documents.all()}
    unmatched = dict(existing)
    wanted = [DocumentInput(_text(d.symbol), d.issued_on, _text(d.title), d.id) for d in documents]
    pairs: list[tuple[IssuedDocument | None, DocumentInput]] = []
    for item in wanted:
        if item.id is None:
            continue
        if item.id not in existing:
            raise ValidationError(
                _(
                    "Văn bản “%(symbol)s” không thuộc báo cáo này (có thể vừa bị xoá). Hãy mở lại "
                    "trang; những gì bạn vừa nhập chưa được lưu."
                )
                % {"symbol": item.symbol}
            )
        if item.id not in unmatched:
            raise ValidationError(
                _("Văn bản “%(symbol)s” xuất hiện hai lần trong biểu mẫu; hãy mở lại trang.")
                % {"symbol": item.symbol}
            )
        pairs.append((unmatched.pop(item.id), item))
    for item in wanted:
        if item.id is not None:
            continue
        same = next(
            (
                d
                for d in unmatched.values()
                if (d.symbol, d.issued_on, d.title) == (item.symbol, item.issued_on, item.title)
            ),
            None,
        )
        pairs.append((unmatched.pop(same.pk) if same else None, item))
    updates, creates, changes = [], [], []
    for document, item in pairs:
        values = (item.symbol, item.issued_on, item.title)
        if document is None:
            document = IssuedDocument(report=report)
            document.symbol, document.issued_on, document.title = values
            creates.append(document)
            changes.append(_("Thêm văn bản %(doc)s") % {"doc": document})
        elif (document.symbol, document.issued_on, document.title) != values:
            document.symbol, document.issued_on, document.title = values
            updates.append(document)
            changes.append(_("Sửa văn bản %(doc)s") % {"doc": document})
        else:
            continue
        document.full_clean(exclude=["report"])
    deletes = list(unmatched.values())
    changes += [_("Bỏ văn bản %(doc)s") % {"doc": d} for d in deletes]
    return (updates, creates, deletes), changes


def _ready_to_submit(report: ProgressReport, now) -> None:
    _check_open(report.period)
    report.is_late = timezone.localdate(now) > report.period.due
    report.outline_snapshot = outline_snapshot(report.period.outline)


@transaction.atomic
def report_transition(*, report: ProgressReport, event: str, actor, reason: str = ""):
    return review_transition(
        report, event=event, actor=actor, reason=reason, before_submit=_ready_to_submit
    )


def reports_accept(*, reports, actor, reason: str = "") -> int:
    return accept_many(
        reports,
        transition=lambda r, **kwargs: report_transition(report=r, **kwargs),
        may_review=permissions.can_review_report,
        actor=actor,
        reason=reason,
    )


# Evidence ------------------------------------------------------------------------------------


@dataclass
class EvidenceInput:
    target_id: int
    name: str
    data: bytes


class EvidenceRefused(ValidationError):
    """Some evidence files were refused; `by_target` maps target id → the reasons."""

    def __init__(self, by_target: dict[int, list[str]]):
        super().__init__([m for messages in by_target.values() for m in messages])
        self.by_target = by_target


def report_save_with_evidence(*, report: ProgressReport, evidence: list[EvidenceInput], actor,
                              **save) -> ProgressReport:  # fmt: skip
    """Save the draft (report_save's arguments) and its new evidence files all or nothing: if
    one file is refused, or the draft is, nothing is saved and no file stays on disk. A draft
    saved without the files someone chose would look complete while the proof is missing."""
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            lines = {p.target_id: p for p in report.progress.select_related("target")}
            refused: dict[int, list[str]] = {}
            for item in evidence:
                line = lines.get(item.target_id)
                if line is None:
                    raise ValidationError(_("Chỉ tiêu không thuộc báo cáo này."))
                candidate = Evidence(progress=line, uploaded_by=actor)
                try:
                    uploads.store(candidate, name=item.name, data=item.data)
                except ValidationError as exc:
                    refused.setdefault(item.target_id, []).extend(exc.messages)
                else:
                    stored.append(candidate)
            if refused:
                raise EvidenceRefused(refused)
            # New files are a change of the report even when nothing typed is.
            added = tuple(
                _("Chỉ tiêu %(n)s: thêm minh chứng “%(name)s”")
                % {"n": c.progress.target.ordinal, "name": c.original_name}
                for c in stored
            )
            report = report_save(report=report, actor=actor, also_changed=added, **save)
            with acting_as(actor):
                for candidate in stored:
                    candidate.save()
    except BaseException:
        for candidate in stored:  # written before the refusal; no row will ever point at them
            candidate.file.delete(save=False)
        raise
    return report


def _lock_editable(report: ProgressReport, refusal: str) -> ProgressReport:
    """The report re-read under its row lock: a submission that landed since the page was
    loaded is seen here, and holds the files as they were when it was handed in."""
    current = _lock(report)
    if not current.is_editable:
        raise ValidationError(refusal)
    return current


@transaction.atomic
def evidence_add(*, progress: TargetProgress, name: str, data: bytes, actor) -> Evidence:
    _lock_editable(progress.report, _("Báo cáo đã gửi; không thêm minh chứng được."))
    _check_open(progress.report.period)
    evidence = Evidence(progress=progress, uploaded_by=actor)
    uploads.store(evidence, name=name, data=data)
    with acting_as(actor):
        evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor) -> None:
    _lock_editable(evidence.progress.report, _("Báo cáo đã gửi; không xoá minh chứng được."))
    with acting_as(actor):
        evidence.delete()
    # The file goes only once the row's deletion is committed: a rollback must find it again.
    transaction.on_commit(lambda: evidence.file.delete(save=False))

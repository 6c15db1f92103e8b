"""Writes for a bloc's official report: edit, finalise, number, sign, issue, generate files."""

import hashlib
import json
import logging
from datetime import date, timedelta
from importlib.metadata import version as package_version

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import BlocMembership, Organization
from emulation_portal import uploads
from emulation_portal.audit import log_action, quietly
from emulation_portal.fields import SHORT_TEXT_MAX
from emulation_portal.text import plain_text, same_text, text_key
from notifications.services import notify

from . import documents, permissions
from .bloc_report import BlocReport, bloc_report
from .models import DocumentCounter, ReportDocument, ReportVersion, SignedScan

logger = logging.getLogger(__name__)
Status = ReportDocument.Status
GENERATOR = "emulation_portal-reports/1; " + "; ".join(
    f"{name}/{package_version(name)}" for name in ("weasyprint", "python-docx", "openpyxl")
)
# event: (from, to, label)
TRANSITIONS = {
    "finalise": (Status.DRAFT, Status.FINALISED, gettext_lazy("Chốt nội dung")),
    "reopen": (Status.FINALISED, Status.DRAFT, gettext_lazy("Mở lại để sửa")),
    "number": (Status.FINALISED, Status.NUMBERED, gettext_lazy("Cấp số")),
    "sign": (Status.NUMBERED, Status.SIGNED, gettext_lazy("Tải lên bản đã ký")),
    "issue": (Status.SIGNED, Status.ISSUED, gettext_lazy("Ban hành")),
}


def document_open(*, bloc, period, actor) -> ReportDocument:
    """The bloc's open report for the period (draft or finalised), created as a draft if none."""
    if actor is not None and not permissions.can_open(actor, bloc, period):
        raise ValidationError(
            _("%(user)s không soạn được báo cáo của %(bloc)s cho kỳ “%(period)s”.")
            % {"user": actor, "bloc": bloc, "period": period}
        )
    with transaction.atomic():
        document = ReportDocument.objects.filter(
            bloc=bloc, period=period, status__in=ReportDocument.OPEN
        ).first()
        if document is None:
            document = ReportDocument.objects.create(bloc=bloc, period=period, created_by=actor)
            log_action(document, actor=actor, event="create", label=_("Tạo dự thảo báo cáo"))
    return document


def document_context(document: ReportDocument) -> BlocReport:
    """Finalised reports print their snapshot; drafts are compiled from the records now."""
    if document.snapshot:
        return BlocReport.from_snapshot(
            document.snapshot, number=document.number, dated=document.dated
        )
    return bloc_report(
        document.bloc,
        document.period,
        content=document.content,
        number=document.number,
        dated=document.dated,
    )


# The parts of the edit page besides the sections, as `BlocReport` holds what it shows.
PARTS = ("intro", "place", "recipients", "signature")


def _shown_parts(report: BlocReport) -> dict:
    return {
        "intro": report.intro,
        "place": report.place,
        "recipients": report.recipients,
        "signature": vars(report.signature),
    }


def shown_fingerprint(report: BlocReport) -> dict[str, str]:
    """A short digest of every text the edit page shows, posted back with it (hidden): the save
    then knows what the page showed even if the units' answers changed since it was opened."""
    shown = {**_shown_parts(report), **{f"section-{s.key}": s.text for s in report.sections}}
    return {name: _digest(value) for name, value in shown.items()}


@transaction.atomic
def document_save(
    *, document: ReportDocument, version: int, content: dict, actor, shown: dict | None = None
) -> bool:
    """Keep the secretariat's text: only what differs from what the edit page showed is stored.

    A part posted as the page showed it (`shown`, the page's `shown_fingerprint`; else what it
    shows now) keeps what it had: an edit stays an edit, an unedited section keeps following the
    units' answers even if they changed meanwhile. A section put back to the merged answers
    follows them again. Texts compare as `same_text` (a browser's CRLF, NFC, spaces at line
    ends). Nothing different → nothing written: no version, no `updated_at`, no audit entry.
    Returns whether anything was saved."""
    document = ReportDocument.objects.select_for_update().get(pk=document.pk)
    if not document.is_editable:
        raise ValidationError(_("Báo cáo đã chốt nội dung, không sửa được nữa."))
    if version != document.version:
        raise ValidationError(
            _(
                "Báo cáo vừa được người khác lưu trong lúc anh/chị sửa. Tải lại trang để xem "
                "bản mới nhất; nội dung anh/chị vừa nhập vẫn còn trong ô bên dưới."
            )
        )
    shown = shown or {}
    now = document_context(document)  # read again under the lock
    stored = dict(document.content or {})
    sections = dict(stored.get("sections") or {})
    changed = False

    def unchanged(name, value, showing) -> bool:
        return shown.get(name) == _digest(value) or _canonical(showing) == _canonical(value)

    parts = _shown_parts(now)
    for name in PARTS:
        if name in content and not unchanged(name, content[name], parts[name]):
            stored[name] = _canonical(content[name])
            changed = True
    by_key = {s.key: s for s in now.sections}
    for key, text in (content.get("sections") or {}).items():
        section = by_key.get(key)
        if section is None or unchanged(f"section-{key}", text, section.text):
            continue
        changed = True
        if same_text(section.merged, text):
            sections.pop(key, None)  # back to the units' answers: follow them again
        else:
            sections[key] = plain_text(text)
    if not changed:
        return False
    document.content = {**stored, "sections": sections}
    document.version += 1
    with quietly():
        document.save(update_fields=["content", "version", "updated_at"])
    log_action(document, actor=actor, event="edit", label=_("Sửa nội dung báo cáo"))
    return True


def _canonical(value):
    """Texts (also in lists and dicts: recipients, signature) as `same_text` reads them."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return text_key(value) if isinstance(value, str | None) else value


def _digest(value) -> str:
    canonical = json.dumps(_canonical(value), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _next_number(document: ReportDocument, year: int) -> int:
    """Take the next number inside the caller's transaction: a rollback gives it back, so the
    sequence has no gaps; the row lock makes two concurrent numberings wait for each other."""
    key = {"bloc_id": document.bloc_id, "doc_type": document.doc_type, "year": year}
    DocumentCounter.objects.bulk_create([DocumentCounter(**key)], ignore_conflicts=True)
    counter = DocumentCounter.objects.select_for_update().get(**key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def document_transition(
    *, document: ReportDocument, event: str, actor, dated: date | None = None, scan=None
) -> ReportDocument:
    document = ReportDocument.objects.select_for_update().get(pk=document.pk)
    if event not in TRANSITIONS:
        raise ValidationError(_("Thao tác không hợp lệ."))
    source, target, label = TRANSITIONS[event]
    if document.status != source:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái “%(status)s”, không thể %(action)s.")
            % {"status": document.get_status_display(), "action": str(label).lower()}
        )
    fields = ["status", "updated_at"]
    if event == "finalise":
        report = document_context(document)
        if not report.members:
            raise ValidationError(
                _("Khối chưa có thành viên %(year)s.") % {"year": report.emulation_year.label}
            )
        document.snapshot = report.to_snapshot()
        fields.append("snapshot")
    elif event == "reopen":
        document.snapshot = None
        fields.append("snapshot")
    elif event == "number":
        document.dated = dated or timezone.localdate()
        document.year = document.dated.year
        document.number = _next_number(document, document.year)
        fields += ["dated", "year", "number"]
    elif event == "sign":
        if scan is None:
            raise ValidationError(_("Chọn tệp PDF bản đã ký, đóng dấu."))
        signed = SignedScan(document=document, uploaded_by=actor)
        uploads.store(signed, name=scan.name, data=scan.read(), pdf_only=True)
        signed.save()
    elif event == "issue":
        document.issued_at = timezone.now()
        fields.append("issued_at")
        document.recipients.set(recipient_organizations(document))
    document.status = target
    with quietly():
        document.save(update_fields=fields)
    log_action(
        document,
        actor=actor,
        event=event,
        label=label,
        changes={"status": [source, target]},
    )
    if event == "issue":
        notify(
            "document.issue",
            document,
            actor=actor,
            to=document.recipients.values_list("pk", flat=True),
        )
    return document


def recipient_organizations(document: ReportDocument):
    """Who sees an issued report: the members that year and the authority's emulation office."""
    members = BlocMembership.objects.filter(
        bloc=document.bloc, year=document.period.year
    ).values_list("organization_id", flat=True)
    return Organization.objects.filter(pk__in=list(members)) | Organization.objects.filter(
        emulation_office_for_id=document.bloc.authority_id
    )


# Files ---------------------------------------------------------------------------------------
# The ReportVersion row is the queue: a request creates it and hands it to the broker; if the
# broker does not answer, a short file is rendered right there (seconds) and a long one waits in
# the database, state "queued", for `make_pending_versions` (a command, a beat task every minute
# and the worker's start all run it). Without any broker (`make run`) a long file goes to the web
# process's one background thread. No request ever renders a long file: behind gunicorn's 30 s
# timeout a province's appendix (35 s) dropped the client and left the version "running".

State = ReportVersion.State


def _eager() -> bool:
    """No broker at all: tasks run in the caller's process (`make run`, the tests)."""
    from .tasks import generate_version

    return bool(generate_version.app.conf.task_always_eager)


def version_rows(version: ReportVersion) -> int:
    """How long a file is: the table rows of its Phụ lục 1 (a row per unit and per target),
    which is where a province's report spends its rendering time (about 5 ms a row)."""
    report = document_context(version.document)
    if not report.appendix:
        return 0
    return sum(1 + len(unit.lines) for unit in report.appendix.units)


def version_is_long(version: ReportVersion) -> bool:
    try:
        return version_rows(version) > settings.REPORT_INLINE_MAX_ROWS
    except OperationalError:
        raise
    except Exception:  # the run itself will fail and say why; the request must not
        logger.exception("report version %s: could not measure its length", version.pk)
        return True


def version_request(*, document: ReportDocument, format: str, actor) -> ReportVersion:
    """Ask for a file; it is handed over once the row is committed."""
    version = ReportVersion.objects.create(
        document=document, format=format, status_at=document.status, requested_by=actor
    )
    transaction.on_commit(lambda: version_dispatch(version.pk))
    return version


def _queue(pk: int, *, reason: str = "") -> bool:
    """Park a version in the database until a worker takes it."""
    return bool(
        ReportVersion.objects.filter(pk=pk, state__in=[State.PENDING, State.RUNNING]).update(
            state=State.QUEUED, progress=0, error=reason
        )
    )


def version_dispatch(pk: int) -> None:
    """Hand a new version to whoever makes files; never render a long one in this process."""
    from . import background
    from .tasks import generate_version

    version = ReportVersion.objects.select_related("document").get(pk=pk)
    if _eager():
        if version_is_long(version):
            _queue(pk)
            background.wake()
        else:
            generate_version.delay(pk)
        return
    try:
        generate_version.delay(pk)
    except Exception:  # the broker is down
        if version_is_long(version):
            logger.warning("broker unavailable; report version %s queued in the database", pk)
            _queue(pk)
        else:
            logger.warning("broker unavailable; rendering report version %s inline", pk)
            version_render(pk)


def version_claim_queued() -> int | None:
    """Take the oldest queued version (no one else can take it too), or None."""
    for pk in (
        ReportVersion.objects.filter(state=State.QUEUED)
        .order_by("created_at", "pk")[:20]
        .values_list("pk", flat=True)
    ):
        # started_at marks the hand-over too: a version that waited out an outage is not
        # taken for a lost one by the next sweep.
        if ReportVersion.objects.filter(pk=pk, state=State.QUEUED).update(
            state=State.PENDING, started_at=timezone.now()
        ):
            return pk
    return None


def versions_make_pending() -> int:
    """Hand every queued version to the broker (or make it here without one); returns how many.
    Stale versions are swept first, so they are retried too."""
    from .tasks import generate_version

    versions_sweep()
    handed = 0
    while (pk := version_claim_queued()) is not None:
        try:
            generate_version.delay(pk)
        except Exception:
            logger.warning("broker unavailable; report version %s stays queued", pk)
            _queue(pk)
            break
        handed += 1
    return handed


def _expire(version: ReportVersion) -> bool:
    """A version past the timeout: queued again, or failed once its attempts are spent."""
    minutes = max(1, settings.REPORT_VERSION_TIMEOUT // 60)
    values = {"n": version.attempts, "minutes": minutes}
    if version.state == State.RUNNING and version.attempts >= settings.REPORT_VERSION_ATTEMPTS:
        reason = (
            _(
                "Quá thời gian tạo tệp: đã thử %(n)s lần, lần nào cũng quá %(minutes)s phút chưa "
                "xong (bộ xử lý nền có thể đã dừng giữa chừng). Hãy bấm tạo tệp lại; nếu vẫn lỗi "
                "xin báo quản trị hệ thống."
            )
            % values
        )
        done = ReportVersion.objects.filter(pk=version.pk, state=State.RUNNING).update(
            state=State.FAILED, error=reason, finished_at=timezone.now()
        )
    elif version.state == State.RUNNING:
        reason = (
            _("Lần tạo thứ %(n)s quá %(minutes)s phút chưa xong; tệp đã được xếp hàng tạo lại.")
            % values
        )
        done = _queue(version.pk, reason=reason)
    else:  # handed to a broker that lost it
        reason = _("Chờ bộ xử lý nền quá %(minutes)s phút; tệp đã được xếp hàng lại.") % values
        done = ReportVersion.objects.filter(pk=version.pk, state=State.PENDING).update(
            state=State.QUEUED, error=reason
        )
    if done:
        logger.warning("report version %s: %s", version.pk, reason)
    return bool(done)


def _stale(queryset, now=None):
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.REPORT_VERSION_TIMEOUT)
    return queryset.filter(
        Q(state__in=[State.RUNNING, State.PENDING])
        & (Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created_at__lt=cutoff))
    )


def versions_sweep(*, now=None) -> int:
    """No version stays running (or waiting on a broker) past REPORT_VERSION_TIMEOUT."""
    return sum(_expire(v) for v in _stale(ReportVersion.objects.all(), now))


def version_refresh(version: ReportVersion) -> ReportVersion:
    """The version as its page shows it: a stale one is expired now, even with no worker or
    beat running, so nobody watches "running 40 %" for ever."""
    if _stale(ReportVersion.objects.filter(pk=version.pk)).exists() and _expire(version):
        version.refresh_from_db()
    if version.state == State.QUEUED and _eager():
        # Without a broker the thread may have gone with a restarted web process.
        from . import background

        background.wake()
    return version


def version_render(pk: int) -> None:
    """The task's body. Safe to run twice: a finished version is left as it is, and a run that
    finishes after another one did throws its file away."""
    version = ReportVersion.objects.select_related("document__bloc", "document__period").get(pk=pk)
    if version.state == State.DONE:
        return
    ReportVersion.objects.filter(pk=pk).update(
        state=State.RUNNING,
        progress=10,
        attempts=version.attempts + 1,
        started_at=timezone.now(),
    )
    try:
        rendered = documents.render(
            "bloc-report",
            {"document": version.document},
            version.format,
            user=None,
            built_hook=lambda: ReportVersion.objects.filter(pk=pk).update(progress=40),
        )
    except OperationalError:
        raise  # the database went away: let the task retry
    except Exception as exc:
        logger.exception("report version %s failed", pk)
        if isinstance(exc, SoftTimeLimitExceeded):  # the task's limit, REPORT_VERSION_TIMEOUT
            error = _(
                "Quá thời gian tạo tệp: quá %(minutes)s phút chưa xong nên đã dừng. Hãy bấm tạo "
                "tệp lại; nếu vẫn lỗi xin báo quản trị hệ thống."
            ) % {"minutes": max(1, settings.REPORT_VERSION_TIMEOUT // 60)}
        else:
            error = f"{type(exc).__name__}: {exc}"[:SHORT_TEXT_MAX]  # the field's own bound
        ReportVersion.objects.filter(pk=pk).exclude(state=State.DONE).update(
            state=State.FAILED, error=error, finished_at=timezone.now()
        )
        return
    data = rendered.data
    name, extension = rendered.filename.rsplit(".", 1)
    version.file.save(f"{name}-v{pk}.{extension}", ContentFile(data), save=False)
    with transaction.atomic():
        current = ReportVersion.objects.select_for_update().get(pk=pk)
        if current.state == State.DONE:
            version.file.delete(save=False)  # nothing refers to it: the first file stays
            return
        version.size, version.sha256 = len(data), hashlib.sha256(data).hexdigest()
        version.generator, version.state, version.progress = GENERATOR, State.DONE, 100
        version.error, version.finished_at = "", timezone.now()
        version.attempts, version.started_at = current.attempts, current.started_at
        version.save()

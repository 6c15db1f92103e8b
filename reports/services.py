"""Writes for a bloc's official report: edit, finalise, number, sign, issue, generate files."""

import hashlib
import logging
from datetime import date
from importlib.metadata import version as package_version

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import BlocMembership, Organization
from emulation_portal import uploads
from emulation_portal.audit import log_action, quietly

from . import bloc_outputs, permissions
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


@transaction.atomic
def document_save(*, document: ReportDocument, version: int, content: dict, actor) -> None:
    """Keep the secretariat's text; a section equal to the merged answers is not stored, so it
    keeps following the units' reports."""
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
    merged = {s.key: s.merged for s in bloc_report(document.bloc, document.period).sections}
    sections = {
        key: text
        for key, text in content.pop("sections", {}).items()
        if key in merged and text.strip() != merged[key].strip()
    }
    document.content = {**content, "sections": sections}
    document.version += 1
    with quietly():
        document.save(update_fields=["content", "version", "updated_at"])
    log_action(document, actor=actor, event="edit", label=_("Sửa nội dung báo cáo"))


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
            raise ValidationError(_("Khối chưa có thành viên năm %(y)s.") % {"y": report.year})
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


def version_request(*, document: ReportDocument, format: str, actor) -> ReportVersion:
    """Queue the file's generation; without a broker it runs here and now (documented)."""
    from .tasks import generate_version

    version = ReportVersion.objects.create(
        document=document, format=format, status_at=document.status, requested_by=actor
    )

    def enqueue():
        try:
            generate_version.delay(version.pk)
        except Exception:  # the broker is down: render in this process rather than lose it
            logger.warning("broker unavailable; rendering report version %s inline", version.pk)
            version_render(version.pk)

    transaction.on_commit(enqueue)
    return version


def render(report: BlocReport, format: str) -> bytes:
    return bloc_outputs.RENDERERS[format](report)


def version_render(pk: int) -> None:
    """The task's body. Safe to run twice: a finished version is left as it is."""
    version = ReportVersion.objects.select_related("document__bloc", "document__period").get(pk=pk)
    if version.state == ReportVersion.State.DONE:
        return
    ReportVersion.objects.filter(pk=pk).update(
        state=ReportVersion.State.RUNNING, progress=10, attempts=version.attempts + 1
    )
    try:
        report = document_context(version.document)
        ReportVersion.objects.filter(pk=pk).update(progress=40)
        data = render(report, version.format)
    except OperationalError:
        raise  # the database went away: let the task retry
    except Exception as exc:
        logger.exception("report version %s failed", pk)
        ReportVersion.objects.filter(pk=pk).update(
            state=ReportVersion.State.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return
    document = version.document
    name = slugify(f"bao-cao-{document.bloc.code}-{document.period.kind}-{document.period.year}")
    version.file.save(f"{name}-v{pk}.{version.format}", ContentFile(data), save=False)
    version.size, version.sha256 = len(data), hashlib.sha256(data).hexdigest()
    version.generator, version.state, version.progress = GENERATOR, ReportVersion.State.DONE, 100
    version.error, version.finished_at = "", timezone.now()
    version.attempts += 1
    version.save()

"""A bloc's official report as a record: draft → finalised → numbered → signed → issued, with
every generated file kept as a version."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation_portal.fields import SHORT_TEXT_MAX, text_validators
from emulation_portal.models import StoredFile


class DocumentCounter(models.Model):
    """The last number an issuing bloc gave to a document type in a year (never reused)."""

    bloc = models.ForeignKey("blocs.Bloc", on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "doc_type", "year"],
                name="counter_unique",
                violation_error_message=_("Khối đã có bộ đếm số cho loại văn bản này trong năm."),
            ),
        ]

    def __str__(self):
        return f"{self.doc_type}-{self.bloc_id} {self.year}: {self.last_number}"


class ReportDocument(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        FINALISED = "finalised", _("Đã chốt nội dung")
        NUMBERED = "numbered", _("Đã cấp số")
        SIGNED = "signed", _("Đã ký")
        ISSUED = "issued", _("Đã ban hành")

    OPEN = (Status.DRAFT, Status.FINALISED)  # at most one per bloc and period

    bloc = models.ForeignKey(
        "blocs.Bloc",
        verbose_name=_("khối, cụm"),
        on_delete=models.PROTECT,
        related_name="report_documents",
    )
    period = models.ForeignKey(
        "campaigns.ReportingPeriod",
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.PROTECT,
        related_name="report_documents",
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=10, default="BC")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    content = models.JSONField(
        _("nội dung thư ký đã sửa"),
        default=dict,
        blank=True,
        help_text=_("Lời mở đầu, nội dung từng mục, nơi nhận, người ký do thư ký khối soạn."),
    )
    snapshot = models.JSONField(_("nội dung đã chốt"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm cấp số"), null=True, blank=True)
    dated = models.DateField(_("ngày văn bản"), null=True, blank=True)
    recipients = models.ManyToManyField(
        "blocs.Organization",
        verbose_name=_("đơn vị nhận"),
        blank=True,
        related_name="received_reports",
    )
    issued_at = models.DateTimeField(_("ngày ban hành"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock for the edit form
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản báo cáo của khối")
        verbose_name_plural = _("văn bản báo cáo của khối")
        ordering = ["-period__year", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "doc_type", "year", "number"],
                name="report_number_unique",
                violation_error_message=_("Khối đã có văn bản loại này mang số này trong năm."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "period"],
                condition=Q(status__in=["draft", "finalised"]),
                name="report_one_open_per_period",
                violation_error_message=_(
                    "Khối đã có một văn bản dự thảo hoặc đã chốt nội dung cho kỳ báo cáo này."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.symbol} – {self.period}"

    @property
    def symbol(self) -> str:
        number = f"{self.number:02d}" if self.number else "…"  # "01/BC-…", as decree30.symbol
        return f"{number}/{self.doc_type}-{self.bloc.code}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def get_additional_data(self):
        return {"bloc_id": self.bloc_id}


class SignedScan(StoredFile):
    """The signed and stamped paper, scanned to PDF: what makes the report official."""

    document = models.OneToOneField(
        ReportDocument, on_delete=models.PROTECT, related_name="signed_scan"
    )
    file = models.FileField(upload_to="signed/%Y/")

    class Meta:
        verbose_name = _("bản ký đã quét")
        verbose_name_plural = _("bản ký đã quét")

    def __str__(self):
        return self.original_name


class ReportVersion(models.Model):
    """A generated file of a report: produced by a task, kept with its checksum for good.

    pending: handed to the broker; queued: waiting in the database for a worker (the broker was
    down, or there is none and the web process's background thread makes it); running: being
    made since started_at (never for longer than REPORT_VERSION_TIMEOUT, see
    services.versions_sweep); done or failed, with the reason in `error`."""

    class State(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        QUEUED = "queued", _("Đang xếp hàng")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"

    document = models.ForeignKey(ReportDocument, on_delete=models.CASCADE, related_name="versions")
    format = models.CharField(max_length=4, choices=Format.choices)
    status_at = models.CharField(
        _("trạng thái văn bản khi tạo"), max_length=10, choices=ReportDocument.Status.choices
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, validators=text_validators(SHORT_TEXT_MAX))
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/%Y/", blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    generator = models.CharField(_("phiên bản bộ tạo văn bản"), max_length=120, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the latest run started, or the version was last handed to a worker: the timeout
    # counts from here (from created_at for versions made before this field).
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tệp văn bản đã tạo")
        verbose_name_plural = _("tệp văn bản đã tạo")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.document} ({self.format}, {self.created_at:%d/%m/%Y %H:%M})"


# The edit form's lock counter and the creator (the trail's actor) would only print as
# untranslated field names ("Version", "Created by").
auditlog.register(
    ReportDocument, exclude_fields=["updated_at", "snapshot", "version", "created_by"]
)
auditlog.register(SignedScan, exclude_fields=["file"])
auditlog.register(ReportVersion, include_fields=["state", "sha256"])

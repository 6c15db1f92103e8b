"""Reporting periods, report outlines, the units' progress reports and reminders."""

import calendar
from datetime import date

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.emulation_year import EmulationYear
from blocs.models import Bloc, Organization, YearKind
from emulation_portal.fields import (
    LONG_TEXT_MAX,
    MEDIUM_TEXT_MAX,
    NOT_NEGATIVE,
    SHORT_TEXT_MAX,
    text_validators,
)
from emulation_portal.models import StoredFile

from .registration import EDITABLE_STATUSES, CampaignPhase, ReviewStatus, Target


class ReportOutline(models.Model):
    """A report outline (đề cương) as data: a numbered tree of sections (Phần I → I → 1 → a)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên đề cương"), max_length=255)
    authority = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outlines",
    )
    year = models.PositiveSmallIntegerField(_("năm áp dụng"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đề cương báo cáo")
        verbose_name_plural = _("đề cương báo cáo")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name


class OutlineSection(models.Model):
    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("Đơn vị viết")
        COMPUTED = "computed", _("Lấy từ dữ liệu")
        STATISTIC = "statistic", _("Số liệu thống kê")

    class Source(models.TextChoices):
        NONE = "", _("—")
        TARGETS = "targets_table", _("Kết quả thực hiện chỉ tiêu")
        TITLES = "titles_registered", _("Danh hiệu đăng ký")
        AWARDS = "awards_received", _("Khen thưởng đã nhận")
        DOCUMENTS = "documents_issued", _("Văn bản đã ban hành")
        RANKING = "ranking", _("Chấm điểm, xếp hạng")

    outline = models.ForeignKey(ReportOutline, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    ordinal = models.PositiveSmallIntegerField(_("thứ tự"))
    number = models.CharField(_("số mục"), max_length=20, blank=True)
    title = models.CharField(_("tên mục"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.NARRATIVE)
    source = models.CharField(
        _("nguồn dữ liệu"), max_length=20, choices=Source.choices, blank=True, default=""
    )
    hint = models.TextField(
        _("gợi ý nội dung"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )

    class Meta:
        verbose_name = _("mục đề cương")
        verbose_name_plural = _("mục đề cương")
        ordering = ["outline", "parent_id", "ordinal"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class PeriodManager(models.Manager):
    # A period's headings and kind label speak its authority's year (calendar or school), so
    # the authority comes with every period read, not one query more per period shown.
    def get_queryset(self):
        return super().get_queryset().select_related("authority")


class ReportingPeriod(models.Model):
    """Sơ kết 6 tháng (01/01–15/06 by default), tổng kết năm (01/01–15/11), a campaign phase."""

    class Kind(models.TextChoices):
        H1 = "h1", _("Sơ kết 6 tháng")
        ANNUAL = "annual", _("Tổng kết năm")
        PHASE = "phase", _("Đợt thi đua")
        QUARTER = "quarter", _("Quý")

    authority = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan quy định"),
        on_delete=models.PROTECT,
        related_name="reporting_periods",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại kỳ"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên kỳ báo cáo"), max_length=255)
    start = models.DateField(_("số liệu từ ngày"))
    end = models.DateField(_("đến ngày"))
    due = models.DateField(_("hạn nộp báo cáo"))
    phase = models.ForeignKey(
        CampaignPhase,
        verbose_name=_("đợt thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outline = models.ForeignKey(
        ReportOutline,
        verbose_name=_("đề cương"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="periods",
    )
    is_closed = models.BooleanField(
        _("đã khoá sổ"),
        default=False,
        help_text=_("Khoá sổ thì đơn vị không gửi báo cáo được nữa."),
    )

    objects = PeriodManager()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "start", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="period_dates",
                violation_error_message=_("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["authority", "year", "kind"],
                condition=Q(phase__isnull=True),
                name="period_unique_kind_per_year",
                violation_error_message=_("Cơ quan đã có kỳ báo cáo loại này trong năm."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def kind_label(self) -> str:
        return period_kind_label(self.kind, self.authority.year_kind)

    def clean(self):
        # A period follows a shared outline or its own authority's, never another authority's.
        if self.outline_id and self.outline.authority_id not in (None, self.authority_id):
            raise ValidationError(
                {
                    "outline": _("Đề cương này thuộc %(authority)s.")
                    % {"authority": self.outline.authority}
                }
            )


PARTS = ("start", "end", "due")
DAY = [MinValueValidator(1), MaxValueValidator(31)]
MONTH = [MinValueValidator(1), MaxValueValidator(12)]

# A school year's two periods are its semester's and its year's (the kinds' stored values stay).
SCHOOL_KIND_LABELS = {
    ReportingPeriod.Kind.H1: _("Sơ kết học kỳ I"),
    ReportingPeriod.Kind.ANNUAL: _("Tổng kết năm học"),
}


def period_kind_label(kind: str, year_kind: str) -> str:
    """A period kind's name in the authority's year: "Sơ kết 6 tháng" or "Sơ kết học kỳ I"."""
    if year_kind == YearKind.SCHOOL and kind in SCHOOL_KIND_LABELS:
        return str(SCHOOL_KIND_LABELS[kind])
    return str(ReportingPeriod.Kind(kind).label)


class PeriodSchedule(models.Model):
    """An authority's own dates for a period kind, as (month, day) in its emulation year: a
    month from the year's start month on falls in the year's first calendar year, an earlier
    one in the next (a school year's 15/01 is in its second year). Used by
    `progress.periods_ensure_defaults` instead of the built-in dates and outline."""

    authority = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan quy định"),
        on_delete=models.CASCADE,
        related_name="period_schedules",
    )
    kind = models.CharField(
        _("loại kỳ"),
        max_length=10,
        choices=[
            (ReportingPeriod.Kind.H1, ReportingPeriod.Kind.H1.label),
            (ReportingPeriod.Kind.ANNUAL, ReportingPeriod.Kind.ANNUAL.label),
        ],
    )
    start_day = models.PositiveSmallIntegerField(_("số liệu từ ngày"), validators=DAY)
    start_month = models.PositiveSmallIntegerField(_("tháng"), validators=MONTH)
    end_day = models.PositiveSmallIntegerField(_("đến ngày"), validators=DAY)
    end_month = models.PositiveSmallIntegerField(_("tháng"), validators=MONTH)
    due_day = models.PositiveSmallIntegerField(_("hạn nộp ngày"), validators=DAY)
    due_month = models.PositiveSmallIntegerField(_("tháng"), validators=MONTH)
    outline = models.ForeignKey(
        ReportOutline,
        verbose_name=_("đề cương"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lịch kỳ báo cáo")
        verbose_name_plural = _("lịch kỳ báo cáo")
        ordering = ["authority", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "kind"],
                name="period_schedule_once_per_kind",
                violation_error_message=_("Mỗi loại kỳ chỉ có một lịch."),
            ),
        ]

    def __str__(self):
        return f"{self.authority} – {period_kind_label(self.kind, self.authority.year_kind)}"

    def dates(self, year: EmulationYear) -> tuple[date, date, date]:
        """Start, end and due date of the period in `year`."""
        return tuple(year.on(getattr(self, f"{n}_month"), getattr(self, f"{n}_day")) for n in PARTS)

    def clean(self):
        errors = {}
        for name in PARTS:
            month, day = getattr(self, f"{name}_month"), getattr(self, f"{name}_day")
            if month in range(1, 13) and day and day > calendar.monthrange(2000, month)[1]:
                errors[f"{name}_day"] = _("Tháng %(month)s không có ngày %(day)s.") % {
                    "month": month,
                    "day": day,
                }
        if errors:
            raise ValidationError(errors)
        months_days = [(getattr(self, f"{n}_month"), getattr(self, f"{n}_day")) for n in PARTS]
        if self.authority_id is None or not all(
            month in range(1, 13) and day in range(1, 32) for month, day in months_days
        ):
            return  # the fields' own errors say what is missing or out of range
        year = EmulationYear.of(self.authority, 2000)
        start, end, due = self.dates(year)
        kind = period_kind_label(self.kind, self.authority.year_kind)
        for name, day in (("start", start), ("end", end)):
            if day not in year:
                errors[f"{name}_month"] = _("%(kind)s: ngày %(day)s nằm ngoài %(year)s.") % {
                    "kind": kind,
                    "day": day.strftime("%d/%m"),
                    "year": _("năm học") if year.is_school else _("năm"),
                }
        if not errors and end < start:
            errors["end_day"] = _("%(kind)s: ngày kết thúc phải sau ngày bắt đầu.") % {"kind": kind}
        if not errors and due < end:
            errors["due_day"] = _("%(kind)s: hạn nộp phải sau ngày kết thúc.") % {"kind": kind}
        if errors:
            raise ValidationError(errors)


class ProgressReport(models.Model):
    """A unit's report for a period: target states, narrative answers, documents issued."""

    Status = ReviewStatus
    EDITABLE = EDITABLE_STATUSES

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    bloc = models.ForeignKey(
        Bloc, verbose_name=_("khối, cụm"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    is_late = models.BooleanField(_("gửi trễ hạn"), default=False)
    decided_at = models.DateTimeField(_("ngày chấp nhận, trả lại"), null=True, blank=True)
    return_reason = models.TextField(
        _("lý do trả lại"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )
    outline_snapshot = models.JSONField(
        _("đề cương tại lúc gửi"),
        default=list,
        blank=True,
        help_text=_("Các mục đề cương như lúc đơn vị gửi; sửa đề cương sau đó không đổi báo cáo."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo kết quả thi đua")
        verbose_name_plural = _("báo cáo kết quả thi đua")
        ordering = ["period", "bloc", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "bloc", "organization"],
                name="progress_unique_unit",
                violation_error_message=_("Đơn vị đã có báo cáo của kỳ này trong khối."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def get_additional_data(self):
        return {"progress_report_id": self.pk, "bloc_id": self.bloc_id}


class TargetProgress(models.Model):
    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        DONE_LATE = "done_late", _("Hoàn thành trễ hạn")
        NOT_ACHIEVED = "not_achieved", _("Không đạt")
        DROPPED = "dropped", _("Không thực hiện (điều chỉnh)")

    DONE_STATES = (State.DONE, State.DONE_LATE)
    CLOSED_STATES = (State.DONE, State.DONE_LATE, State.NOT_ACHIEVED, State.DROPPED)

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="progress")
    # PROTECT: what a unit reported must never vanish with a target deleted by a save or an
    # import (services refuse first, with a message naming the target).
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="progress")
    state = models.CharField(
        _("tình hình"), max_length=12, choices=State.choices, default=State.NOT_STARTED
    )
    achieved_value = models.DecimalField(
        _("kết quả đạt được"),
        max_digits=18,
        decimal_places=3,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    note = models.TextField(
        _("ghi chú, minh chứng"),
        blank=True,
        validators=text_validators(MEDIUM_TEXT_MAX),
    )

    class Meta:
        verbose_name = _("kết quả thực hiện chỉ tiêu")
        verbose_name_plural = _("kết quả thực hiện chỉ tiêu")
        ordering = ["report", "target__ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "target"],
                name="progress_unique_target",
                violation_error_message=_("Chỉ tiêu đã có trong báo cáo này."),
            ),
        ]

    def __str__(self):
        return f"{self.target} – {self.get_state_display()}"

    def get_additional_data(self):
        return {"progress_report_id": self.report_id}


class Evidence(StoredFile):
    """A file backing a target's result; stored under a random name, served after a check."""

    # PROTECT: a cascade would delete the row and orphan its file on disk; evidence goes only
    # through `progress.evidence_remove`, which deletes the file too.
    progress = models.ForeignKey(TargetProgress, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/")

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class NarrativeAnswer(models.Model):
    """What a unit wrote for a narrative section, or the number for a statistic section."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(OutlineSection, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(
        _("nội dung"),
        blank=True,
        validators=text_validators(LONG_TEXT_MAX),
    )
    value = models.DecimalField(
        _("số liệu"), max_digits=18, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("nội dung báo cáo theo mục")
        verbose_name_plural = _("nội dung báo cáo theo mục")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section"],
                name="answer_unique_section",
                violation_error_message=_("Mục đề cương này đã có nội dung trong báo cáo."),
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.section}"


class IssuedDocument(models.Model):
    """A plan or document the unit issued in the period (seed 004 lists these)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="documents")
    symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)

    class Meta:
        verbose_name = _("văn bản đã ban hành")
        verbose_name_plural = _("văn bản đã ban hành")
        ordering = ["issued_on", "symbol"]

    def __str__(self):
        return f"{self.symbol} ngày {self.issued_on:%d/%m/%Y}"


auditlog.register(ReportOutline)
auditlog.register(OutlineSection)
auditlog.register(ReportingPeriod)
auditlog.register(PeriodSchedule)
auditlog.register(ProgressReport, exclude_fields=["updated_at", "updated_by", "outline_snapshot"])
auditlog.register(TargetProgress)
auditlog.register(Evidence, exclude_fields=["file"])
auditlog.register(NarrativeAnswer)
auditlog.register(IssuedDocument)

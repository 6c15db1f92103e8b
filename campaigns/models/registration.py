from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc, Organization
from emulation_portal.fields import (
    LONG_TEXT_MAX,
    MEDIUM_TEXT_MAX,
    NOT_NEGATIVE,
    SHORT_TEXT_MAX,
    text_validators,
)
from emulation_portal.text import nfc


class Campaign(models.Model):
    """A phong trào thi đua launched by an authority (e.g. Kế hoạch 20/KH-UBND of 21/01/2020)."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Thường xuyên (hằng năm)")
        THEMATIC = "thematic", _("Chuyên đề")
        PHASED = "phased", _("Theo đợt")
        AD_HOC = "ad_hoc", _("Đột xuất")

    name = models.CharField(_("tên phong trào"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("năm"))
    authority = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan phát động"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    plan_symbol = models.CharField(_("số ký hiệu kế hoạch"), max_length=50, blank=True)
    plan_date = models.DateField(_("ngày kế hoạch"), null=True, blank=True)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    registration_deadline = models.DateField(_("hạn đăng ký thi đua"), null=True, blank=True)
    description = models.TextField(
        _("nội dung"),
        blank=True,
        validators=text_validators(LONG_TEXT_MAX),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-year", "authority__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="campaign_dates",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="campaign_year_range",
                violation_error_message=_("Năm phải từ 2000 đến 2100."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = nfc(self.name)
        self.plan_symbol = nfc(self.plan_symbol)
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})

    @property
    def blocs(self):
        return Bloc.objects.filter(authority_id=self.authority_id, is_active=True)


class CampaignPhase(models.Model):
    """Đợt 1 (01/01–30/06), Đợt 2 (01/07–31/12) of a phased campaign (seed 002)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    ordinal = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên đợt"), max_length=100)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("đợt thi đua")
        verbose_name_plural = _("đợt thi đua")
        ordering = ["campaign", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "ordinal"],
                name="phase_unique_ordinal",
                violation_error_message=_("Phong trào đã có đợt thi đua với thứ tự này."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="phase_dates",
                violation_error_message=_("Ngày kết thúc của đợt phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"

    def get_additional_data(self):
        return {"campaign_id": self.campaign_id}


class ReviewStatus(models.TextChoices):
    """A unit's paper on its way to the bloc secretariat: registrations and progress reports."""

    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")


EDITABLE_STATUSES = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


class Registration(models.Model):
    """A unit's đăng ký thi đua / giao ước for a campaign within its bloc."""

    Status = ReviewStatus
    EDITABLE = EDITABLE_STATUSES

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    bloc = models.ForeignKey(
        Bloc, verbose_name=_("khối, cụm"), on_delete=models.PROTECT, related_name="registrations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    position = models.PositiveSmallIntegerField(
        _("thứ tự trong bảng tổng hợp"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    decided_at = models.DateTimeField(_("ngày chấp nhận, trả lại"), null=True, blank=True)
    return_reason = models.TextField(
        _("lý do trả lại"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["campaign", "bloc", "position", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "bloc", "organization"],
                name="registration_unique_unit",
                violation_error_message=_(
                    "Đơn vị đã có đăng ký thi đua trong khối cho phong trào này."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.campaign}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def get_additional_data(self):
        return {"registration_id": self.pk, "bloc_id": self.bloc_id}


class Target(models.Model):
    """A registered chỉ tiêu. `due_text` keeps what the user wrote; start/end are what it means."""

    class Kind(models.TextChoices):
        QUALITATIVE = "qualitative", _("Định tính")
        QUANTITATIVE = "quantitative", _("Định lượng")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    ordinal = models.PositiveSmallIntegerField(_("STT"))
    text = models.TextField(
        _("chỉ tiêu thi đua"),
        validators=text_validators(MEDIUM_TEXT_MAX),
    )
    kind = models.CharField(
        _("loại chỉ tiêu"), max_length=12, choices=Kind.choices, default=Kind.QUALITATIVE
    )
    planned_value = models.DecimalField(
        _("giá trị phấn đấu"),
        max_digits=18,
        decimal_places=3,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    due_text = models.CharField(_("thời gian hoàn thành (dự kiến)"), max_length=255, blank=True)
    due_start = models.DateField(_("từ ngày"), null=True, blank=True)
    due_end = models.DateField(_("đến ngày"), null=True, blank=True)
    due_status = models.CharField(_("tình trạng ghi kèm"), max_length=255, blank=True)
    due_recognised = models.BooleanField(_("hiểu được thời hạn"), default=True)
    points = models.DecimalField(
        _("điểm"), max_digits=7, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    note = models.TextField(
        _("ghi chú"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )

    class Meta:
        verbose_name = _("chỉ tiêu thi đua")
        verbose_name_plural = _("chỉ tiêu thi đua")
        ordering = ["registration", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "ordinal"],
                name="target_unique_ordinal",
                violation_error_message=_("Hai chỉ tiêu trùng số thứ tự trong cùng một đăng ký."),
            ),
            models.CheckConstraint(
                condition=Q(kind="qualitative") | Q(planned_value__isnull=False),
                name="target_quantitative_has_value",
                violation_error_message=_("Chỉ tiêu định lượng cần giá trị phấn đấu."),
            ),
        ]

    def __str__(self):
        return f"{self.ordinal}. {self.text[:60]}"

    def get_additional_data(self):
        return {"registration_id": self.registration_id}


class TitleRegistration(models.Model):
    """ "Chiến sĩ thi đua cơ sở: 18 cá nhân" — a title the unit plans to reach, with a count."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="titles")
    award_type = models.ForeignKey(
        "awards.AwardType",
        verbose_name=_("danh hiệu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("số lượng"))
    ordinal = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("đăng ký danh hiệu")
        verbose_name_plural = _("đăng ký danh hiệu")
        ordering = ["registration", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "award_type"],
                name="title_unique_award_type",
                violation_error_message=_("Mỗi danh hiệu chỉ đăng ký một lần."),
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="title_count_positive",
                violation_error_message=_("Số lượng danh hiệu phải từ 1 trở lên."),
            ),
        ]

    def __str__(self):
        return f"{self.award_type}: {self.count:02d}"

    def get_additional_data(self):
        return {"registration_id": self.registration_id}


class ImportBatch(models.Model):
    """An uploaded registration workbook, kept from preview to confirmation (and for the record)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Đã xem trước")
        APPLIED = "applied", _("Đã nhập")
        CANCELLED = "cancelled", _("Đã huỷ")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="imports")
    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    replace_accepted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập Excel")
        verbose_name_plural = _("lần nhập Excel")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.bloc.code}, {self.created_at:%d/%m/%Y %H:%M})"


auditlog.register(Campaign)
auditlog.register(CampaignPhase)
auditlog.register(Registration, exclude_fields=["updated_at", "updated_by"])
auditlog.register(Target)
auditlog.register(TitleRegistration)
auditlog.register(ImportBatch)

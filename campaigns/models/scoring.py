"""Scoring schemes (criteria trees with maximum points), scores, and the bloc's meeting result."""

from auditlog.registry import auditlog
from django.db import models
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc, Organization
from emulation_portal.fields import NOT_NEGATIVE, SHORT_TEXT_MAX, text_validators


class ScoringScheme(models.Model):
    """The bloc's thang điểm for a year (or its six-month review), e.g. a 100-point grid."""

    class PeriodKind(models.TextChoices):
        ANNUAL = "annual", _("Tổng kết năm")
        H1 = "h1", _("Sơ kết 6 tháng")

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("khối, cụm"), on_delete=models.PROTECT, related_name="schemes"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    period_kind = models.CharField(
        _("kỳ chấm điểm"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.ANNUAL
    )
    name = models.CharField(_("tên thang điểm"), max_length=255)
    note = models.TextField(
        _("ghi chú"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )

    class Meta:
        verbose_name = _("thang điểm")
        verbose_name_plural = _("thang điểm")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "period_kind"],
                name="scheme_unique_bloc_year_period",
                violation_error_message=_("Khối đã có thang điểm cho kỳ này trong năm."),
            ),
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    ordinal = models.PositiveSmallIntegerField(_("thứ tự"))
    number = models.CharField(_("số mục"), max_length=20, blank=True)
    title = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=7, decimal_places=2, validators=NOT_NEGATIVE
    )
    from_targets = models.BooleanField(
        _("tính từ chỉ tiêu đã đăng ký"),
        default=False,
        help_text=_("Điểm gợi ý = điểm tối đa × tỷ lệ chỉ tiêu hoàn thành của đơn vị."),
    )

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["scheme", "parent_id", "ordinal"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class Score(models.Model):
    """Self-assessment and bloc assessment of one unit on one leaf criterion."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="scores")
    self_points = models.DecimalField(
        _("điểm tự chấm"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    bloc_points = models.DecimalField(
        _("điểm khối chấm"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    self_comment = models.TextField(
        _("giải trình của đơn vị"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )
    comment = models.TextField(
        _("nhận xét của khối"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )

    class Meta:
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "organization"],
                name="score_unique",
                violation_error_message=_("Đơn vị đã có điểm cho tiêu chí này."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.criterion}"

    def get_additional_data(self):
        return {"scheme_id": self.criterion.scheme_id}


class MeetingResult(models.Model):
    """The bloc's year-end meeting: who the members voted to propose for Cờ thi đua, Bằng khen."""

    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="meetings")
    year = models.PositiveSmallIntegerField(_("năm"))
    held_on = models.DateField(_("ngày họp"))
    attendees = models.PositiveSmallIntegerField(_("số đơn vị dự họp"))
    note = models.TextField(
        _("ghi chú"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )

    class Meta:
        verbose_name = _("kết quả họp bình xét")
        verbose_name_plural = _("kết quả họp bình xét")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="meeting_unique_bloc_year",
                violation_error_message=_("Khối đã ghi kết quả họp bình xét của năm này."),
            ),
        ]

    def __str__(self):
        return f"{self.bloc} {self.year}"


class MeetingNomination(models.Model):
    meeting = models.ForeignKey(MeetingResult, on_delete=models.CASCADE, related_name="nominations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    award_type = models.ForeignKey("awards.AwardType", on_delete=models.PROTECT, related_name="+")
    votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"))

    class Meta:
        verbose_name = _("đơn vị được suy tôn")
        verbose_name_plural = _("đơn vị được suy tôn")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization", "award_type"],
                name="nomination_unique",
                violation_error_message=_("Đơn vị đã được suy tôn danh hiệu này trong cuộc họp."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.award_type}"


auditlog.register(ScoringScheme)
auditlog.register(Criterion)
auditlog.register(Score)
auditlog.register(MeetingResult)
auditlog.register(MeetingNomination)

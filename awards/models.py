from auditlog.registry import auditlog
from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardType(models.Model):
    """One entry of the legal catalogue: an emulation title or an award form (domain.md §1, §7)."""

    class Category(models.TextChoices):
        TITLE = "title", _("Danh hiệu thi đua")
        AWARD = "award", _("Hình thức khen thưởng")

    class Recipient(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")
        BOTH = "both", _("Cá nhân và tập thể")
        HOUSEHOLD = "household", _("Hộ gia đình")

    class Level(models.TextChoices):
        BASE = "co_so", _("Cơ sở")
        PROVINCE = "bo_tinh", _("Bộ, ngành, tỉnh")
        STATE = "nha_nuoc", _("Nhà nước")

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    category = models.CharField(_("nhóm"), max_length=10, choices=Category.choices)
    recipient = models.CharField(_("đối tượng"), max_length=12, choices=Recipient.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    conferring_authority = models.CharField(_("thẩm quyền quyết định"), max_length=255, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    summary_order = models.PositiveSmallIntegerField(_("thứ tự trong bảng tổng hợp"), default=0)
    aliases = models.TextField(
        _("cách viết khác"),
        blank=True,
        help_text=_("Mỗi dòng một cách viết người dùng hay dùng, ví dụ: Cờ thi đua Tỉnh."),
    )

    class Meta:
        verbose_name = _("loại danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh mục danh hiệu, hình thức khen thưởng")
        ordering = ["summary_order", "name"]

    def __str__(self):
        return self.name

    @property
    def unit_word(self) -> str:
        """How counts are written in registration tables: "18 cá nhân", "01 tập thể"."""
        return "cá nhân" if self.recipient == self.Recipient.INDIVIDUAL else "tập thể"

    @property
    def for_collectives(self) -> bool:
        return self.recipient in (self.Recipient.COLLECTIVE, self.Recipient.BOTH)


auditlog.register(AwardType)

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation_portal.fields import MEDIUM_TEXT_MAX, SHORT_TEXT_MAX, text_validators
from emulation_portal.models import StoredFile


class AwardTypeQuerySet(models.QuerySet):
    def conferrable_by(self, authority, *, active_only: bool = True):
        """The awards an authority confers itself or proposes to the body above it (a province:
        its own and the State's): what a bloc of that authority may register. Other apps use
        this instead of importing awards.powers (DESIGN §2)."""
        from . import powers

        rows = self.filter(is_active=True) if active_only else self.all()
        if authority is None:
            return rows.none()
        return rows.filter(
            pk__in=[
                a.pk for a in rows if powers.confers(authority, a) or powers.proposes(authority, a)
            ]
        )


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
    min_interval_years = models.PositiveSmallIntegerField(
        _("khoảng cách tối thiểu giữa hai lần (năm)"),
        default=0,
        help_text=_("0 = không giới hạn. Ví dụ Bằng khen UBND tỉnh cùng đối tượng: theo quy chế."),
    )

    class DecidedBy(models.TextChoices):
        CENTRAL = "central", _("Chủ tịch nước, Thủ tướng Chính phủ")
        MINISTRY = "ministry", _("Bộ trưởng, Thủ trưởng cơ quan ngang bộ")
        PROVINCE = "province", _("Chủ tịch Ủy ban nhân dân tỉnh")
        MINISTRY_PROVINCE = "ministry_province", _("Bộ trưởng hoặc Chủ tịch UBND tỉnh")
        DISTRICT = "district", _("Chủ tịch Ủy ban nhân dân cấp huyện")
        COMMUNE = "commune", _("Chủ tịch Ủy ban nhân dân cấp xã")
        UNIT = "unit", _("Thủ trưởng cơ quan, đơn vị")

    decided_by = models.CharField(
        _("cấp quyết định"),
        max_length=20,
        choices=DecidedBy.choices,
        blank=True,
        help_text=_("Để trống: theo cấp của danh hiệu, hình thức (awards/powers.py)."),
    )
    is_active = models.BooleanField(_("còn áp dụng"), default=True)
    aliases = models.TextField(
        _("cách viết khác"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
        help_text=_("Mỗi dòng một cách viết người dùng hay dùng, ví dụ: Cờ thi đua Tỉnh."),
    )

    objects = AwardTypeQuerySet.as_manager()

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


class PersonYear(models.Model):
    """A person's yearly evaluation (NĐ 90/2020, 48/2023) and discipline: eligibility reads it."""

    class Rating(models.TextChoices):
        EXCELLENT = "htxsnv", _("Hoàn thành xuất sắc nhiệm vụ")
        GOOD = "httnv", _("Hoàn thành tốt nhiệm vụ")
        DONE = "htnv", _("Hoàn thành nhiệm vụ")
        FAILED = "khtnv", _("Không hoàn thành nhiệm vụ")

    class Discipline(models.TextChoices):
        NONE = "", _("Không")
        REPRIMAND = "khien_trach", _("Khiển trách")
        WARNING = "canh_cao", _("Cảnh cáo")
        HEAVIER = "nang_hon", _("Nặng hơn cảnh cáo")

    person = models.ForeignKey("blocs.Person", on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=8, choices=Rating.choices)
    discipline = models.CharField(
        _("kỷ luật"), max_length=12, choices=Discipline.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("đánh giá, xếp loại hằng năm")
        verbose_name_plural = _("đánh giá, xếp loại hằng năm")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="person_year_unique",
                violation_error_message=_("Người này đã có đánh giá, xếp loại của năm này."),
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.year}: {self.get_rating_display()}"


class Initiative(models.Model):
    """A recognised sáng kiến; it may back only one proposal (CV 5007/BNV-TĐKT)."""

    class Scope(models.TextChoices):
        BASE = "co_so", _("Cơ sở")
        PROVINCE = "tinh", _("Tỉnh, bộ, ngành")
        NATIONAL = "toan_quoc", _("Toàn quốc")

    person = models.ForeignKey("blocs.Person", on_delete=models.CASCADE, related_name="initiatives")
    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    title = models.CharField(_("tên sáng kiến"), max_length=500)
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=Scope.choices)
    recognized_by = models.CharField(_("quyết định công nhận"), max_length=255, blank=True)
    used_by = models.ForeignKey(
        "Nominee",
        verbose_name=_("đã dùng cho đề nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives_used",
    )

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title


class Proposal(models.Model):
    """A tờ trình đề nghị khen thưởng with its nominees and dossier, on its way through review."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Thường xuyên (tổng kết năm)")
        THEMATIC = "thematic", _("Theo chuyên đề")
        AD_HOC = "ad_hoc", _("Đột xuất")
        PHASE = "phase", _("Theo đợt")
        SIMPLIFIED = "simplified", _("Thủ tục đơn giản")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RECEIVED = "received", _("Đã tiếp nhận")
        CHECKED = "checked", _("Đã thẩm định")
        COUNCIL = "council", _("Đã có ý kiến Hội đồng")
        APPROVED = "approved", _("Đã duyệt")
        RETURNED = "returned", _("Trả lại để bổ sung")
        REJECTED = "rejected", _("Không duyệt")
        DECIDED = "decided", _("Đã có quyết định")

    OPEN = (Status.SUBMITTED, Status.RECEIVED, Status.CHECKED, Status.COUNCIL)
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    proposer = models.ForeignKey(
        "blocs.Organization",
        verbose_name=_("đơn vị trình"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    bloc = models.ForeignKey(
        "blocs.Bloc",
        verbose_name=_("khối, cụm (đề nghị của khối)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    authority = models.ForeignKey(
        "blocs.Organization",
        verbose_name=_("cấp quyết định"),
        on_delete=models.PROTECT,
        related_name="proposals_received",
    )
    kind = models.CharField(_("loại khen thưởng"), max_length=12, choices=Kind.choices)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    title = models.CharField(_("trích yếu"), max_length=255)
    symbol = models.CharField(_("số, ký hiệu tờ trình"), max_length=60, blank=True)
    dated = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(
        _("lý do trả lại"), blank=True, validators=text_validators(SHORT_TEXT_MAX)
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tờ trình đề nghị khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị khen thưởng")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def get_additional_data(self):
        return {"proposal_id": self.pk}


class Nominee(models.Model):
    class Verdict(models.TextChoices):
        PENDING = "pending", _("Chưa thẩm định")
        ELIGIBLE = "eligible", _("Đủ điều kiện")
        MORE_DOCUMENTS = "more_documents", _("Cần bổ sung hồ sơ")
        NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện")
        APPROVED = "approved", _("Được duyệt")
        REJECTED = "rejected", _("Không duyệt")
        WITHDRAWN = "withdrawn", _("Đã rút")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="nominees")
    person = models.ForeignKey(
        "blocs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    organization = models.ForeignKey(
        "blocs.Organization",
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT
    )
    achievement = models.TextField(
        _("tóm tắt thành tích"), validators=text_validators(MEDIUM_TEXT_MAX)
    )
    verdict = models.CharField(
        _("kết quả thẩm định"), max_length=16, choices=Verdict.choices, default=Verdict.PENDING
    )
    verdict_note = models.TextField(
        _("lý do, ghi chú thẩm định"), blank=True, validators=text_validators(SHORT_TEXT_MAX)
    )
    checks = models.JSONField(_("kết quả kiểm tra điều kiện"), default=list, blank=True)
    override_reason = models.TextField(
        _("lý do vẫn đề nghị dù chưa đạt điều kiện"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )
    decision = models.ForeignKey(
        "Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominees"
    )

    class Meta:
        verbose_name = _("đối tượng đề nghị")
        verbose_name_plural = _("đối tượng đề nghị")
        ordering = ["proposal", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, organization__isnull=True)
                | models.Q(person__isnull=True, organization__isnull=False),
                name="nominee_person_or_organization",
                violation_error_message=_("Hãy chọn một cá nhân hoặc một tập thể (chỉ một)."),
            ),
            # Once per award in a proposal; a withdrawn nominee no longer counts.
            models.UniqueConstraint(
                fields=["proposal", "award_type", "person"],
                condition=models.Q(person__isnull=False) & ~models.Q(verdict="withdrawn"),
                name="nominee_person_once_per_award",
                violation_error_message=_(
                    "Cá nhân này đã được đề nghị danh hiệu, hình thức này trong tờ trình."
                ),
            ),
            models.UniqueConstraint(
                fields=["proposal", "award_type", "organization"],
                condition=models.Q(organization__isnull=False) & ~models.Q(verdict="withdrawn"),
                name="nominee_unit_once_per_award",
                violation_error_message=_(
                    "Tập thể này đã được đề nghị danh hiệu, hình thức này trong tờ trình."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.recipient_name} – {self.award_type}"

    @property
    def recipient_name(self) -> str:
        return str(self.person or self.organization)

    def get_additional_data(self):
        return {"proposal_id": self.proposal_id}


class DossierDocument(StoredFile):
    class Kind(models.TextChoices):
        SUBMISSION = "to_trinh", _("Tờ trình đề nghị khen thưởng (kèm danh sách)")
        MINUTES = "bien_ban", _("Biên bản họp Hội đồng thi đua – khen thưởng")
        REPORT = "bao_cao", _("Báo cáo thành tích (có xác nhận của cấp trình)")
        SUMMARY = "tom_tat", _("Báo cáo tóm tắt thành tích")
        INITIATIVE = "sang_kien", _("Quyết định, giấy xác nhận công nhận sáng kiến")
        BLOC_MINUTES = "bien_ban_khoi", _("Biên bản họp bình xét của khối, cụm")
        EVIDENCE = "minh_chung", _("Tài liệu minh chứng khác")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    nominee = models.ForeignKey(
        Nominee, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=16, choices=Kind.choices)
    file = models.FileField(upload_to="dossiers/%Y/")

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["proposal", "nominee_id", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class ReviewAction(models.Model):
    """One step of the review, shown as the proposal's timeline."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="actions")
    nominee = models.ForeignKey(
        Nominee, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    action = models.CharField(_("thao tác"), max_length=30)
    label = models.CharField(_("nội dung"), max_length=255)
    # A verdict's entry holds its note and its override reason together (2 × 2.000).
    comment = models.TextField(_("ý kiến"), blank=True, validators=text_validators(MEDIUM_TEXT_MAX))
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước thẩm định")
        verbose_name_plural = _("bước thẩm định")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.label} ({self.at:%d/%m/%Y %H:%M})"


class Decision(models.Model):
    """A numbered decision ("40/QĐ-UBND.KT"): immutable once issued, corrected by a later one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    authority = models.ForeignKey(
        "blocs.Organization",
        verbose_name=_("cơ quan quyết định"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    symbol_suffix = models.CharField(
        _("ký hiệu"), max_length=40, default="QĐ-UBND", help_text=_("Ví dụ: QĐ-UBND.KT")
    )
    dated = models.DateField(_("ngày ký"))
    title = models.CharField(_("trích yếu"), max_length=500)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("đính chính, thay thế quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "number"],
                name="decision_number_unique",
                violation_error_message=_("Cơ quan đã có quyết định mang số này trong năm."),
            ),
        ]

    def __str__(self):
        return self.symbol

    @property
    def symbol(self) -> str:
        return f"{self.number:02d}/{self.symbol_suffix}"


class Award(models.Model):
    """The award registry: who received what, for which year, by which decision."""

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="awards")
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="awards")
    person = models.ForeignKey(
        "blocs.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    organization = models.ForeignKey(
        "blocs.Organization",
        verbose_name=_("tập thể hoặc đơn vị của cá nhân"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    nominee = models.OneToOneField(
        Nominee, null=True, blank=True, on_delete=models.PROTECT, related_name="award"
    )
    # What a certificate's QR code and the public verification page name the award by: random,
    # so nobody can walk the registry by counting ids.
    verification_code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("sổ khen thưởng")
        ordering = ["-year", "award_type__summary_order"]
        indexes = [models.Index(fields=["organization", "year"])]

    def __str__(self):
        return f"{self.person or self.organization} – {self.award_type} ({self.year})"

    @property
    def is_collective(self) -> bool:
        return self.person_id is None


auditlog.register(AwardType)
auditlog.register(PersonYear)
auditlog.register(Initiative)
auditlog.register(Proposal)
auditlog.register(Nominee, exclude_fields=["checks"])
auditlog.register(DossierDocument, exclude_fields=["file"])
auditlog.register(Decision)
auditlog.register(Award)

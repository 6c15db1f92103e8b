from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from emulation_portal.fields import SHORT_TEXT_MAX, text_validators
from emulation_portal.text import ViCollate, nfc

MIN_YEAR, MAX_YEAR = 2000, 2100
BIRTH_YEAR_MIN, BIRTH_YEAR_MAX = 1900, 2100


class User(AbstractUser):
    """A portal account. Vietnamese names are kept whole ("Huỳnh Văn Quân"), not split in two."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self):
        return self.full_name or super().get_full_name()

    def get_short_name(self):
        # The whole name: the admin greets "Xin chào, Nguyễn Văn Thống.", not "…, Thống."
        return self.full_name or super().get_short_name()


class YearKind(models.TextChoices):
    CALENDAR = "calendar", _("Năm dương lịch (01/01–31/12)")
    SCHOOL = "school", _("Năm học")


SCHOOL_START_MONTH, SCHOOL_END_MONTH = 9, 5
MONTH_CHOICES = [(month, format_lazy(_("Tháng {:02d}"), month)) for month in range(1, 13)]


class Organization(models.Model):
    """An agency or administrative unit; provinces and emulation offices are ones too."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Huyện, thị xã, thành phố thuộc tỉnh")
        COMMUNE = "commune", _("Xã, phường, thị trấn")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
        MASS_ORGANIZATION = "mass_org", _("Hội, đoàn thể")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        CENTRAL = "central", _("Cơ quan trung ương")

    code = models.CharField(
        _("mã"),
        max_length=40,
        unique=True,
        help_text=_("Mã ổn định dùng trong lệnh và tệp xuất, ví dụ DT-SKHCN."),
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    emulation_office_for = models.ForeignKey(
        "self",
        verbose_name=_("là cơ quan thường trực thi đua – khen thưởng của"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emulation_offices",
        help_text=_(
            "Ví dụ: Sở Nội vụ là cơ quan thường trực của UBND tỉnh. "
            "Cán bộ của cơ quan này là người thẩm định và quản lý các khối, cụm của cấp đó."
        ),
    )
    # How the authority's emulation year runs (blocs/emulation_year.py): a calendar year, or a
    # school year from `year_start_month` to `year_end_month` of the next calendar year.
    year_kind = models.CharField(
        _("năm thi đua"),
        max_length=10,
        choices=YearKind.choices,
        default=YearKind.CALENDAR,
        help_text=_(
            "Năm học dùng cho ngành giáo dục: khối, cụm, phong trào, kỳ báo cáo và văn bản của "
            "cấp này tính theo năm học (ví dụ năm học 2020–2021)."
        ),
    )
    year_start_month = models.PositiveSmallIntegerField(
        _("năm học bắt đầu từ tháng"),
        default=SCHOOL_START_MONTH,
        choices=MONTH_CHOICES,
    )
    year_end_month = models.PositiveSmallIntegerField(
        _("năm học kết thúc vào tháng"),
        default=SCHOOL_END_MONTH,
        choices=MONTH_CHOICES,
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = [ViCollate("name"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="organization_not_own_parent",
                violation_error_message=_("Cơ quan cấp trên không được là chính nó."),
            ),
            # A school year spans two calendar years: it ends in an earlier month than it starts.
            models.CheckConstraint(
                condition=Q(year_start_month__gte=2, year_start_month__lte=12)
                & Q(year_end_month__gte=1, year_end_month__lt=models.F("year_start_month")),
                name="organization_school_year_months",
                violation_error_message=_(
                    "Năm học phải kết thúc vào một tháng của năm sau, trước tháng bắt đầu."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.code = nfc(self.code).upper()
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("Cơ quan cấp trên không được là chính nó.")})
            ancestor = ancestor.parent
        if not (1 <= self.year_end_month < self.year_start_month <= 12):
            raise ValidationError(
                {
                    "year_end_month": _(
                        "Năm học phải kết thúc vào một tháng của năm sau, trước tháng bắt đầu."
                    )
                }
            )

    @property
    def display_name(self):
        return self.short_name or self.name


class Bloc(models.Model):
    """A khối (agencies) or cụm (districts, provinces) thi đua, run by an authority."""

    class Kind(models.TextChoices):
        BLOC = "bloc", _("Khối thi đua")
        CLUSTER = "cluster", _("Cụm thi đua")

    code = models.CharField(
        _("mã"),
        max_length=40,
        unique=True,
        help_text=_("Dùng trong số ký hiệu văn bản, ví dụ KTĐ4A trong 12/BC-KTĐ4A."),
    )
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.BLOC)
    authority = models.ForeignKey(
        Organization,
        verbose_name=_("cấp tổ chức"),
        on_delete=models.PROTECT,
        related_name="blocs_run",
        help_text=_("Cơ quan tổ chức khối, cụm: UBND tỉnh, UBND huyện hoặc Hội đồng trung ương."),
    )
    description = models.TextField(
        _("ghi chú"),
        blank=True,
        validators=text_validators(SHORT_TEXT_MAX),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("khối, cụm thi đua")
        verbose_name_plural = _("khối, cụm thi đua")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        self.code = nfc(self.code).upper()
        self.name = nfc(self.name)


class BlocMembership(models.Model):
    """Membership is per year, and so are the rotating leader (khối trưởng) and deputy."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Khối trưởng / Cụm trưởng")
        DEPUTY = "deputy", _("Khối phó / Cụm phó")
        MEMBER = "member", _("Thành viên")

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("khối, cụm"), on_delete=models.PROTECT, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(
        _("tham gia từ ngày"),
        null=True,
        blank=True,
        help_text=_("Chỉ ghi khi đơn vị vào khối giữa năm."),
    )
    left_on = models.DateField(
        _("rời khối từ ngày"),
        null=True,
        blank=True,
        help_text=_("Chỉ ghi khi đơn vị rời khối giữa năm: ngày cuối cùng là thành viên."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên khối theo năm")
        verbose_name_plural = _("thành viên khối theo năm")
        ordering = ["bloc", "-year", ViCollate("organization__name")]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "organization", "year"],
                name="membership_unique_unit_per_year",
                violation_error_message=_("Đơn vị đã là thành viên của khối trong năm này."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year"],
                condition=Q(role="leader"),
                name="membership_one_leader_per_year",
                violation_error_message=_("Khối đã có khối trưởng trong năm này."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year"],
                condition=Q(role="deputy"),
                name="membership_one_deputy_per_year",
                violation_error_message=_("Khối đã có khối phó trong năm này."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="membership_year_in_range",
                violation_error_message=_("Năm phải từ 2000 đến 2100."),
            ),
            models.CheckConstraint(
                condition=Q(joined_on__isnull=True)
                | Q(left_on__isnull=True)
                | Q(joined_on__lt=models.F("left_on")),
                name="membership_joins_before_leaving",
                violation_error_message=_("Ngày rời khối phải sau ngày tham gia."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.bloc.code} {self.year}"

    def get_additional_data(self):
        return {"bloc_id": self.bloc_id, "year": self.year}

    @property
    def role_label(self) -> str:
        """ "Khối trưởng" in a khối, "Cụm trưởng" in a cụm."""
        return ROLE_LABELS[self.bloc.kind].get(self.role, self.get_role_display())

    def overlaps(self, start, end) -> bool:
        """Whether the unit was a member at some day from `start` to `end` (a period): only
        then is it expected to register or report for it. Same rule as `member_between`."""
        return (self.joined_on is None or self.joined_on <= end) and (
            self.left_on is None or self.left_on >= start
        )


def member_between(start, end, prefix: str = "") -> Q:
    """Memberships overlapping `start`–`end` (`prefix` reaches them from another model)."""
    return (Q(**{f"{prefix}joined_on__isnull": True}) | Q(**{f"{prefix}joined_on__lte": end})) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": start})
    )


class BlocRoleChange(models.Model):
    """A leader or deputy taking over during a year, from a date. The year's memberships keep the
    role held at the start; each change is a dated successor, so the history stays readable and
    every older row stays valid. Who holds a role on a day: blocs/leadership.py."""

    ROLES = [choice for choice in BlocMembership.Role.choices if choice[0] != "member"]

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("khối, cụm"), on_delete=models.PROTECT, related_name="role_changes"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    role = models.CharField(_("vai trò"), max_length=10, choices=ROLES)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị đảm nhận"),
        on_delete=models.PROTECT,
        related_name="role_changes",
    )
    effective_from = models.DateField(_("từ ngày"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi khối trưởng, khối phó")
        verbose_name_plural = _("thay đổi khối trưởng, khối phó")
        ordering = ["bloc", "year", "role", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "role", "effective_from"],
                name="role_change_one_per_day",
                violation_error_message=_("Vai trò này đã có thay đổi từ ngày đó."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="role_change_year_in_range",
                violation_error_message=_("Năm phải từ 2000 đến 2100."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.organization} – {self.bloc.code} {self.year} {self.role} {self.effective_from}"
        )

    def get_additional_data(self):
        return {"bloc_id": self.bloc_id, "year": self.year}


ROLE_LABELS = {
    Bloc.Kind.BLOC: {
        BlocMembership.Role.LEADER: _("Khối trưởng"),
        BlocMembership.Role.DEPUTY: _("Khối phó"),
    },
    Bloc.Kind.CLUSTER: {
        BlocMembership.Role.LEADER: _("Cụm trưởng"),
        BlocMembership.Role.DEPUTY: _("Cụm phó"),
    },
}


class Person(models.Model):
    """Someone who can be nominated for an award; not necessarily a portal user."""

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people"
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = [ViCollate("full_name"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=BIRTH_YEAR_MIN, birth_year__lte=BIRTH_YEAR_MAX),
                name="person_birth_year_range",
                violation_error_message=_("Năm sinh phải từ 1900 đến 2100."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        self.full_name = nfc(self.full_name)
        self.position = nfc(self.position)

    def get_additional_data(self):
        return {"organization_id": self.organization_id}


class StaffAssignment(models.Model):
    """A portal user working for an organisation; roles are derived from these rows."""

    class SignsAs(models.TextChoices):
        """In what capacity the person signs the unit's documents: Decree 30/2020 Art. 10 prints
        the head's position alone, a deputy's under "KT.", an acting head's as "Q."."""

        HEAD = "head", _("Người đứng đầu")
        DEPUTY = "deputy", _("Cấp phó ký thay (KT.)")
        ACTING = "acting", _("Quyền người đứng đầu (Q.)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="staff"
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    can_sign = models.BooleanField(_("được ký văn bản"), default=False)
    signs_as = models.CharField(
        _("ký với tư cách"),
        max_length=10,
        choices=SignsAs.choices,
        blank=True,
        help_text=_(
            "Quyết định dòng quyền hạn trên chữ ký: người đứng đầu ký chức vụ của mình, "
            'cấp phó ký "KT.", quyền người đứng đầu ký "Q.".'
        ),
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân công cán bộ")
        verbose_name_plural = _("phân công cán bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="staff_unique_user_org",
                violation_error_message=_("Người dùng đã được gán cho đơn vị này."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organization}"

    def clean(self):
        self.position = nfc(self.position)
        # Documents print the signer's capacity; without it a clerk allowed to sign would print
        # as the unit's head.
        if self.can_sign and not self.signs_as:
            raise ValidationError({"signs_as": _("Chọn tư cách ký cho người được ký văn bản.")})

    def get_additional_data(self):
        return {"organization_id": self.organization_id}


auditlog.register(Organization)
auditlog.register(Bloc)
auditlog.register(BlocMembership)
auditlog.register(BlocRoleChange)
auditlog.register(Person)
auditlog.register(StaffAssignment)
auditlog.register(
    User, include_fields=["username", "full_name", "email", "is_active", "is_superuser"]
)

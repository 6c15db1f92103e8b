"""Which body may confer which award (Luật TĐKT 2022, Điều 77–80; domain.md §5 "Thẩm quyền").

A deciding body's tier comes from its Organization: a province's UBND decides at province level,
a central body with a parent (a ministry under the Government) at ministry level, a central body
without one (the Government, the national emulation council) at state level, a district or
commune at theirs, any other agency or enterprise as the head of a unit.

An award's `decided_by` says who confers it (from the catalogue). Base-level titles (CSTĐ cơ sở,
LĐTT, Tập thể LĐTT), which the head of a unit confers, may also be conferred by a body above
the unit (a province's chairman recognises its departments' staff); base-level award forms
(Giấy khen) name their signer, so only that signer confers them.
"""

from django.utils.translation import gettext_lazy as _

CENTRAL, MINISTRY, PROVINCE, DISTRICT, COMMUNE, UNIT = (
    "central", "ministry", "province", "district", "commune", "unit",
)  # fmt: skip

TIER_LABELS = {
    CENTRAL: _("cấp Nhà nước (Chủ tịch nước, Thủ tướng Chính phủ)"),
    MINISTRY: _("cấp bộ, ngành trung ương"),
    PROVINCE: _("cấp tỉnh"),
    DISTRICT: _("cấp huyện"),
    COMMUNE: _("cấp xã"),
    UNIT: _("thủ trưởng cơ quan, đơn vị"),
}

# AwardType.decided_by → the tiers that confer it.
DECIDERS = {
    "central": {CENTRAL},
    "ministry": {MINISTRY},
    "province": {PROVINCE},
    "ministry_province": {MINISTRY, PROVINCE},
    "district": {DISTRICT},
    # Thôn văn hóa, Gia đình văn hóa: cấp xã, formerly cấp huyện (before 01/07/2025).
    "commune": {COMMUNE, DISTRICT},
    "unit": {UNIT},
}
SUPERIORS_OF_UNITS = {MINISTRY, PROVINCE, DISTRICT}
BY_LEVEL = {"nha_nuoc": "central", "bo_tinh": "ministry_province", "co_so": "unit"}


def tier_of(organization) -> str:
    kind = organization.kind
    if kind == "province":
        return PROVINCE
    if kind == "district":
        return DISTRICT
    if kind == "commune":
        return COMMUNE
    if kind == "central":
        return MINISTRY if organization.parent_id else CENTRAL
    return UNIT


def decided_by(award_type) -> str:
    """The catalogue's value; a row added without one falls back on its level."""
    return award_type.decided_by or BY_LEVEL.get(award_type.level, "central")


def tiers_for(award_type) -> set[str]:
    tiers = set(DECIDERS.get(decided_by(award_type), {CENTRAL}))
    if decided_by(award_type) == "unit" and award_type.category == "title":
        tiers |= SUPERIORS_OF_UNITS
    return tiers


def confers(authority, award_type) -> bool:
    return tier_of(authority) in tiers_for(award_type)


# Where a body sends what it may not confer itself: a province or a ministry to the State, a
# district to its province, a commune to its district.
PROPOSES_TO = {PROVINCE: {CENTRAL}, MINISTRY: {CENTRAL}, DISTRICT: {PROVINCE}, COMMUNE: {DISTRICT}}


def proposes(authority, award_type) -> bool:
    """The authority may propose the award to the body just above it."""
    return bool(PROPOSES_TO.get(tier_of(authority), set()) & tiers_for(award_type))


def award_types_conferred_by(authority, *, active_only: bool = True):
    """The catalogue offered to a body: the awards it may confer (a small table, filtered here)."""
    from .models import AwardType

    rows = AwardType.objects.filter(is_active=True) if active_only else AwardType.objects.all()
    if authority is None:
        return rows.none()
    return rows.filter(pk__in=[a.pk for a in rows if confers(authority, a)])


def outside_power_message(authority, award_type) -> str:
    return _("“%(a)s” không thuộc thẩm quyền của %(o)s (%(t)s); loại này do %(by)s quyết định.") % {
        "a": award_type,
        "o": authority,
        "t": TIER_LABELS[tier_of(authority)],
        "by": award_type.conferring_authority or decided_by(award_type),
    }

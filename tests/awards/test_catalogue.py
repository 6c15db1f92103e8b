from datetime import date

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from awards import catalogue
from awards.models import AwardType
from awards.summary import SEED_003_ROWS, summary_codes

pytestmark = pytest.mark.django_db

TITLE_CODES = [
    "LDTT", "CSTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "DVTT", "TTLDXS", "DVQT",
    "CO_TINH", "CO_CP", "GD_VH", "THON_VH", "XA_TB",
]  # fmt: skip
AWARD_CODES = [
    "GK_DV", "GK_XA", "GK_HUYEN", "BK_TINH", "BK_BO", "KNC", "BK_TTG",
    "HCLD1", "HCLD2", "HCLD3", "HCDL1", "HCDL2", "HCDL3", "HC_HCM", "HC_SAOVANG",
    "HC_BVTQ1", "HC_BVTQ2", "HC_BVTQ3", "HC_CHIENCONG1", "HC_CHIENCONG2", "HC_CHIENCONG3",
    "HC_QUANCONG1", "HC_QUANCONG2", "HC_QUANCONG3", "HC_DUNGCAM", "HC_DDKDT", "HC_HUUNGHI",
    "AHLD", "AHLLVT", "BMVNAH", "NGND", "NGUT", "TTND", "TTUT", "NSND", "NSUT", "NNND", "NNUT",
    "GT_HCM", "GT_NN", "HC_KHANGCHIEN", "HUYC_KHANGCHIEN",
]  # fmt: skip
HISTORIC = ["GK_HUYEN", "HC_KHANGCHIEN", "HUYC_KHANGCHIEN"]


def test_every_title_and_award_form_is_loaded_by_the_migrations():
    codes = set(AwardType.objects.values_list("code", flat=True))
    assert set(TITLE_CODES) <= codes
    assert set(AWARD_CODES) <= codes
    assert AwardType.objects.filter(code__in=TITLE_CODES, category="title").count() == len(
        TITLE_CODES
    )
    # CO_CP stays a title (a Cờ thi đua is a danh hiệu thi đua); the rest are award forms.
    assert AwardType.objects.filter(code__in=AWARD_CODES, category="award").count() == len(
        AWARD_CODES
    )


def test_every_row_is_complete():
    categories = set(AwardType.Category.values)
    recipients = set(AwardType.Recipient.values)
    levels = set(AwardType.Level.values)
    for award_type in AwardType.objects.all():
        assert award_type.name and award_type.legal_basis and award_type.conferring_authority
        assert award_type.category in categories, award_type.code
        assert award_type.recipient in recipients, award_type.code
        assert award_type.level in levels, award_type.code
        assert award_type.summary_order > 0, award_type.code


def test_historic_forms_are_inactive_and_dated():
    for code in HISTORIC:
        award_type = AwardType.objects.get(code=code)
        assert not award_type.is_active
        assert award_type.effective_to is not None
    assert AwardType.objects.get(code="GK_HUYEN").effective_to == date(2025, 6, 30)
    assert set(AwardType.objects.filter(is_active=False).values_list("code", flat=True)) == set(
        HISTORIC
    )


def test_shipped_codes_keep_their_names_and_relative_order():
    shipped = ["CO_CP", "BK_TTG", "CO_TINH", "TTLDXS", "CSTD_TINH", "BK_TINH", "TTLDTT",
               "CSTDCS", "LDTT"]  # fmt: skip
    rows = {a.code: a for a in AwardType.objects.filter(code__in=shipped)}
    orders = [rows[c].summary_order for c in shipped]
    assert orders == sorted(orders)
    assert rows["CO_TINH"].name == "Cờ thi đua của Ủy ban nhân dân tỉnh"
    assert rows["CSTD_TINH"].name == "Chiến sĩ thi đua cấp tỉnh"
    assert "Cờ thi đua UBND tỉnh" in rows["CO_TINH"].aliases.splitlines()
    assert rows["BK_TTG"].recipient == AwardType.Recipient.BOTH


def test_summary_order_follows_seed_003_state_level_first():
    seed_codes = summary_codes()
    assert seed_codes == [c for _n, _l, rows in SEED_003_ROWS for _label, cs in rows for c in cs]
    orders = dict(AwardType.objects.values_list("code", "summary_order"))
    assert [orders[c] for c in seed_codes] == sorted(orders[c] for c in seed_codes)
    by_level = {}
    for level, order in AwardType.objects.values_list("level", "summary_order"):
        by_level.setdefault(level, []).append(order)
    assert max(by_level["nha_nuoc"]) < min(by_level["bo_tinh"])
    assert max(by_level["bo_tinh"]) < min(by_level["co_so"])


def test_seeding_twice_changes_nothing():
    before = list(AwardType.objects.order_by("code").values())
    catalogue.seed(AwardType)
    catalogue.seed(AwardType)
    assert list(AwardType.objects.order_by("code").values()) == before
    assert AwardType.objects.count() == len(catalogue.CATALOGUE)


def test_seed_accepts_an_older_historical_model_without_the_newer_fields():
    """Migrations 0002 and 0004 call seed() before is_active/min_interval_years exist."""
    state = MigrationLoader(connection).project_state(("awards", "0004_seed_award_forms"))
    historical = state.apps.get_model("awards", "AwardType")
    assert "is_active" not in {f.name for f in historical._meta.get_fields()}
    AwardType.objects.filter(code="GK_HUYEN").update(name="Tên cũ")
    catalogue.seed(historical)
    award_type = AwardType.objects.get(code="GK_HUYEN")
    assert award_type.name == "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện"
    assert not award_type.is_active


def test_title_names_and_aliases_do_not_clash_in_the_registration_importer():
    from campaigns.importer import _title_key

    owners = {}
    for award_type in AwardType.objects.filter(category="title"):
        for name in [award_type.name, *award_type.aliases.splitlines()]:
            key = _title_key(name)
            assert owners.setdefault(key, award_type.code) == award_type.code, name
    assert owners[_title_key("Chiến sỹ thi đua toàn quốc")] == "CSTD_TQ"
    assert owners[_title_key("Chiến sỹ thi đua cấp tỉnh")] == "CSTD_TINH"

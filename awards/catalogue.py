"""The catalogue rows the portal ships with (domain.md §1, §7); data migrations and tests load them.

`seed(AwardType)` takes the model class so a migration can pass its historical model. It only
sets the fields that model has: migrations 0002 and 0004 run it before `is_active` and
`min_interval_years` exist (0005), and every later migration runs it again with all fields.

`summary_order` follows the "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG" table of seed 003: its state-level
rows (I, 1–9) first, then the rest of the state level, then its province-level rows (II, 1–4),
the rest of the province level, then the base level. The codes already shipped keep their
relative order.

Articles marked [M] in domain.md are given as the note gives them; where it names no article
the chapter of Luật Thi đua, khen thưởng 06/2022/QH15 (hiệu lực 01/01/2024) is given instead.
"""

from dataclasses import dataclass, field
from datetime import date

LAW = "Luật TĐKT 2022"
ORDERS = f"{LAW}, Chương III Mục 1 (Huân chương)"
HONOURS = f"{LAW}, Điều 9; Chương III (Danh hiệu vinh dự nhà nước)"
DECREE_86 = "Nghị định 86/2023/NĐ-CP"
PRESIDENT = "Chủ tịch nước"
PRIME_MINISTER = "Thủ tướng Chính phủ"
PROVINCE_CHAIR = "Chủ tịch UBND tỉnh"
MINISTER = "Bộ trưởng, Thủ trưởng cơ quan ngang bộ"
UNIT_HEAD = "Thủ trưởng cơ quan, đơn vị"
ARMED_FORCES_HEAD = "Thủ trưởng đơn vị thuộc lực lượng vũ trang nhân dân"
# Luật 2022 took effect on 01/01/2024; cấp huyện was abolished on 01/07/2025 (domain.md §1).
LAW_2022_FROM = date(2024, 1, 1)
BEFORE_LAW_2022 = date(2023, 12, 31)
LAST_DAY_OF_DISTRICTS = date(2025, 6, 30)


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    category: str  # title | award
    recipient: str  # individual | collective | both | household
    level: str  # co_so | bo_tinh | nha_nuoc
    conferring_authority: str
    legal_basis: str
    summary_order: int
    aliases: tuple[str, ...] = field(default=())
    effective_from: date | None = None
    effective_to: date | None = None
    is_active: bool = True


def _t(code, name, recipient, level, authority, basis, order, aliases=(), **dates) -> Entry:
    return Entry(code, name, "title", recipient, level, authority, basis, order, aliases, **dates)


def _a(code, name, recipient, level, authority, basis, order, aliases=(), **dates) -> Entry:
    return Entry(code, name, "award", recipient, level, authority, basis, order, aliases, **dates)


def _classes(code, name, recipient, basis_by_class, order, aliases=()) -> list[Entry]:
    """The three classes (hạng Nhất, Nhì, Ba) of a state order: CODE1, CODE2, CODE3."""
    return [
        _a(f"{code}{n}", f"{name} hạng {label}", recipient, "nha_nuoc", PRESIDENT,
           basis_by_class[n - 1], order + n - 1,
           tuple(f"{alias} hạng {label}" for alias in aliases))
        for n, label in ((1, "Nhất"), (2, "Nhì"), (3, "Ba"))
    ]  # fmt: skip


# Emulation titles (danh hiệu thi đua), domain.md §1 and §7.1.
TITLES = [
    _t("CO_CP", "Cờ thi đua của Chính phủ", "collective", "nha_nuoc",
       PRIME_MINISTER, f"{LAW}, Điều 25", 70, ("Cờ thi đua Chính phủ",)),
    _t("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", "individual", "nha_nuoc",
       PRIME_MINISTER, f"{LAW}, Điều 21", 90,
       ("Chiến sỹ thi đua toàn quốc", "CSTĐ toàn quốc")),
    _t("CO_BO", "Cờ thi đua của Bộ, ban, ngành", "collective", "bo_tinh",
       MINISTER, f"{LAW}, Điều 26", 242, ("Cờ thi đua cấp bộ", "Cờ thi đua của Bộ")),
    _t("CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh", "collective", "bo_tinh",
       PROVINCE_CHAIR, f"{LAW}, Điều 26", 200,
       ("Cờ thi đua", "Cờ thi đua tỉnh", "Cờ thi đua UBND tỉnh", "Cờ thi đua của UBND tỉnh")),
    _t("TTLDXS", "Tập thể lao động xuất sắc", "collective", "bo_tinh",
       PROVINCE_CHAIR, f"{LAW}, Điều 27", 210,
       ("Tập thể LĐXS", "Tập thể đạt danh hiệu tập thể LĐXS")),
    _t("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", "individual", "bo_tinh",
       PROVINCE_CHAIR, f"{LAW}, Điều 22", 220,
       ("Chiến sĩ thi đua tỉnh", "Chiến sĩ thi đua cấp tỉnh, ngành", "CSTĐ cấp tỉnh",
        "Chiến sỹ thi đua cấp tỉnh", "Chiến sĩ thi đua bộ, ban, ngành, tỉnh")),
    _t("DVQT", "Đơn vị quyết thắng", "collective", "bo_tinh",
       "Bộ trưởng Bộ Quốc phòng, Bộ trưởng Bộ Công an", f"{LAW}, Điều 27", 240),
    _t("XA_TB", "Xã, phường, thị trấn tiêu biểu", "collective", "bo_tinh",
       PROVINCE_CHAIR, f"{LAW}; {DECREE_86}", 270,
       ("Xã, phường, đặc khu tiêu biểu", "Xã tiêu biểu"), effective_from=LAW_2022_FROM),
    _t("TTLDTT", "Tập thể lao động tiên tiến", "collective", "co_so",
       UNIT_HEAD, f"{LAW}, Điều 28", 300, ("Tập thể LĐTT",)),
    _t("DVTT", "Đơn vị tiên tiến", "collective", "co_so",
       ARMED_FORCES_HEAD, f"{LAW}, Điều 28", 305),
    _t("CSTDCS", "Chiến sĩ thi đua cơ sở", "individual", "co_so",
       UNIT_HEAD, f"{LAW}, Điều 23", 310,
       ("CSTĐ cơ sở", "CSTĐCS", "Chiến sỹ thi đua cơ sở")),
    _t("LDTT", "Lao động tiên tiến", "individual", "co_so",
       UNIT_HEAD, f"{LAW}, Điều 24", 320, ("LĐTT",)),
    _t("CSTT", "Chiến sĩ tiên tiến", "individual", "co_so",
       ARMED_FORCES_HEAD, f"{LAW}, Điều 24", 325, ("Chiến sỹ tiên tiến",)),
    _t("THON_VH", "Thôn, tổ dân phố văn hóa", "collective", "co_so",
       "Chủ tịch UBND cấp xã (trước 01/07/2025: cấp huyện)", DECREE_86, 360,
       ("Thôn văn hóa", "Tổ dân phố văn hóa", "Ấp văn hóa", "Khóm văn hóa")),
    _t("GD_VH", "Gia đình văn hóa", "household", "co_so",
       "Chủ tịch UBND cấp xã", DECREE_86, 370, ("Gia đình văn hoá",)),
]  # fmt: skip


# Award forms (hình thức khen thưởng), domain.md "Catalogue of award forms" and §7.2.
AWARDS = [
    _a("BMVNAH", "Bà mẹ Việt Nam anh hùng", "individual", "nha_nuoc",
       PRESIDENT, HONOURS, 10, ("Mẹ Việt Nam anh hùng",)),
    _a("AHLD", "Anh hùng Lao động", "both", "nha_nuoc",
       PRESIDENT, HONOURS, 20, ("AHLĐ",)),
    *_classes("HCDL", "Huân chương Độc lập", "both", [ORDERS] * 3, 30),
    *_classes("HCLD", "Huân chương Lao động", "both",
              [f"{LAW}, Điều {n}" for n in (42, 43, 44)], 40, ("HCLĐ",)),
    # Conferred for the resistance wars (seed 003, 2020); not in the 2022 law's list of orders.
    _a("HC_KHANGCHIEN", "Huân chương Kháng chiến các hạng", "both", "nha_nuoc",
       PRESIDENT, "Khen thưởng thành tích kháng chiến (lịch sử; không có trong Luật TĐKT 2022)",
       50, ("Huân chương kháng chiến", "Huân chương Kháng chiến hạng Nhất",
            "Huân chương Kháng chiến hạng Nhì", "Huân chương Kháng chiến hạng Ba"),
       effective_to=BEFORE_LAW_2022, is_active=False),
    _a("HUYC_KHANGCHIEN", "Huy chương Kháng chiến các hạng", "individual", "nha_nuoc",
       PRESIDENT, "Khen thưởng thành tích kháng chiến (lịch sử; không có trong Luật TĐKT 2022)",
       60, ("Huy chương kháng chiến", "Huy chương Kháng chiến hạng Nhất",
            "Huy chương Kháng chiến hạng Nhì"),
       effective_to=BEFORE_LAW_2022, is_active=False),
    _a("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "both", "nha_nuoc",
       PRIME_MINISTER, f"{LAW}, Điều 73", 80, ("Bằng khen Thủ tướng", "Bằng khen TTg")),
    _a("HC_SAOVANG", "Huân chương Sao vàng", "both", "nha_nuoc", PRESIDENT, ORDERS, 100),
    _a("HC_HCM", "Huân chương Hồ Chí Minh", "both", "nha_nuoc", PRESIDENT, ORDERS, 101),
    *_classes("HC_QUANCONG", "Huân chương Quân công", "both", [ORDERS] * 3, 102),
    *_classes("HC_BVTQ", "Huân chương Bảo vệ Tổ quốc", "both", [ORDERS] * 3, 105),
    *_classes("HC_CHIENCONG", "Huân chương Chiến công", "both", [ORDERS] * 3, 108),
    _a("HC_DUNGCAM", "Huân chương Dũng cảm", "individual", "nha_nuoc", PRESIDENT, ORDERS, 111),
    _a("HC_DDKDT", "Huân chương Đại đoàn kết dân tộc", "individual", "nha_nuoc",
       PRESIDENT, ORDERS, 112),
    # For foreigners: individuals and organisations.
    _a("HC_HUUNGHI", "Huân chương Hữu nghị", "both", "nha_nuoc", PRESIDENT, ORDERS, 113),
    _a("AHLLVT", "Anh hùng Lực lượng vũ trang nhân dân", "both", "nha_nuoc",
       PRESIDENT, HONOURS, 120, ("Anh hùng LLVTND", "Anh hùng lực lượng vũ trang")),
    _a("NGND", "Nhà giáo nhân dân", "individual", "nha_nuoc", PRESIDENT, HONOURS, 121),
    _a("NGUT", "Nhà giáo ưu tú", "individual", "nha_nuoc", PRESIDENT, HONOURS, 122),
    _a("TTND", "Thầy thuốc nhân dân", "individual", "nha_nuoc", PRESIDENT, HONOURS, 123),
    _a("TTUT", "Thầy thuốc ưu tú", "individual", "nha_nuoc", PRESIDENT, HONOURS, 124),
    _a("NSND", "Nghệ sĩ nhân dân", "individual", "nha_nuoc", PRESIDENT, HONOURS, 125,
       ("Nghệ sỹ nhân dân",)),
    _a("NSUT", "Nghệ sĩ ưu tú", "individual", "nha_nuoc", PRESIDENT, HONOURS, 126,
       ("Nghệ sỹ ưu tú",)),
    _a("NNND", "Nghệ nhân nhân dân", "individual", "nha_nuoc", PRESIDENT, HONOURS, 127),
    _a("NNUT", "Nghệ nhân ưu tú", "individual", "nha_nuoc", PRESIDENT, HONOURS, 128),
    _a("GT_HCM", "Giải thưởng Hồ Chí Minh", "individual", "nha_nuoc",
       PRESIDENT, f"{LAW}, Điều 9 (Giải thưởng Hồ Chí Minh, Giải thưởng Nhà nước)", 130),
    _a("GT_NN", "Giải thưởng Nhà nước", "individual", "nha_nuoc",
       PRESIDENT, f"{LAW}, Điều 9 (Giải thưởng Hồ Chí Minh, Giải thưởng Nhà nước)", 131),
    # The name domain.md §7.2 gives (the summary table and documents print it as it stands).
    _a("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", "both", "bo_tinh",
       PROVINCE_CHAIR, f"{LAW}, Điều 74", 230,
       ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Bằng khen UBND tỉnh",
        "Bằng khen của UBND tỉnh", "Bằng khen tỉnh")),
    _a("BK_BO", "Bằng khen của Bộ trưởng", "both", "bo_tinh",
       MINISTER, f"{LAW}, Điều 74", 250, ("Bằng khen cấp bộ", "Bằng khen của Bộ")),
    _a("KNC", "Kỷ niệm chương", "individual", "bo_tinh",
       "Bộ trưởng, người đứng đầu bộ, ban, ngành, tỉnh, đoàn thể Trung ương",
       f"{LAW}, Điều 71", 260, ("Kỷ niệm chương vì sự nghiệp",)),
    _a("GK_DV", "Giấy khen của Thủ trưởng cơ quan, đơn vị", "both", "co_so",
       "Thủ trưởng cơ quan, đơn vị (Giám đốc Sở, thủ trưởng đơn vị có tư cách pháp nhân)",
       f"{LAW}, Điều 75", 330, ("Giấy khen của Giám đốc Sở", "Giấy khen Giám đốc")),
    _a("GK_XA", "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã", "both", "co_so",
       "Chủ tịch UBND cấp xã", f"{LAW}, Điều 75", 340,
       ("Giấy khen UBND xã", "Giấy khen của UBND xã")),
    _a("GK_HUYEN", "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện", "both", "co_so",
       "Chủ tịch UBND cấp huyện", f"{LAW}, Điều 75 (không còn cấp huyện từ 01/07/2025)", 350,
       ("Giấy khen UBND huyện", "Giấy khen của UBND huyện"),
       effective_to=LAST_DAY_OF_DISTRICTS, is_active=False),
]  # fmt: skip

CATALOGUE: list[Entry] = TITLES + AWARDS

# Who confers each entry (awards/powers.py turns these into the bodies that may decide it).
_STATE = [e.code for e in CATALOGUE if e.level == "nha_nuoc"]
DECIDED_BY: dict[str, str] = dict.fromkeys(_STATE, "central") | {
    "CO_TINH": "province", "BK_TINH": "province", "XA_TB": "province",
    "CO_BO": "ministry", "BK_BO": "ministry", "DVQT": "ministry",
    "TTLDXS": "ministry_province", "CSTD_TINH": "ministry_province", "KNC": "ministry_province",
    "GK_HUYEN": "district", "GK_XA": "commune", "GD_VH": "commune", "THON_VH": "commune",
    "TTLDTT": "unit", "DVTT": "unit", "CSTDCS": "unit", "LDTT": "unit", "CSTT": "unit",
    "GK_DV": "unit",
}  # fmt: skip


def seed(AwardType) -> None:  # noqa: N803 - a model class, historical in migrations
    """Create or update every catalogue row (idempotent); other rows are left alone."""
    fields = {f.name for f in AwardType._meta.get_fields()}
    for entry in CATALOGUE:
        values = {
            "name": entry.name,
            "category": entry.category,
            "recipient": entry.recipient,
            "level": entry.level,
            "conferring_authority": entry.conferring_authority,
            "legal_basis": entry.legal_basis,
            "effective_from": entry.effective_from,
            "effective_to": entry.effective_to,
            "summary_order": entry.summary_order,
            "is_active": entry.is_active,
            "aliases": "\n".join(entry.aliases),
            "decided_by": DECIDED_BY.get(entry.code, ""),
        }
        AwardType.objects.update_or_create(
            code=entry.code, defaults={k: v for k, v in values.items() if k in fields}
        )

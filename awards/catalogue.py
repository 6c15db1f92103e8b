"""The catalogue rows the portal ships with (domain.md §7); data migrations and tests load them.

`seed(AwardType)` takes the model class so a migration can pass its historical model.
"""

TITLES = [
    # code, name, recipient, level, authority, legal basis, order, aliases
    ("CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh", "collective", "bo_tinh",
     "Chủ tịch UBND tỉnh", "Luật TĐKT 2022, Điều 26", 20,
     ["Cờ thi đua", "Cờ thi đua tỉnh", "Cờ thi đua UBND tỉnh", "Cờ thi đua của UBND tỉnh"]),
    ("TTLDXS", "Tập thể lao động xuất sắc", "collective", "bo_tinh",
     "Chủ tịch UBND tỉnh", "Luật TĐKT 2022, Điều 27", 30,
     ["Tập thể LĐXS", "Tập thể đạt danh hiệu tập thể LĐXS"]),
    ("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", "individual", "bo_tinh",
     "Chủ tịch UBND tỉnh", "Luật TĐKT 2022, Điều 22", 40,
     ["Chiến sĩ thi đua tỉnh", "Chiến sĩ thi đua cấp tỉnh, ngành", "CSTĐ cấp tỉnh"]),
    ("TTLDTT", "Tập thể lao động tiên tiến", "collective", "co_so",
     "Thủ trưởng cơ quan, đơn vị", "Luật TĐKT 2022, Điều 28", 60, ["Tập thể LĐTT"]),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "individual", "co_so",
     "Thủ trưởng cơ quan, đơn vị", "Luật TĐKT 2022, Điều 23", 70, ["CSTĐ cơ sở", "CSTĐCS"]),
    ("LDTT", "Lao động tiên tiến", "individual", "co_so",
     "Thủ trưởng cơ quan, đơn vị", "Luật TĐKT 2022, Điều 24", 80, ["LĐTT"]),
]  # fmt: skip


# Award forms a bloc's year-end meeting proposes; the awards issue completes the catalogue.
AWARDS = [
    ("CO_CP", "Cờ thi đua của Chính phủ", "collective", "nha_nuoc",
     "Thủ tướng Chính phủ", "Luật TĐKT 2022, Điều 25", 10, ["Cờ thi đua Chính phủ"], "title"),
    ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "both", "nha_nuoc",
     "Thủ tướng Chính phủ", "Luật TĐKT 2022, Điều 73", 15, ["Bằng khen Thủ tướng"], "award"),
    ("BK_TINH", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "both", "bo_tinh",
     "Chủ tịch UBND tỉnh", "Luật TĐKT 2022, Điều 74", 50,
     ["Bằng khen UBND tỉnh", "Bằng khen của UBND tỉnh"], "award"),
]  # fmt: skip


def seed(AwardType) -> None:  # noqa: N803 - a model class, historical in migrations
    rows = [(*row, "title") for row in TITLES] + AWARDS
    for code, name, recipient, level, authority, basis, order, aliases, category in rows:
        AwardType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "recipient": recipient,
                "level": level,
                "conferring_authority": authority,
                "legal_basis": basis,
                "summary_order": order,
                "aliases": "\n".join(aliases),
            },
        )

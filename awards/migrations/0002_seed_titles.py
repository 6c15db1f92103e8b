"""The emulation titles the registration tables use (domain.md §7.1); the awards issue adds the rest."""

from django.db import migrations

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


def seed(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    for code, name, recipient, level, authority, basis, order, aliases in TITLES:
        AwardType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": "title",
                "recipient": recipient,
                "level": level,
                "conferring_authority": authority,
                "legal_basis": basis,
                "summary_order": order,
                "aliases": "\n".join(aliases),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_award_type")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

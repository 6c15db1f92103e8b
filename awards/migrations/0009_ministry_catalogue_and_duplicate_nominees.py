"""Data: the catalogue gains who confers each entry and the ministry level's Cờ thi đua; a nominee
proposed more than once for the same award in one proposal keeps one row (the one with an award
or decision, else the first) and the others are marked withdrawn, with the reason, never
deleted."""

from django.db import migrations

from awards import catalogue

NOTE = "Trùng đối tượng #%(keep)s cùng danh hiệu, hình thức trong tờ trình; đánh dấu đã rút khi nâng cấp."


def seed(apps, schema_editor):
    catalogue.seed(apps.get_model("awards", "AwardType"))


def withdraw_duplicates(apps, schema_editor):
    Nominee = apps.get_model("awards", "Nominee")  # noqa: N806
    groups = {}
    rows = Nominee.objects.exclude(verdict="withdrawn").order_by("pk")
    for row in rows.values("pk", "proposal_id", "award_type_id", "person_id", "organization_id",
                           "decision_id"):  # fmt: skip
        key = (row["proposal_id"], row["award_type_id"], row["person_id"], row["organization_id"])
        groups.setdefault(key, []).append(row)
    Award = apps.get_model("awards", "Award")  # noqa: N806
    awarded = set(Award.objects.filter(nominee__isnull=False).values_list("nominee_id", flat=True))
    for group in groups.values():
        if len(group) < 2:
            continue
        keep = next((r for r in group if r["pk"] in awarded or r["decision_id"]), group[0])
        for row in group:
            if row is not keep:
                Nominee.objects.filter(pk=row["pk"]).update(
                    verdict="withdrawn", verdict_note=NOTE % {"keep": keep["pk"]}
                )


class Migration(migrations.Migration):
    dependencies = [("awards", "0008_award_type_decided_by_nominee_withdrawn")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(withdraw_duplicates, migrations.RunPython.noop),
    ]

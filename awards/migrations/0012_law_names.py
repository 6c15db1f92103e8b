"""Data: the catalogue names "Bằng khen của Chủ tịch UBND tỉnh" as domain.md §7.2 (and the
summary table, the registry and every document) writes it; the longer spelling stays an alias."""

from django.db import migrations

from awards import catalogue


def seed(apps, schema_editor):
    catalogue.seed(apps.get_model("awards", "AwardType"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0011_text_bounds_and_constraint_messages")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

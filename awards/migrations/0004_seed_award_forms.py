"""Cờ thi đua của Chính phủ and the Bằng khen a bloc's meeting proposes."""

from django.db import migrations

from awards import catalogue


def seed(apps, schema_editor):
    catalogue.seed(apps.get_model("awards", "AwardType"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_recipient_both")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

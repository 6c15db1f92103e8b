"""The emulation titles the registration tables use; the awards issue adds the rest."""

from django.db import migrations

from awards import catalogue


def seed(apps, schema_editor):
    catalogue.seed(apps.get_model("awards", "AwardType"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_award_type")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

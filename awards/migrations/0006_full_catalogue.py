"""The whole legal catalogue: every emulation title and award form of domain.md §1 and §7.2,
the historic ones (Giấy khen cấp huyện, kháng chiến orders) inactive, ordered as seed 003's
summary table."""

from django.db import migrations

from awards import catalogue


def seed(apps, schema_editor):
    catalogue.seed(apps.get_model("awards", "AwardType"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_proposals_decisions_registry")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

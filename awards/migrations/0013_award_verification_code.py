import uuid

from django.db import migrations, models


def give_each_award_its_code(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    for award in Award.objects.only("pk").iterator():
        Award.objects.filter(pk=award.pk).update(verification_code=uuid.uuid4())


class Migration(migrations.Migration):
    """A column default is evaluated once, so existing awards get their codes one by one before
    the column becomes unique."""

    dependencies = [
        ("awards", "0012_law_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="award",
            name="verification_code",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_award_its_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="award",
            name="verification_code",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]

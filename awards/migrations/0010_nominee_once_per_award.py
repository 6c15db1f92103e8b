"""A nominee appears once per award in a proposal (withdrawn ones no longer count); 0009 has
marked the older duplicates withdrawn first, so this applies to any existing database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("awards", "0009_ministry_catalogue_and_duplicate_nominees")]

    operations = [
        migrations.AddConstraint(
            model_name='nominee',
            constraint=models.UniqueConstraint(condition=models.Q(('person__isnull', False), models.Q(('verdict', 'withdrawn'), _negated=True)), fields=('proposal', 'award_type', 'person'), name='nominee_person_once_per_award'),
        ),
        migrations.AddConstraint(
            model_name='nominee',
            constraint=models.UniqueConstraint(condition=models.Q(('organization__isnull', False), models.Q(('verdict', 'withdrawn'), _negated=True)), fields=('proposal', 'award_type', 'organization'), name='nominee_unit_once_per_award'),
        ),
    ]

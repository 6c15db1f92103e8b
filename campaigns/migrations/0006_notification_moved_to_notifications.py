from django.db import migrations


class Migration(migrations.Migration):
    """Notifications are per user now, in the `notifications` app, which copied these rows."""

    dependencies = [
        ("campaigns", "0005_vietnamese_constraint_messages_text_bounds"),
        ("notifications", "0002_reminders_to_unit_staff"),
    ]

    operations = [migrations.DeleteModel(name="Notification")]

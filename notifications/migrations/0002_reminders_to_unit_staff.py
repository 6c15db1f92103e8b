from django.db import migrations


def forward(apps, schema_editor):
    """Each unit-wide reminder becomes one notification per active staff member of the unit,
    read if the unit had read it (campaigns.Notification is removed after this)."""
    Old = apps.get_model("campaigns", "Notification")
    New = apps.get_model("notifications", "Notification")
    Staff = apps.get_model("blocs", "StaffAssignment")
    staff: dict[int, list[int]] = {}
    for org_id, user_id in Staff.objects.filter(is_active=True, user__is_active=True).values_list(
        "organization_id", "user_id"
    ):
        staff.setdefault(org_id, []).append(user_id)
    for old in Old.objects.iterator():
        rows = New.objects.bulk_create(
            New(
                recipient_id=user_id,
                event="reminder.overdue" if old.key.endswith("overdue") else "reminder.due-soon",
                key=old.key,
                message=old.message,
                link=old.link,
                read_at=old.read_at,
            )
            for user_id in staff.get(old.organization_id, [])
        )
        # auto_now_add set the time of the migration; keep when the reminder was written.
        New.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notification_per_user"),
        ("campaigns", "0005_vietnamese_constraint_messages_text_bounds"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

"""The unit-wide reminders written before notifications were per user are kept: each becomes
one notification per active staff member of the unit, read if the unit had read it."""

import datetime

import pytest
from django.utils import timezone

from tests.migrations import migrate as _migrate

BEFORE = [
    ("campaigns", "0005_vietnamese_constraint_messages_text_bounds"),
    ("notifications", "0001_notification_per_user"),
]
AFTER = []  # everything to its latest


@pytest.mark.django_db(transaction=True)
def test_reminders_are_copied_to_each_active_staff_member():
    old = _migrate(BEFORE)
    Organization = old.get_model("blocs", "Organization")
    User = old.get_model("blocs", "User")
    Staff = old.get_model("blocs", "StaffAssignment")
    unit = Organization.objects.create(code="X", name="Sở X", short_name="Sở X", kind="department")
    for name, active in [("a", True), ("b", True), ("left", False)]:
        user = User.objects.create(username=name, full_name=name)
        Staff.objects.create(
            user=user, organization=unit, is_active=active, position="", signs_as=""
        )
    read = timezone.now() - datetime.timedelta(days=3)
    Notice = old.get_model("campaigns", "Notification")
    Notice.objects.create(
        organization=unit, key="report-1-2-overdue", message="Quá hạn", read_at=read
    )
    Notice.objects.create(organization=unit, key="report-1-2-due-soon", message="Sắp đến hạn")
    try:
        new = _migrate(AFTER).get_model("notifications", "Notification")
        rows = sorted(new.objects.values_list("recipient__username", "event", "read_at"))
        assert rows == [
            ("a", "reminder.due-soon", None),
            ("a", "reminder.overdue", read),
            ("b", "reminder.due-soon", None),
            ("b", "reminder.overdue", read),
        ]
    finally:
        _migrate([])

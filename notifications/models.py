from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one user about a workflow event or a reminder, shown in the portal and,
    when e-mail is configured, mailed at once or in the day's digest (the user's choice)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("sự kiện"), max_length=40)
    # Reminders are written once per key (a period, a bloc, a situation); events have none.
    key = models.CharField(max_length=120, blank=True)
    message = models.CharField(_("nội dung"), max_length=500)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_once_per_key",
                violation_error_message=_("Thông báo này đã được gửi."),
            ),
        ]

    def __str__(self):
        return self.message


class Preference(models.Model):
    """How a user wants notifications by e-mail; without a row: each one at once."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("Gửi ngay từng thông báo")
        DIGEST = "digest", _("Gửi một thư tổng hợp mỗi ngày")
        OFF = "off", _("Không gửi thư (chỉ xem trên cổng)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(
        _("nhận thư điện tử"), max_length=10, choices=Email.choices, default=Email.IMMEDIATE
    )

    class Meta:
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")

    def __str__(self):
        return f"{self.user}: {self.get_email_display()}"

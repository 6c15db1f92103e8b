from .models import Notification, Preference

LIST_SIZE = 200


def inbox(*, user):
    return Notification.objects.filter(recipient=user)[:LIST_SIZE]


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference(*, user) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)

from blocs.roles import roles_for

from .models import Notification


def notifications(request):
    """Unread notices of the user's units, counted only when a page shows the badge."""
    user = getattr(request, "user", None)

    def unread():
        org_ids = roles_for(user).organization_ids
        if not org_ids:
            return 0
        return Notification.objects.filter(
            organization_id__in=org_ids, read_at__isnull=True
        ).count()

    return {"portal_unread": unread}

from .selectors import unread_count


def notifications(request):
    """The user's unread count, queried only when a page shows the badge."""
    user = getattr(request, "user", None)

    def unread():
        if not getattr(user, "is_authenticated", False):
            return 0
        return unread_count(user=user)

    return {"portal_unread": unread}

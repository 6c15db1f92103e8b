from .roles import roles_for


def roles(request):
    """Navigation by role; roles are computed lazily and once per request."""
    user = getattr(request, "user", None)
    return {"portal_roles": (lambda: roles_for(user)) if user is not None else None}

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links (the admin links nothing): the
    portal's icon, not a 404 in every log."""
    path = finders.find("favicon.svg")
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/svg+xml")  # noqa: SIM115

"""GET /health/: database, broker and worker status for monitoring (no login, no data)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _broker() -> str:
    if not settings.REDIS_URL:
        return "inline"  # no broker configured: tasks run in the web process
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    return "ok"


def _worker() -> str:
    if not settings.REDIS_URL:
        return "inline"
    from .celery import app

    replies = app.control.ping(timeout=1.0)
    return "ok" if replies else "unavailable"


@login_not_required
@require_GET
def health(request):
    checks = {}
    for name, check in (("database", _database), ("broker", _broker), ("worker", _worker)):
        try:
            checks[name] = check()
        except Exception as exc:  # a monitor wants the reason, not a 500
            checks[name] = f"error: {type(exc).__name__}"
    healthy = checks["database"] == "ok" and not checks["broker"].startswith("error")
    return JsonResponse(
        checks | {"status": "ok" if healthy else "error"}, status=200 if healthy else 503
    )

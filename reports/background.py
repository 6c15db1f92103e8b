"""Long report files without a broker (`make run`: no REDIS_URL, tasks eager).

A request never renders a long file (reports.services.version_dispatch): it queues the version
in the database and wakes this thread. One thread per web process makes the queued versions one
after the other, so at most one long rendering competes with the pages; each run is bounded by
REPORT_VERSION_TIMEOUT like a worker's (versions_sweep queues it again or fails it). Versions
left queued when the process stops are made by `manage.py make_pending_versions` or the next
wake-up. Deployments with Redis do not use it (REPORT_BACKGROUND_THREAD is off by default).
"""

import logging
import threading

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_thread: threading.Thread | None = None
_woken = False


def drain() -> int:
    """Make every queued version, oldest first; returns how many were made."""
    from . import services

    made = 0
    while (pk := services.version_claim_queued()) is not None:
        try:
            services.version_render(pk)
        except Exception:  # the version keeps its state; the sweep retries or fails it
            logger.exception("report version %s: background rendering failed", pk)
        made += 1
    return made


def _run() -> None:
    global _thread, _woken
    try:
        while True:
            drain()
            with _lock:
                if not _woken:  # nothing was queued since this pass began
                    _thread = None
                    return
                _woken = False
    finally:
        connections.close_all()


def wake() -> None:
    """Start the thread, or tell the running one to look again before it stops."""
    global _thread, _woken
    if not settings.REPORT_BACKGROUND_THREAD:
        return
    with _lock:
        _woken = True
        if _thread is None:
            _thread = threading.Thread(target=_run, name="report-versions", daemon=True)
            _thread.start()

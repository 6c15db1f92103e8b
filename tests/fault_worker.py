"""A Celery worker whose PDF renderer first waits, so a test can kill it mid-generation.

Usage: python tests/fault_worker.py SECONDS WORKER-ARGUMENTS...   (tests/test_faults.py)
The wait is patched in here, before the pool's processes are forked, so nothing in the
portal's code knows about it.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings")

import django  # noqa: E402

django.setup()

from emulation_portal.celery import app  # noqa: E402
from reports import bloc_outputs  # noqa: E402

delay, render = float(sys.argv[1]), bloc_outputs.RENDERERS["pdf"]


def slow_render(report):
    time.sleep(delay)
    return render(report)


bloc_outputs.RENDERERS["pdf"] = slow_render
app.worker_main(["worker", *sys.argv[2:]])

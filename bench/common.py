import time
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def measure(label: str, *, rows: int | None = None):
    """Print wall time, query count and (if given) rows per second of the block."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        yield
        elapsed = time.perf_counter() - started
    rate = f", {rows / elapsed:,.0f} rows/s" if rows else ""
    print(f"   {label}: {elapsed * 1000:,.1f} ms, {len(queries)} queries{rate}")

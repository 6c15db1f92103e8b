"""Run the benchmarks (bench/bench_*.py, each with a `main()`) and print their figures.

They use a throwaway SQLite database unless BENCH_DATABASE_URL points at another one (e.g. a
scratch PostgreSQL database). Figures are printed, never asserted: benchmarks are not tests.
Usage: bench/run.py [name ...]   (names without the bench_ prefix; default: all)
"""

import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> None:
    workdir = tempfile.mkdtemp(prefix="emulation-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the Django test client
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    names = argv or sorted(p.stem[len("bench_") :] for p in (ROOT / "bench").glob("bench_*.py"))
    for name in names:
        started = time.perf_counter()
        print(f"== {name}")
        importlib.import_module(f"bench.bench_{name}").main()
        print(f"   ({time.perf_counter() - started:.1f} s including set-up)")


if __name__ == "__main__":
    main(sys.argv[1:])

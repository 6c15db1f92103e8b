"""Every page of every document kind of the demo, as PNG pages to look at (docs/screenshots/).

    .venv/bin/python scripts/document_pages.py [--out docs/screenshots] [--dpi 60] [--only STEM]

Reads the database the settings name (the demo of `make run`: `manage.py load_demo` first),
renders each kind's PDF through the document registry (reports.documents.render, as the web
pages do) and turns each page into `<kind>-<page>.png` with pdftoppm. Earlier PNGs of the same
kinds are removed first, so the folder holds exactly the pages of this run.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOC, YEAR = "KTĐ4A", 2020
H1_RANGE = ("01/01/2020", "15/06/2020")
UNIT = "DT-SCT"  # Sở Công Thương: a deputy signs for the head (KT.), targets with results


def _django() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings")
    django.setup()


def documents() -> list[tuple[str, str, dict]]:
    """(file stem, kind, params) of each document to show."""
    from awards.summary_views import parse_date
    from blocs.models import Bloc
    from campaigns.models import ProgressReport, ReportingPeriod

    bloc = Bloc.objects.get(code=BLOC)

    def period(kind):
        return ReportingPeriod.objects.get(
            authority_id=bloc.authority_id, year=YEAR, kind=kind, phase__isnull=True
        )

    h1 = period(ReportingPeriod.Kind.H1)
    unit_report = ProgressReport.objects.get(organization__code=UNIT, period=h1, bloc=bloc)
    start, end = (parse_date(text) for text in H1_RANGE)
    return [
        ("bloc-six-month", "bloc-report", {"bloc": bloc, "period": h1}),
        ("bloc-annual", "bloc-report", {"bloc": bloc, "period": period("annual")}),
        ("registration-table", "registration", {"bloc": bloc, "year": YEAR}),
        ("award-summary", "award-summary", {"start": start, "end": end, "bloc": bloc}),
        ("unit-report", "unit-report", {"report": unit_report}),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--only", help="one document's file stem, e.g. award-summary")
    args = parser.parse_args(argv)
    _django()
    from reports import documents as registry

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for stem, kind, params in documents():
            if args.only and stem != args.only:
                continue
            for old in args.out.glob(f"{stem}-*.png"):
                old.unlink()
            pdf = Path(tmp) / f"{stem}.pdf"
            pdf.write_bytes(registry.render(kind, params, "pdf", user=None).data)
            prefix = args.out / stem
            subprocess.run(  # noqa: S603 - fixed arguments
                ["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(prefix)],  # noqa: S607
                check=True,
            )
            pages = sorted(args.out.glob(f"{stem}-*.png"))
            print(f"{stem}: {len(pages)} trang")
    return 0


if __name__ == "__main__":
    sys.exit(main())

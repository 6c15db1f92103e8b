"""Official documents: (i) the seed-size six-month report to PDF, our pipeline against WeasyPrint
alone on the same final HTML (target ≤ 1.2×); (ii) a province-scale annual report (400 units,
4,000 targets, 20,000 awards) to PDF and DOCX: seconds, pages, peak memory (target < 15 s)."""

import io
import os
import resource
import subprocess
import tempfile
import time
import tracemalloc
from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from awards.models import Award, AwardType, Decision
from blocs.models import Bloc, BlocMembership, Organization, Person
from campaigns import progress
from campaigns.models import (
    Campaign,
    ProgressReport,
    Registration,
    ReportingPeriod,
    Target,
    TargetProgress,
)
from reports import bloc_outputs
from reports.bloc_report import bloc_report
from reports.pdf_engine import StaticOnlyFetcher
from reports.rendering import FONT_FACES

UNITS, TARGETS_PER_UNIT, AWARDS, DECISIONS = 400, 10, 20_000, 60


def _pages(pdf: bytes) -> str:
    """Pages as pdfinfo (poppler-utils) counts them."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        command = ["pdfinfo", file.name]  # fixed program, our own temporary file
        info = subprocess.run(command, capture_output=True, text=True).stdout  # noqa: S603
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")


def _best(function, runs=3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def seed_ratio() -> None:
    call_command("load_demo", stdout=io.StringIO())
    bloc = Bloc.objects.get(code="KTĐ4A")
    period = ReportingPeriod.objects.get(authority=bloc.authority, year=2020, kind="h1")
    pipeline, pdf = _best(lambda: bloc_outputs.to_pdf(bloc_report(bloc, period)))
    # The final HTML: the report's and its appendix's documents (numbered apart, Decree 30).
    sections = bloc_outputs.pdf_sections(bloc_report(bloc, period))
    htmls = [html for section in sections for html in section.chunks]

    def weasyprint_alone():
        fonts, fetcher = FontConfiguration(), StaticOnlyFetcher()
        css = CSS(string=FONT_FACES, font_config=fonts, url_fetcher=fetcher)
        return [
            HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[css], font_config=fonts)
            for html in htmls
        ]

    alone, _pdf = _best(weasyprint_alone)
    ratio = pipeline / alone
    print(f"   seed 000 six-month report: {_pages(pdf)} pages; pipeline {pipeline:.2f} s, "
          f"WeasyPrint alone {alone:.2f} s → ratio {ratio:.2f}× (target ≤ 1.2×)")  # fmt: skip


def _province():
    province = Organization.objects.create(code="BR-P", name="UBND tỉnh Bench", kind="province")
    Organization.objects.create(
        code="BR-SNV", name="Sở Nội vụ tỉnh Bench", kind="department", emulation_office_for=province
    )
    units = Organization.objects.bulk_create(
        Organization(code=f"BR-{i}", name=f"Sở, ngành số {i:03d} của tỉnh", kind="department",
                     parent=province)
        for i in range(UNITS)
    )  # fmt: skip
    bloc = Bloc.objects.create(code="BR-KHOI", name="Khối thi đua tỉnh Bench", authority=province)
    BlocMembership.objects.bulk_create(
        BlocMembership(bloc=bloc, organization=u, year=2020, role="leader" if i == 0 else "member")
        for i, u in enumerate(units)
    )
    campaign = Campaign.objects.create(
        name="Phong trào thi đua yêu nước năm 2020", year=2020, authority=province,
        plan_symbol="01/KH-UBND", plan_date=date(2020, 1, 10), start=date(2020, 1, 1),
        end=date(2020, 12, 31),
    )  # fmt: skip
    registrations = Registration.objects.bulk_create(
        Registration(campaign=campaign, bloc=bloc, organization=u, status="accepted") for u in units
    )
    Target.objects.bulk_create(
        Target(registration=r, ordinal=n + 1, due_text="Tháng 12/2020", due_end=date(2020, 12, 31),
               text=f"Chỉ tiêu thi đua số {n + 1}: hoàn thành nhiệm vụ được giao đạt trên 90%")
        for r in registrations for n in range(TARGETS_PER_UNIT)
    )  # fmt: skip
    progress.periods_ensure_defaults(authority=province, year=2020, actor=None)
    period = ReportingPeriod.objects.get(authority=province, year=2020, kind="annual")
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(period=period, bloc=bloc, organization=u, status="accepted") for u in units
    )
    by_unit = {r.organization_id: r for r in reports}
    TargetProgress.objects.bulk_create(
        TargetProgress(report=by_unit[t.registration.organization_id], target=t,
                       state="done" if t.ordinal % 3 else "in_progress")
        for t in Target.objects.filter(registration__bloc=bloc).select_related("registration")
    )  # fmt: skip
    people = Person.objects.bulk_create(
        Person(full_name=f"Nguyễn Văn {i}", organization=units[i % UNITS]) for i in range(4_000)
    )
    decisions = Decision.objects.bulk_create(
        Decision(authority=province, year=2020, number=n + 1, symbol_suffix="QĐ-UBND",
                 dated=date(2020, 1, 15) + timedelta(days=5 * n), title="Khen thưởng",
                 signer_name="Bench", signer_title="Chủ tịch", status="issued")
        for n in range(DECISIONS)
    )  # fmt: skip
    types = list(AwardType.objects.all()[:20])
    Award.objects.bulk_create(
        (Award(award_type=types[i % len(types)], year=2019, decision=decisions[i % DECISIONS],
               person=people[i % len(people)] if i % 2 else None,
               organization=units[i % UNITS])
         for i in range(AWARDS)),
        batch_size=2_000,
    )  # fmt: skip
    return bloc, period


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the forked renderers)."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _measure(label: str, render, report, forks: bool = False) -> None:
    started, cpu = time.perf_counter(), _cpu_seconds()
    data = render(report)
    elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    tracemalloc.start()  # a second run: tracing slows it down
    render(report)
    peak = tracemalloc.get_traced_memory()[1]  # this process's; forked renderers have their own
    tracemalloc.stop()
    resident = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**10  # KiB on Linux
    forked = f", largest forked renderer {resident:.0f} MB resident" if forks else ""
    pages = f"{_pages(data)} pages, " if data.startswith(b"%PDF") else ""
    print(f"   {label}: {elapsed:.1f} s ({cpu:.1f} CPU-seconds), {pages}"
          f"{len(data) / 2**20:.1f} MB, "
          f"peak Python memory {peak / 2**20:.0f} MB here{forked} (target < 15 s)")  # fmt: skip


def province_scale() -> None:
    bloc, period = _province()
    started = time.perf_counter()
    report = bloc_report(bloc, period)
    print(f"   province annual report ({UNITS} units, {UNITS * TARGETS_PER_UNIT:,} targets, "
          f"{AWARDS:,} awards): context {time.perf_counter() - started:.1f} s")  # fmt: skip
    cores = os.cpu_count()
    workers = settings.PDF_WORKERS or cores
    for label, count in (("PDF in one process", 1), (f"PDF, {workers} processes", workers)):
        with override_settings(PDF_WORKERS=count):
            _measure(f"{label} ({cores} CPUs)", bloc_outputs.to_pdf, report, forks=count > 1)
    _measure("DOCX", bloc_outputs.to_docx, report)


def main():
    seed_ratio()
    province_scale()

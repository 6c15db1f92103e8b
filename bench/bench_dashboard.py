"""The secretariat dashboard of a 400-unit bloc with 20 targets each (8,000 targets)."""

from datetime import date

from django.test import Client

from bench.common import measure
from blocs.models import Bloc, BlocMembership, Organization, StaffAssignment, User
from campaigns.models import (
    Campaign,
    ProgressReport,
    Registration,
    ReportingPeriod,
    Target,
    TargetProgress,
)

UNITS, TARGETS, YEAR = 400, 20, 2027
STATES = ["done", "in_progress", "done", "not_started", "done_late"]


def main():
    authority = Organization.objects.create(code="BD-P", name="UBND tỉnh Bench", kind="province")
    units = Organization.objects.bulk_create(
        Organization(code=f"BD-{i}", name=f"Đơn vị bench {i:03d}", kind="department")
        for i in range(UNITS)
    )
    bloc = Bloc.objects.create(code="BENCH-D", name="Khối bench", authority=authority)
    BlocMembership.objects.bulk_create(
        BlocMembership(bloc=bloc, organization=o, year=YEAR, role="leader" if i == 0 else "member")
        for i, o in enumerate(units)
    )
    campaign = Campaign.objects.create(
        name="Bench", year=YEAR, authority=authority, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31)
    )
    period = ReportingPeriod.objects.create(
        authority=authority, year=YEAR, kind="h1", name="Sơ kết bench",
        start=date(YEAR, 1, 1), end=date(YEAR, 6, 15), due=date(YEAR, 6, 20),
    )  # fmt: skip
    registrations = Registration.objects.bulk_create(
        Registration(campaign=campaign, bloc=bloc, organization=o, status="accepted") for o in units
    )
    with measure("create targets and progress", rows=UNITS * TARGETS):
        targets = Target.objects.bulk_create(
            Target(registration=r, ordinal=t + 1, text=f"Chỉ tiêu {t}",
                   due_end=date(YEAR, 1 + t % 12, 28))
            for r in registrations for t in range(TARGETS)
        )  # fmt: skip
        reports = {
            r.organization_id: r
            for r in ProgressReport.objects.bulk_create(
                ProgressReport(period=period, bloc=bloc, organization=o, status="submitted")
                for o in units
            )
        }
        TargetProgress.objects.bulk_create(
            TargetProgress(report=reports[t.registration.organization_id], target=t,
                           state=STATES[t.ordinal % len(STATES)])
            for t in targets
        )  # fmt: skip
    user = User.objects.create(username="bench-secretariat")
    StaffAssignment.objects.create(user=user, organization=units[0])
    client = Client()
    client.force_login(user)
    url = f"/blocs/{bloc.pk}/{YEAR}/dashboard/?period={period.pk}"
    client.get(url)  # warm up templates
    for attempt in (1, 2, 3):
        with measure(f"dashboard page, {UNITS} units × {TARGETS} targets (run {attempt})"):
            response = client.get(url)
    assert response.status_code == 200

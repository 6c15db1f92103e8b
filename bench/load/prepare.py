"""Turn the demo world into a deadline week and write the plan the locustfile reads.

The demo's six-month reports of Khối thi đua 4A (2020) and seven of its annual ones are accepted;
here they are reopened to drafts and the missing annual draft is opened, so every member unit has
two reports to work on.
The demo has officer accounts for two units only, so each other member unit gets one
(`canbo.<unit code>`, the demo password): officers edit their own unit's reports, as they would.
"""

import json
from pathlib import Path

from django.db import transaction

from awards.models import Proposal
from blocs import demo as blocs_demo
from blocs.models import Bloc, BlocMembership, StaffAssignment, User
from campaigns import progress
from campaigns.models import Campaign, ProgressReport, ReportingPeriod
from reports import services as report_services

BLOC, YEAR = "KTĐ4A", 2020
DEMO_OFFICERS = {"DT-SXD": "xaydung", "DT-SCT": "congthuong"}


@transaction.atomic
def prepare(plan_path: Path) -> dict:
    bloc = Bloc.objects.get(code=BLOC)
    reviewer = User.objects.get(username="sonoivu")
    secretariat = User.objects.get(username="hvquan")
    periods = ReportingPeriod.objects.filter(authority_id=bloc.authority_id, year=YEAR)
    h1 = periods.get(kind=ReportingPeriod.Kind.H1)
    annual = periods.get(kind=ReportingPeriod.Kind.ANNUAL)
    for report in ProgressReport.objects.filter(
        period__in=(h1, annual), bloc=bloc, status=ProgressReport.Status.ACCEPTED
    ):
        progress.report_transition(
            report=report, event="reopen", actor=reviewer, reason="Mở lại để thử tải."
        )
    units = []
    for membership in BlocMembership.objects.filter(bloc=bloc, year=YEAR).select_related(
        "organization"
    ):
        unit = membership.organization
        username = DEMO_OFFICERS.get(unit.code) or f"canbo.{unit.code.lower()}"
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": f"Cán bộ thử tải {unit.short_name or unit}"}
        )
        if created:
            user.set_password(blocs_demo.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        StaffAssignment.objects.get_or_create(user=user, organization=unit)
        reports = [
            progress.report_open(period=period, bloc=bloc, organization=unit, actor=user).pk
            for period in (h1, annual)
        ]
        units.append({"code": unit.code, "username": username, "reports": reports})
    document = report_services.document_open(bloc=bloc, period=h1, actor=secretariat)
    plan = {
        "password": blocs_demo.DEMO_PASSWORD,
        "bloc": bloc.pk,
        "year": YEAR,
        "campaign": Campaign.objects.get(
            authority_id=bloc.authority_id, year=YEAR, kind=Campaign.Kind.ANNUAL
        ).pk,
        "secretariat": secretariat.username,
        "reviewer": reviewer.username,
        "document": document.pk,
        "proposals": list(
            Proposal.objects.filter(authority_id=bloc.authority_id)
            .exclude(status=Proposal.Status.DRAFT)
            .values_list("pk", flat=True)
        ),
        "units": units,
    }
    plan_path.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    return plan

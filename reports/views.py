from django.shortcuts import get_object_or_404, render

from blocs.models import Bloc, BlocMembership, Organization
from blocs.roles import roles_for
from campaigns import dashboard
from campaigns import selectors as campaign_selectors
from campaigns.models import Campaign, ProgressReport
from emulation_portal.text import vi_order, vi_sort_key

from . import documents, queues
from .models import ReportDocument


def unit_report_download(request, pk, format):
    """Report kind (e): a unit's own progress report as a Decree 30 PDF, a Word document the
    unit can edit before signing, or a workbook; for those who may read the report."""
    report = get_object_or_404(
        # The period's authority says how the file name words the year.
        ProgressReport.objects.select_related("period__authority", "bloc", "organization"),
        pk=pk,
    )
    params = {"report": report}
    return documents.render("unit-report", params, format, user=request.user).attachment()


def home(request):
    """Each role's work queue first (reports/queues.py), then its starting points: my units'
    registrations, the blocs I lead or manage."""
    roles = roles_for(request.user)
    led = [
        (bloc, year, Campaign.objects.filter(authority_id=bloc.authority_id, year=year))
        for bloc, year in roles.led_blocs
    ]
    target_year, targets = dashboard.unit_targets(request.user)
    pairs = {
        (m.bloc, m.organization)
        for m in BlocMembership.objects.filter(
            organization_id__in=roles.organization_ids
        ).select_related("bloc__authority", "organization")
    }
    return render(
        request,
        "reports/home.html",
        {
            "unit_reports": dashboard.unit_reports(request.user)[:12],
            "received": ReportDocument.objects.filter(
                status=ReportDocument.Status.ISSUED, recipients__in=roles.organization_ids
            )
            .select_related("bloc", "period")
            .distinct()
            .order_by("-issued_at")[:12],
            "target_year": target_year,
            "targets": targets,
            "overdue_count": sum(1 for t in targets if t.overdue),
            "unit_history": [
                (bloc, org, dashboard.history(bloc, org.pk))
                for bloc, org in sorted(pairs, key=lambda p: (p[0].code, vi_sort_key(p[1].name)))
            ],
            "roles": roles,
            "queues": queues.queues_for(request.user),
            "led": led,
            "units": Organization.objects.filter(pk__in=roles.organization_ids).order_by(
                vi_order("name")
            ),
            "unit_campaigns": campaign_selectors.unit_campaigns(request.user),
            "authorities": Organization.objects.filter(pk__in=roles.authority_ids).order_by(
                vi_order("name")
            ),
            "managed_blocs": Bloc.objects.filter(authority_id__in=roles.authority_ids).order_by(
                "code"
            ),
        },
    )

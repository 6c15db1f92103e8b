"""Report kind (e): a unit's own progress report for a period."""

from django.core.exceptions import PermissionDenied

from blocs.emulation_year import EmulationYear
from campaigns.models import ProgressReport
from campaigns.permissions import can_view_report

from .. import word
from ..rendering import render_pdf
from ..unit_report import UnitReport, unit_report
from ..xlsx import unit_report_xlsx
from .base import Built, Kind, period_words


def build(*, report: ProgressReport, user) -> Built:
    if user is not None and not can_view_report(user, report):
        raise PermissionDenied
    year = EmulationYear.of(report.period.authority, report.period.year)
    period = period_words(report.period.kind, year)
    return Built(unit_report(report.pk), f"báo cáo {period} {report.organization.name}")


def to_pdf(report: UnitReport) -> bytes:
    return render_pdf("reports/unit_report.html", {"doc": report})


KIND = Kind(
    "unit-report", build, {"pdf": to_pdf, "docx": word.unit_report_docx, "xlsx": unit_report_xlsx}
)

"""Report kinds (a) and (b): a bloc's six-month or annual report with its Phụ lục 1."""

from django.core.exceptions import PermissionDenied

from campaigns.permissions import can_compile_bloc

from .. import bloc_outputs, permissions, services
from ..bloc_report import BlocReport, bloc_report
from ..models import ReportDocument
from .base import Built, Kind, period_words


def build(*, document=None, bloc=None, period=None, user) -> Built:
    """A report document as it stands (its snapshot once finalised); given a bloc and a period
    instead, the bloc's latest document for it, else a draft compiled from the records now."""
    if document is None:
        document = ReportDocument.objects.filter(bloc=bloc, period=period).order_by("-pk").first()
    if document is not None:
        if user is not None and not permissions.can_view(user, document):
            raise PermissionDenied
        report = services.document_context(document)
    else:
        if user is not None and not can_compile_bloc(user, bloc, period.year):
            raise PermissionDenied
        report = bloc_report(bloc, period)
    return Built(report, name(report))


def name(report: BlocReport) -> str:
    """ "báo cáo sơ kết 6 tháng 2020 KTĐ4A" (file bao-cao-so-ket-6-thang-2020-ktd4a.pdf)."""
    return f"báo cáo {period_words(report.kind, report.emulation_year)} {report.bloc_code}"


# The writers' own table: a test or a slow worker that swaps a writer there is obeyed here.
KIND = Kind("bloc-report", build, bloc_outputs.RENDERERS)

"""Seed 003's "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG" for a date range and one authority or bloc."""

from django.core.exceptions import PermissionDenied

from awards import summary, summary_views

from .. import word
from ..rendering import render_pdf
from .base import Built, Kind


def build(*, start, end, authority=None, bloc=None, user, **filters) -> Built:
    """The table as the summary page shows it; `filters` are passed on to awards' count as
    keywords (achievement year, province…)."""
    # The page's own rule; read at call time, as the page imports this registry.
    if user is not None and not summary_views.can_view_summary(
        user, year=end.year, authority=authority, bloc=bloc
    ):
        raise PermissionDenied
    table = summary.award_summary(start=start, end=end, authority=authority, bloc=bloc, **filters)
    scope = (bloc or authority).code if (bloc or authority) else "tất cả"
    return Built(table, f"tổng hợp khen thưởng {scope} {start:%d%m%Y} {end:%d%m%Y}")


def to_pdf(table: summary.SummaryTable) -> bytes:
    return render_pdf("reports/award_summary.html", {"table": table})


LAYOUTS = {"pdf": to_pdf, "docx": word.award_summary_docx, "xlsx": summary.to_xlsx}
KIND = Kind("award-summary", build, LAYOUTS)

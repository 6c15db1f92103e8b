"""Seed 003's "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG" for a date range and one authority or bloc: a
report as its issuer signs it in PDF and DOCX, the tables alone in XLSX."""

from django.core.exceptions import PermissionDenied

from awards import summary, summary_views

from .. import word
from ..award_summary import AwardSummaryDocument, award_summary_document
from ..rendering import render_pdf
from .base import Built, Kind


def build(
    *, start=None, end=None, year=None, authority=None, bloc=None, province=None, user
) -> Built:
    """The table as the summary page shows it: by decision date (`start`–`end`) or by
    achievement year (`year`), for one deciding authority or the recipients of one province or
    bloc (awards.summary.award_summary)."""
    scope = {"authority": authority, "bloc": bloc, "province": province}
    # The page's own rule; read at call time, as the page imports this registry.
    if user is not None and not summary_views.can_view_summary(
        user, year=year or end.year, **scope
    ):
        raise PermissionDenied
    period = {"year": year} if year is not None else {"start": start, "end": end}
    table = summary.award_summary(**period, **scope)
    chosen = bloc or authority or province
    words = (
        f"năm thành tích {table.year.span}" if year is not None else f"{start:%d%m%Y} {end:%d%m%Y}"
    )
    name = f"tổng hợp khen thưởng {chosen.code if chosen else 'tất cả'} {words}"
    return Built(award_summary_document(table), name)


def to_pdf(doc: AwardSummaryDocument) -> bytes:
    return render_pdf("reports/award_summary.html", {"doc": doc})


def to_xlsx(doc: AwardSummaryDocument) -> bytes:
    return summary.to_xlsx(doc.table)


LAYOUTS = {"pdf": to_pdf, "docx": word.award_summary_docx, "xlsx": to_xlsx}
KIND = Kind("award-summary", build, LAYOUTS)

"""Phụ lục 1, the bloc's registration table: one RegistrationTable, so the unit order and the
rows are the same in the PDF, the DOCX and the XLSX (the importer reads the XLSX back)."""

from django.core.exceptions import PermissionDenied

from blocs.emulation_year import EmulationYear
from campaigns import exporter
from campaigns import services as campaign_services
from campaigns.permissions import can_compile_bloc

from .. import word
from ..registration_table import RegistrationTable, registration_table
from ..rendering import render_pdf
from .base import Built, Kind, year_words


def build(*, bloc, campaign=None, year: int | None = None, user) -> Built:
    """The bloc's table in `campaign`, or in the campaign of `year` that the bloc takes part in
    (ValidationError when there is none or more than one)."""
    year = campaign.year if campaign is not None else year
    if user is not None and not can_compile_bloc(user, bloc, year):
        raise PermissionDenied
    if campaign is None:
        campaign = campaign_services.campaign_for_bloc(bloc=bloc, year=year)
    table = registration_table(campaign=campaign, bloc=bloc)
    year = year_words(EmulationYear.of(campaign.authority, campaign.year))
    return Built(table, f"phụ lục 1 đăng ký chỉ tiêu {bloc.code} {year}")


def to_pdf(table: RegistrationTable) -> bytes:
    return render_pdf("reports/registration_table.html", {"table": table})


KIND = Kind(
    "registration",
    build,
    {"pdf": to_pdf, "docx": word.registration_docx, "xlsx": exporter.registration_workbook},
)

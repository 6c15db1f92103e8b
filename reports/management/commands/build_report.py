"""build_report KIND --bloc CODE --period 2020-H1|2020 --format pdf|docx|xlsx -o FILE"""

import re
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards import summary
from blocs.models import Bloc
from campaigns import exporter
from campaigns import services as campaign_services
from campaigns.models import ReportingPeriod
from emulation_portal.text import nfc
from reports import bloc_outputs, services
from reports.bloc_report import bloc_report
from reports.models import ReportDocument
from reports.registration_table import registration_table
from reports.rendering import render_pdf
from reports.word import award_summary_docx, registration_docx

KINDS = ("bloc-summary", "registration", "award-summary")
PERIOD = re.compile(r"^(?P<year>\d{4})(-(?P<half>H1))?$", re.IGNORECASE)


class Command(BaseCommand):
    help = (
        "Dựng văn bản từ dữ liệu: báo cáo sơ kết/tổng kết của khối, bảng đăng ký chỉ tiêu "
        "(Phụ lục 1), tổng hợp khen thưởng."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--bloc", required=True)
        parser.add_argument("--period", required=True, help="2020-H1 (sơ kết 6 tháng) hoặc 2020")
        parser.add_argument("--format", required=True, choices=["pdf", "docx", "xlsx"])
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, kind, bloc, period, format, output, **options):
        match = PERIOD.match(period.strip())
        if not match:
            raise CommandError("Kỳ phải viết dạng 2020-H1 hoặc 2020.")
        try:
            bloc_obj = Bloc.objects.get(code=nfc(bloc).upper())
        except Bloc.DoesNotExist:
            raise CommandError(f"Không có khối, cụm mã “{bloc}”.") from None
        year, half = int(match["year"]), bool(match["half"])
        try:
            if kind == "bloc-summary":
                data = self._bloc_summary(bloc_obj, year, half, format)
            else:
                start, end = self._window(bloc_obj, year, half)
                data = self._build(kind, format, bloc_obj, year, start, end)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        output.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {output}"))

    @staticmethod
    def _window(bloc, year, half) -> tuple[date, date]:
        """The authority's configured period, else the defaults (01/01–15/06, the whole year)."""
        kind = ReportingPeriod.Kind.H1 if half else ReportingPeriod.Kind.ANNUAL
        configured = ReportingPeriod.objects.filter(
            authority_id=bloc.authority_id, year=year, kind=kind
        ).first()
        if configured:
            return configured.start, configured.end
        return date(year, 1, 1), date(year, 6, 15) if half else date(year, 12, 31)

    @staticmethod
    def _bloc_summary(bloc, year, half, format) -> bytes:
        """The bloc's latest report document for the period as it stands (its snapshot once
        finalised), else a draft compiled from the records now."""
        kind = ReportingPeriod.Kind.H1 if half else ReportingPeriod.Kind.ANNUAL
        period = ReportingPeriod.objects.filter(
            authority_id=bloc.authority_id, year=year, kind=kind, phase__isnull=True
        ).first()
        if period is None:
            raise CommandError(
                f"{bloc.authority} chưa thiết lập kỳ “{ReportingPeriod.Kind(kind).label}” "
                f"năm {year}."
            )
        document = ReportDocument.objects.filter(bloc=bloc, period=period).order_by("-pk").first()
        report = services.document_context(document) if document else bloc_report(bloc, period)
        if format not in bloc_outputs.RENDERERS:
            raise CommandError(f"Báo cáo của khối dạng {format} chưa có.")
        return bloc_outputs.RENDERERS[format](report)

    def _build(self, kind, format, bloc, year, start, end) -> bytes:
        if kind == "registration":
            campaign = campaign_services.campaign_for_bloc(bloc=bloc, year=year)
            if format == "xlsx":
                return exporter.export_registrations(campaign=campaign, bloc=bloc)
            table = registration_table(campaign=campaign, bloc=bloc)
            if format == "pdf":
                return render_pdf("reports/registration_table.html", {"table": table})
            return registration_docx(table)
        if kind == "award-summary":
            table = summary.award_summary(start=start, end=end, bloc=bloc)
            if format == "xlsx":
                return summary.to_xlsx(table)
            if format == "pdf":
                return render_pdf("reports/award_summary.html", {"table": table})
        return award_summary_docx(table)

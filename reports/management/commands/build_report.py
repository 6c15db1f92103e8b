"""build_report KIND --bloc CODE --period 2020-H1|2020|NAME --format pdf|docx|xlsx -o FILE

NAME is a six-month or annual period of the bloc's authority as it was set up, case and dashes
aside: "Tổng kết năm học 2020-2021", "Sơ kết học kỳ I năm học 2020–2021"."""

import re
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards import summary
from blocs.emulation_year import EmulationYear
from blocs.models import Bloc
from campaigns.models import ReportingPeriod
from emulation_portal.text import fold, nfc
from reports import documents

KINDS = ("bloc-summary", "registration", "award-summary")
PERIOD = re.compile(r"^(?P<year>\d{4})(-(?P<half>H1))?$", re.IGNORECASE)
HALVES = (ReportingPeriod.Kind.H1, ReportingPeriod.Kind.ANNUAL)


class Command(BaseCommand):
    help = (
        "Dựng văn bản từ dữ liệu: báo cáo sơ kết/tổng kết của khối, bảng đăng ký chỉ tiêu "
        "(Phụ lục 1), tổng hợp khen thưởng."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--bloc", required=True)
        parser.add_argument(
            "--period",
            required=True,
            help="2020-H1 (sơ kết 6 tháng), 2020 hoặc tên kỳ (Tổng kết năm học 2020-2021)",
        )
        parser.add_argument("--format", required=True, choices=documents.FORMATS)
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, kind, bloc, period, format, output, **options):
        try:
            bloc_obj = Bloc.objects.select_related("authority").get(code=nfc(bloc).upper())
        except Bloc.DoesNotExist:
            raise CommandError(f"Không có khối, cụm mã “{bloc}”.") from None
        year, period_kind = self._year_and_kind(bloc_obj, period)
        if kind == "bloc-summary":
            name, params = "bloc-report", {"period": self._period(bloc_obj, year, period_kind)}
        elif kind == "registration":
            name, params = "registration", {"year": year}
        else:
            start, end = self._window(bloc_obj, year, period_kind)
            name, params = "award-summary", {"start": start, "end": end}
        try:
            rendered = documents.render(name, {"bloc": bloc_obj, **params}, format, user=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        output.write_bytes(rendered.data)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {output}"))

    @staticmethod
    def _year_and_kind(bloc, text: str) -> tuple[int, str]:
        match = PERIOD.match(text.strip())
        if match:
            half = match["half"]
            return int(
                match["year"]
            ), ReportingPeriod.Kind.H1 if half else ReportingPeriod.Kind.ANNUAL
        named = ReportingPeriod.objects.filter(
            authority_id=bloc.authority_id, kind__in=HALVES, phase__isnull=True
        )
        for period in named:
            if fold(period.name) == fold(text):
                return period.year, period.kind
        raise CommandError(
            "Kỳ phải viết dạng 2020-H1 hoặc 2020, hoặc tên một kỳ báo cáo đã thiết lập "
            "(“Tổng kết năm học 2020-2021”)."
        )

    @staticmethod
    def _period(bloc, year, kind) -> ReportingPeriod:
        """The bloc's authority's period of that kind (its latest report document for it is
        printed as it stands, else a draft compiled from the records now)."""
        period = ReportingPeriod.objects.filter(
            authority_id=bloc.authority_id, year=year, kind=kind, phase__isnull=True
        ).first()
        if period is None:
            raise CommandError(
                f"{bloc.authority} chưa thiết lập kỳ “{ReportingPeriod.Kind(kind).label}” "
                f"{EmulationYear.of(bloc.authority, year).label}."
            )
        return period

    @staticmethod
    def _window(bloc, year, kind) -> tuple[date, date]:
        """The authority's configured period, else the defaults (summary.default_range)."""
        configured = ReportingPeriod.objects.filter(
            authority_id=bloc.authority_id, year=year, kind=kind
        ).first()
        if configured:
            return configured.start, configured.end
        return summary.default_range(EmulationYear.of(bloc.authority, year), kind)

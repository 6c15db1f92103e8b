"""`manage.py award_summary --bloc KTĐ4A --from 01/01/2020 --to 15/06/2020 -o tong-hop.xlsx`:
seed 003's table through the document registry, its rows printed as well.

The options of the summary page: one scope (`--bloc`, `--authority` or `--province`, the
recipients of a province whoever decided) and one basis (decision dates `--from`/`--to`, or
`--achievement-year`, the year the awards are for whenever they were decided)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards import summary
from awards.summary_views import parse_date
from blocs.models import Bloc, Organization
from emulation_portal.params import YEAR_MAX, YEAR_MIN, parse_int
from emulation_portal.text import nfc
from reports import documents


class Command(BaseCommand):
    help = (
        "Xuất bảng tổng hợp kết quả khen thưởng (mẫu báo cáo sơ kết, tổng kết) của một khối, cụm, "
        "một cơ quan quyết định hoặc người được khen của một tỉnh, theo ngày quyết định hoặc "
        "theo năm thành tích."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--bloc", help="mã khối, cụm, ví dụ KTĐ4A")
        scope.add_argument("--authority", help="mã cơ quan quyết định, ví dụ DT")
        scope.add_argument(
            "--province", help="mã tỉnh của người được khen (mọi cấp quyết định), ví dụ DT"
        )
        parser.add_argument("--from", dest="start", help="từ ngày quyết định (dd/mm/yyyy)")
        parser.add_argument("--to", dest="end", help="đến hết ngày quyết định (dd/mm/yyyy)")
        parser.add_argument(
            "--achievement-year",
            dest="year",
            help="năm thành tích (thay cho --from/--to), ví dụ 2020",
        )
        parser.add_argument(
            "--format", choices=["xlsx", "pdf", "docx"], default="xlsx", help="định dạng tệp"
        )
        parser.add_argument("-o", "--output", required=True, help="tệp ghi ra")

    def handle(self, *args, output, format, **options):
        params = {**self._period(options), **self._scope(options)}
        rendered = documents.render("award-summary", params, format, user=None)
        table = rendered.context.table
        path = Path(output)
        try:
            path.write_bytes(rendered.data)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp “{output}”: {exc.strerror}.") from None
        self.stdout.write(f"{summary.TITLE} – {table.scope}")
        self.stdout.write(table.period)
        for group in table.groups:
            self.stdout.write(f"{group.number}. {group.label}")
            for row in group.rows:
                self.stdout.write(
                    f"  {row.number}. {row.label}: {row.total} "
                    f"(tập thể {row.collectives}, cá nhân {row.individuals})"
                )
        self.stdout.write(f"{summary.TOTAL_LABEL}: {table.total}")
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {path}."))

    @staticmethod
    def _period(options) -> dict:
        """{"year": …} by achievement year, or {"start": …, "end": …} by decision date."""
        start, end, year = options.get("start"), options.get("end"), options.get("year")
        if year is not None:
            if start is not None or end is not None:
                raise CommandError("Chọn --achievement-year hoặc --from/--to, không chọn cả hai.")
            value = parse_int(year, min_value=YEAR_MIN, max_value=YEAR_MAX)
            if value is None:
                raise CommandError(
                    f"Năm thành tích “{year}” không hợp lệ: ghi năm bốn chữ số, ví dụ 2020."
                )
            return {"year": value}
        if start is None or end is None:
            raise CommandError("Cần cả --from và --to (ngày quyết định), hoặc --achievement-year.")
        dates = []
        for label, text in (("--from", start), ("--to", end)):
            try:
                dates.append(parse_date(text))
            except ValueError:
                raise CommandError(
                    f"Ngày {label} “{text}” không hợp lệ: ghi theo dạng dd/mm/yyyy."
                ) from None
        if dates[0] > dates[1]:
            raise CommandError("Ngày --from phải trước hoặc trùng với ngày --to.")
        return {"start": dates[0], "end": dates[1]}

    @staticmethod
    def _scope(options) -> dict:
        """The bloc, the deciding authority or the province the command names."""
        if options.get("bloc") is not None:
            bloc = Bloc.objects.filter(code=nfc(options["bloc"]).upper()).first()
            if bloc is None:
                raise CommandError(f"Không có khối, cụm mã “{options['bloc']}”.")
            return {"bloc": bloc}
        key = "authority" if options.get("authority") is not None else "province"
        code = options[key]
        organization = Organization.objects.filter(code=nfc(code).upper()).first()
        if organization is None:
            raise CommandError(f"Không có cơ quan, đơn vị mã “{code}”.")
        if key == "province" and organization.kind != Organization.Kind.PROVINCE:
            raise CommandError(f"“{organization}” không phải tỉnh, thành phố.")
        return {key: organization}

"""`manage.py award_summary --bloc KTĐ4A --from 01/01/2020 --to 15/06/2020 -o tong-hop.xlsx`:
seed 003's table through the document registry, its rows printed as well."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards import summary
from awards.summary_views import parse_date
from blocs.models import Bloc, Organization
from emulation_portal.text import nfc
from reports import documents


class Command(BaseCommand):
    help = (
        "Xuất bảng tổng hợp kết quả khen thưởng (mẫu báo cáo sơ kết, tổng kết) của một khối, cụm "
        "hoặc một cơ quan quyết định trong một khoảng thời gian."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--bloc", help="mã khối, cụm, ví dụ KTĐ4A")
        scope.add_argument("--authority", help="mã cơ quan quyết định, ví dụ DT")
        parser.add_argument("--from", dest="start", required=True, help="từ ngày (dd/mm/yyyy)")
        parser.add_argument("--to", dest="end", required=True, help="đến hết ngày (dd/mm/yyyy)")
        parser.add_argument(
            "--format", choices=["xlsx", "pdf", "docx"], default="xlsx", help="định dạng tệp"
        )
        parser.add_argument("-o", "--output", required=True, help="tệp ghi ra")

    def handle(self, *args, bloc=None, authority=None, start, end, output, format, **options):
        dates = []
        for label, text in (("--from", start), ("--to", end)):
            try:
                dates.append(parse_date(text))
            except ValueError:
                raise CommandError(
                    f"Ngày {label} “{text}” không hợp lệ: ghi theo dạng dd/mm/yyyy."
                ) from None
        start, end = dates
        if start > end:
            raise CommandError("Ngày --from phải trước hoặc trùng với ngày --to.")
        chosen = {}
        if bloc is not None:
            code = nfc(bloc).upper()
            chosen["bloc"] = Bloc.objects.filter(code=code).first()
            if chosen["bloc"] is None:
                raise CommandError(f"Không có khối, cụm mã “{bloc}”.")
        else:
            code = nfc(authority).upper()
            chosen["authority"] = Organization.objects.filter(code=code).first()
            if chosen["authority"] is None:
                raise CommandError(f"Không có cơ quan, đơn vị mã “{authority}”.")
        params = {"start": start, "end": end, **chosen}
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

"""`manage.py export_registration --bloc KTĐ4A --year 2020 --format xlsx|pdf|docx -o FILE`:
Phụ lục 1 through the document registry (as `build_report registration`)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from blocs.models import Bloc
from emulation_portal.text import nfc
from reports import documents


class Command(BaseCommand):
    help = "Xuất bảng tổng hợp đăng ký chỉ tiêu của một khối trong một năm."

    def add_arguments(self, parser):
        parser.add_argument("--bloc", required=True)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", default="xlsx", choices=["xlsx", "pdf", "docx"])
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, bloc, year, output, format, **options):
        try:
            bloc_obj = Bloc.objects.get(code=nfc(bloc).upper())
            params = {"bloc": bloc_obj, "year": year}
            rendered = documents.render("registration", params, format, user=None)
        except Bloc.DoesNotExist:
            raise CommandError(f"Không có khối, cụm mã “{bloc}”.") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        output.write_bytes(rendered.data)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {output}"))

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from blocs.models import Bloc
from campaigns import exporter, services
from emulation_portal.text import nfc


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
            campaign = services.campaign_for_bloc(bloc=bloc_obj, year=year)
        except Bloc.DoesNotExist:
            raise CommandError(f"Không có khối, cụm mã “{bloc}”.") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if format in ("pdf", "docx"):
            # The official documents live in `reports`, which may import campaigns, not the other
            # way round; import it here, where the command needs it.
            from reports.registration_table import registration_table
            from reports.rendering import render_pdf
            from reports.word import registration_docx

            table = registration_table(campaign=campaign, bloc=bloc_obj)
            if format == "pdf":
                data = render_pdf("reports/registration_table.html", {"table": table})
            else:
                data = registration_docx(table)
        else:
            data = exporter.export_registrations(campaign=campaign, bloc=bloc_obj)
        output.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {output}"))

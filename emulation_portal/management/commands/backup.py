"""backup [-o FILE|-]: the database and every media file, with checksums, in one tar.gz."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from emulation_portal import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và toàn bộ tệp media (kèm mã kiểm tra) vào một tệp tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="tệp kết quả (mặc định backup-YYYYmmdd-HHMMSS.tar.gz); “-” để ghi ra stdout",
        )

    def handle(self, *args, output, **options):
        # With `-o -` the archive owns stdout, so the report goes to stderr.
        report = self.stderr if output == "-" else self.stdout
        if output == "-" and sys.stdout.isatty():
            raise CommandError("Không ghi bản sao lưu ra màn hình: chuyển stdout vào tệp (> TỆP).")
        try:
            if output == "-":
                manifest = backup.create(sys.stdout.buffer)
            else:
                output = Path(output or f"backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
                manifest = backup.save(output)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        files = sum(name.startswith(backup.MEDIA) for name in manifest["files"])
        rows = sum(manifest["counts"].values())
        report.write(
            self.style.SUCCESS(
                f"Đã sao lưu {rows} dòng ({manifest['database']['vendor']}) và {files} tệp media "
                f"vào {'stdout' if output == '-' else output}."
            )
        )

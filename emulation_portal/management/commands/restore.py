"""restore FILE|- [--check] [--yes]: verify a backup's checksums, then put it back."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emulation_portal import backup


class Command(BaseCommand):
    help = (
        "Phục hồi cơ sở dữ liệu và tệp media từ bản sao lưu, sau khi kiểm tra mã kiểm tra của "
        "mọi tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="bản sao lưu (.tar.gz); “-” để đọc từ stdin")
        parser.add_argument(
            "--check", action="store_true", help="chỉ kiểm tra bản sao lưu, không phục hồi"
        )
        parser.add_argument(
            "--yes", action="store_true", help="đồng ý ghi đè dữ liệu đang có, không hỏi lại"
        )

    def handle(self, *args, file, check, yes, **options):
        try:
            if file != "-":
                return self._restore(Path(file), check, yes)
            # The archive is read twice (verify, then restore), so stdin is spooled first.
            with tempfile.NamedTemporaryFile(suffix=".tar.gz") as spool:
                shutil.copyfileobj(sys.stdin.buffer, spool)
                spool.flush()
                return self._restore(Path(spool.name), check, yes)
        except (backup.BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc

    def _restore(self, path, check, yes):
        manifest = backup.verify(path)
        files = sum(name.startswith(backup.MEDIA) for name in manifest["files"])
        self.stdout.write(
            f"Bản sao lưu nguyên vẹn: tạo lúc {manifest['created_at']}, "
            f"{manifest['database']['vendor']}, {sum(manifest['counts'].values())} dòng, "
            f"{files} tệp media."
        )
        if check:
            return
        for line in backup.restore(path, manifest, confirm=None if yes else self._confirm):
            self.stdout.write(self.style.SUCCESS(line))

    @staticmethod
    def _confirm(found: str) -> None:
        question = f"Đang có {found}; phục hồi sẽ ghi đè."
        # Scripts and CI never wait for an answer: they must say --yes.
        if os.environ.get("CI", "").lower() == "true" or not sys.stdin.isatty():
            raise CommandError(f"{question} Thêm --yes để xác nhận.")
        if input(f"{question} Gõ “có” để tiếp tục: ").strip().lower() not in {"có", "yes"}:
            raise CommandError("Đã huỷ, không phục hồi gì.")

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from blocs.models import Bloc, User
from campaigns import importer, services
from emulation_portal.text import nfc


class Command(BaseCommand):
    help = "Nhập bảng tổng hợp đăng ký chỉ tiêu (Excel, mẫu Phụ lục 1) cho một khối, một năm."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--bloc", required=True, help="mã khối, ví dụ KTĐ4A")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không lưu")
        parser.add_argument(
            "--replace-accepted",
            action="store_true",
            help="thay thế cả đăng ký đã được chấp nhận (được ghi nhận)",
        )
        parser.add_argument("--user", help="tài khoản thực hiện (ghi vào nhật ký)")

    def handle(self, *args, file, bloc, year, dry_run, replace_accepted, user, **options):
        try:
            bloc_obj = Bloc.objects.get(code=nfc(bloc).upper())
        except Bloc.DoesNotExist:
            raise CommandError(f"Không có khối, cụm mã “{bloc}”.") from None
        actor = User.objects.filter(username=user).first() if user else None
        if user and actor is None:
            raise CommandError(f"Không có tài khoản “{user}”.")
        try:
            campaign = services.campaign_for_bloc(bloc=bloc_obj, year=year)
            plan = importer.plan_from_bytes(
                file.read_bytes(),
                campaign=campaign,
                bloc=bloc_obj,
                replace_accepted=replace_accepted,
            )
        except (OSError, ValidationError, importer.ImportFailure) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        for unit in plan.units:
            self.stdout.write(
                f"{unit.block.row:>5}  {unit.organization.name:<55} "
                f"{len(unit.block.targets):>4} chỉ tiêu {len(unit.block.titles):>3} danh hiệu  "
                f"{unit.action}"
            )
            if unit.reported and unit.action != "unchanged":
                self.stdout.write(
                    f"       {len(unit.reported)} chỉ tiêu đã có báo cáo: cập nhật tại chỗ, "
                    "giữ kết quả đã báo cáo"
                )
        for issue in plan.warnings:
            self.stdout.write(self.style.WARNING(f"Cảnh báo – {issue}"))
        if not plan.ok:
            for issue in plan.errors:
                self.stderr.write(self.style.ERROR(f"Lỗi – {issue}"))
            raise CommandError(f"{len(plan.errors)} lỗi; không lưu gì.")
        summary = (
            f"{len(plan.units)} đơn vị, {plan.target_count} chỉ tiêu, {plan.title_count} danh hiệu"
        )
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Kiểm tra xong (không lưu): {summary}."))
            return
        try:
            importer.apply_import(plan, actor=actor, source=file.name)
        except ValidationError as exc:  # the records changed between planning and saving
            for message in exc.messages:
                self.stderr.write(self.style.ERROR(f"Lỗi – {message}"))
            raise CommandError("Không lưu gì.") from exc
        self.stdout.write(self.style.SUCCESS(f"Đã nhập: {summary}."))

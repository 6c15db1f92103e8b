from django.core.management import call_command
from django.core.management.base import BaseCommand

from awards import demo as awards_demo
from blocs import demo as blocs_demo
from campaigns import demo as campaigns_demo
from campaigns import demo_progress
from reports import demo_notices


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu từ các văn bản gốc (chạy lại nhiều lần không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Chạy migrate trước, trong cùng tiến trình (make run: Django khởi động một lần).",
        )

    def handle(self, *args, **options):
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
        accounts = blocs_demo.load()
        campaigns_demo.load()
        demo_progress.load()
        awards_demo.load()
        demo_notices.load()  # last: it dates the notices the others' steps wrote
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {blocs_demo.DEMO_PASSWORD}):")
        for username, role in accounts:
            self.stdout.write(f"  {username:<12} {role}")

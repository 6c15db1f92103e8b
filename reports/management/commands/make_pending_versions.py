"""Hand the report files queued in the database to the workers (or, with no broker configured,
make them in this process); versions stuck running past REPORT_VERSION_TIMEOUT are retried or
failed. The beat task and the worker's start run the same; `--loop` is for hosts without beat."""

import time

from django.core.management.base import BaseCommand

from reports import services


class Command(BaseCommand):
    help = "Tạo (hoặc chuyển cho bộ xử lý nền) các tệp báo cáo đang xếp hàng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, default=0, metavar="SECONDS", help="Lặp lại sau mỗi SECONDS giây."
        )

    def handle(self, *args, loop=0, **options):
        while True:
            handed = services.versions_make_pending()
            self.stdout.write(f"Đã xử lý {handed} tệp đang xếp hàng.")
            if not loop:
                return
            time.sleep(loop)

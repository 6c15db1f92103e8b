from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from campaigns.reminders import send_reminders


class Command(BaseCommand):
    help = "Ghi thông báo nhắc các đơn vị có báo cáo sắp đến hạn (7 ngày) hoặc quá hạn."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="ngày tính (dd/mm/yyyy); mặc định hôm nay")

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.strptime(date, "%d/%m/%Y").date() if date else timezone.localdate()
        except ValueError:
            raise CommandError("Ngày phải theo dạng dd/mm/yyyy.") from None
        notices = send_reminders(today)
        for notice in notices:
            self.stdout.write(f"{notice.recipient}: {notice.message}")
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {len(notices)} thông báo mới."))

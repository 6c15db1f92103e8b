from django.core.management.base import BaseCommand

from notifications.mail import email_digests


class Command(BaseCommand):
    help = "Gửi thư tổng hợp thông báo chưa đọc cho người chọn nhận thư mỗi ngày (chạy hằng ngày)."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"Đã gửi {email_digests()} thư tổng hợp."))

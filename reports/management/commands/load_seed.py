from django.core.management.base import BaseCommand

from directives.seed import load_186


class Command(BaseCommand):
    help = "Nạp (lặp lại không sao) Công văn 186-CV/TU và các đơn vị của tỉnh Quảng Ngãi năm 2021."

    def handle(self, *args, **options):
        directive = load_186()
        self.stdout.write(
            f"Đã nạp {directive}: {directive.tasks.count()} nhiệm vụ, "
            f"{directive.recipients.count()} dòng Kính gửi / Nơi nhận."
        )

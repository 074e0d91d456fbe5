from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directives.seed import load_186
from reports.consolidated.demo import load_demo_consolidated
from reports.submissions.demo import load_demo_periods
from units.demo import DEMO_PASSWORD, create_demo_accounts


class Command(BaseCommand):
    help = "Thêm tài khoản và dữ liệu minh họa (mật khẩu 'demo'). Chỉ chạy khi DEBUG bật."

    def handle(self, *args, **options):
        # Known passwords on a production server would open it to anyone who read the README.
        if not settings.DEBUG:
            raise CommandError(
                "load_demo chỉ chạy khi DEBUG bật: không tạo tài khoản demo trên máy chủ thật."
            )
        load_186()
        usernames = create_demo_accounts()
        self.stdout.write(f"Tài khoản demo (mật khẩu '{DEMO_PASSWORD}'): {', '.join(usernames)}")
        for period in load_demo_periods():
            self.stdout.write(f"Kỳ báo cáo minh họa: {period}")
        # Keep last: the consolidated report is drawn from the demo period and its reports.
        consolidated = load_demo_consolidated()
        if consolidated is not None:
            self.stdout.write(
                f"Báo cáo tổng hợp: {consolidated} ({consolidated.get_generation_display()})"
            )

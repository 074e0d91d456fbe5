import time

from django.core.management.base import BaseCommand

from reports.models import ConsolidatedReport
from reports.services_consolidated import generate_consolidated_pdf


class Command(BaseCommand):
    help = (
        "Tạo tệp PDF cho các báo cáo tổng hợp đã ban hành đang chờ (dùng khi "
        "TASKS_BACKEND=reports.task_backends.DatabaseQueueBackend). Chạy một tiến trình."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Chạy liên tục.")
        parser.add_argument("--interval", type=float, default=2.0, help="Giây giữa hai lần quét.")

    def handle(self, *args, loop, interval, **options):
        Generation = ConsolidatedReport.Generation
        # A report left "generating" was being made by a worker that stopped (only one worker
        # runs): it is waiting again.
        ConsolidatedReport.objects.filter(generation=Generation.GENERATING, pdf="").update(
            generation=Generation.PENDING
        )
        while True:
            pending = list(
                ConsolidatedReport.objects.filter(generation=Generation.PENDING)
                .order_by("issued_at")
                .values_list("pk", flat=True)
            )
            for report_id in pending:
                # .call() runs the task body here, whatever TASKS_BACKEND says.
                outcome = generate_consolidated_pdf.call(report_id)
                self.stdout.write(f"Báo cáo tổng hợp {report_id}: {outcome}")
            if not loop:
                return
            time.sleep(interval)

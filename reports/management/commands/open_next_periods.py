"""Daily: open the next period of every recurring period that has ended (docs/reminders.md)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.periods.services import periods_open_next


class Command(BaseCommand):
    help = (
        "Open the next period (same length, same units) of every recurring period that has "
        "ended. Idempotent: a period already opened is not opened again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Act as if today were this day (YYYY-MM-DD). Default: today, local time.",
        )

    def handle(self, *args, date=None, **options):
        opened = periods_open_next(today=date or timezone.localdate())
        for period in opened:
            self.stdout.write(f"Đã mở kỳ “{period.name}” của {period.directive.reference}.")
        self.stdout.write(f"Đã mở {len(opened)} kỳ báo cáo.")

"""Rebuild the units' answers the statuses are judged from (TaskAnswer) from the reports.

The workflow keeps them; this is for what bypasses it: rows changed by hand in the database,
a partial restore. `--check` only says whether they are in step (exit 1 when not)."""

import sys

from django.core.management.base import BaseCommand
from django.db import transaction

from reports.submissions.models import TaskAnswer

FIELDS = ("task_id", "unit_id", "entry_id", "status", "done_on", "accepted")


def _rows() -> set[tuple]:
    return set(TaskAnswer.objects.values_list(*FIELDS))


class Command(BaseCommand):
    help = (
        "Recompute every unit's answer on every task (the entry the five statuses are judged "
        "from) from the submitted and accepted reports. With --check, change nothing and exit "
        "1 if the stored answers differ from the recomputed ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Compare only; write nothing.")

    def handle(self, *args, check=False, **options):
        with transaction.atomic():
            before = _rows()
            count = TaskAnswer.objects.refresh()
            after = _rows()
            if check:
                transaction.set_rollback(True)
        differing = len(before ^ after)
        if check and differing:
            self.stderr.write(
                f"{differing} dòng câu trả lời của đơn vị không khớp với báo cáo "
                "(chạy lại không có --check để sửa)."
            )
            sys.exit(1)
        if check:
            self.stdout.write(f"Khớp: {count} câu trả lời của đơn vị.")
        else:
            self.stdout.write(f"Đã tính lại {count} câu trả lời ({differing} dòng thay đổi).")

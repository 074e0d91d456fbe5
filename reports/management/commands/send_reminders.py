"""Daily automatic reminders; safe to run more than once a day (see docs/reminders.md)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.monitoring.reminders import (
    deadline_reminders_due,
    deadline_reminders_send,
    reminders_due,
    reminders_send_automatic,
)


def _days(value: str) -> list[int]:
    try:
        days = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as error:
        raise CommandError(f"Expected whole numbers separated by commas, got {value!r}.") from error
    if any(day < 0 for day in days):
        raise CommandError("Days must not be negative.")
    return days


class Command(BaseCommand):
    help = (
        "Send the automatic reminders of today: to units whose report is not yet submitted, "
        "the configured number of days before and after their due date; and to the units "
        "leading an unfinished task whose deadline nears, once per task and threshold. "
        "Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Act as if today were this day (YYYY-MM-DD). Default: today, local time.",
        )
        parser.add_argument(
            "--days-before",
            type=_days,
            help="Comma-separated days before the due date (default: REMINDER_DAYS_BEFORE).",
        )
        parser.add_argument(
            "--days-after",
            type=_days,
            help="Comma-separated days after the due date (default: REMINDER_DAYS_AFTER).",
        )
        parser.add_argument(
            "--deadline-days",
            type=_days,
            help="Comma-separated days before a task's deadline (default: DEADLINE_REMINDER_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )

    def handle(
        self,
        *args,
        date=None,
        days_before=None,
        days_after=None,
        deadline_days=None,
        dry_run=False,
        **kw,
    ):
        today = date or timezone.localdate()
        options = {
            "today": today,
            "days_before": settings.REMINDER_DAYS_BEFORE if days_before is None else days_before,
            "days_after": settings.REMINDER_DAYS_AFTER if days_after is None else days_after,
        }
        deadlines = {
            "today": today,
            "days_before": settings.DEADLINE_REMINDER_DAYS
            if deadline_days is None
            else deadline_days,
        }
        if dry_run:
            for plan in reminders_due(**options):
                self.stdout.write(f"{plan.kind}\t{plan.period}\t{plan.row.unit.short_name}")
            for plan in deadline_reminders_due(**deadlines):
                for task, days, threshold in plan.tasks:
                    self.stdout.write(
                        f"deadline\t{task.directive.reference} {task.number}\t"
                        f"{plan.unit.short_name}\t{days} (≤ {threshold})"
                    )
            return
        sent = reminders_send_automatic(**options)
        for reminder in sent:
            self.stdout.write(f"{reminder.kind}\t{reminder.period_id}\t{reminder.unit.short_name}")
        # A reminder recorded for a unit with no active member reached nobody: the count says
        # how many units someone received it in, and the others are named to be contacted.
        reached = [r for r in sent if r.recipient_count > 0]
        unreached = [r.unit.short_name for r in sent if r.recipient_count == 0]
        self.stdout.write(f"{today.isoformat()}: reminder(s) reached {len(reached)} unit(s).")
        if unreached:
            self.stdout.write(
                f"Not reached (no active member account; recorded, contact them another way): "
                f"{', '.join(unreached)}."
            )
        told = deadline_reminders_send(**deadlines)
        for record in told:
            self.stdout.write(
                f"deadline\t{record.task_id}\t{record.unit.short_name}\t{record.days_before}"
            )
        units = len({record.unit_id for record in told})
        self.stdout.write(
            f"{today.isoformat()}: {len(told)} task deadline(s) reminded to {units} unit(s)."
        )

"""Reminders (đôn đốc): a reviewer chasing units by hand, and the daily automatic run.

A reminder goes to every member of the unit, in the app and by email
(`reports.notifications.services.notify`), and is recorded as a `Reminder`, which the
dashboard's "last reminder" column reads. Only a unit whose report is still with it (not
opened, a draft, or returned for revision) can be reminded.

The daily run also tells the units leading an unfinished task when its deadline nears
(`deadline_reminders_send`), once per task and threshold, recorded as a `DeadlineReminder`.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.dates import short_date
from reports.monitoring import stats, statuses
from reports.monitoring.models import DeadlineReminder, Reminder
from reports.notifications.services import notify_units
from reports.periods.models import ReportingPeriod
from units.models import Unit


def reminder_default_message(period: ReportingPeriod) -> str:
    """The prefilled text a reviewer may edit. Vietnamese: it is an official message."""
    directive = period.directive
    return (
        f"Thực hiện {directive.document_type_label} số {directive.reference} ngày "
        f"{short_date(directive.issued_on)}, đề nghị quý đơn vị khẩn trương hoàn thành và gửi "
        f"báo cáo kết quả thực hiện kỳ “{period.name}” (hạn nộp {short_date(period.due_on)}) "
        f"qua hệ thống theo dõi. Trân trọng."
    )


def _automatic_message(
    period: ReportingPeriod, row: stats.UnitRow, kind: str, today: datetime.date
) -> str:
    directive = period.directive
    subject = f"báo cáo kết quả thực hiện {directive.reference} kỳ “{period.name}”"
    if kind == Reminder.Kind.BEFORE_DUE:
        days = (row.due_on - today).days
        return (
            f"Nhắc việc: {subject} của {row.unit.short_name} đến hạn ngày "
            f"{short_date(row.due_on)} (còn {days} ngày). Đề nghị đơn vị hoàn thành và gửi "
            f"báo cáo đúng hạn."
        )
    return (
        f"Đôn đốc: {subject} của {row.unit.short_name} đã quá hạn {row.days_late} ngày "
        f"(hạn {short_date(row.due_on)}). Đề nghị đơn vị khẩn trương gửi báo cáo."
    )


def _report_url(period: ReportingPeriod, unit: Unit) -> str:
    # The unit's members land on their report, opened for them if they have not yet begun.
    try:
        return reverse("report_open", args=[period.pk, unit.code])
    except NoReverseMatch:  # the reports area is not installed: the message stands alone
        return ""


def _notify_unit(period: ReportingPeriod, unit: Unit, message: str) -> int:
    reached = notify_units(
        units=[unit], message=message, url_for=lambda unit: _report_url(period, unit)
    )
    return reached[unit.pk]


@transaction.atomic
def reminder_send(
    *,
    period: ReportingPeriod,
    units: Iterable[Unit],
    message: str,
    sent_by,
    today: datetime.date | None = None,
) -> list[Reminder]:
    """A reviewer's reminder to the chosen units. Refused as a whole, with a message naming
    them, if one of the units has already submitted or is not asked to report."""
    today = today or timezone.localdate()
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Write the message of the reminder.")})
    rows = {row.unit.pk: row for row in stats.unit_rows(period, today=today)}
    units = list(units)
    if not units:
        raise ValidationError({"units": _("Choose at least one unit to remind.")})
    foreign = [unit for unit in units if unit.pk not in rows]
    if foreign:
        raise ValidationError(
            {
                "units": _("%(units)s do not report in this period.")
                % {"units": ", ".join(u.short_name for u in foreign)}
            }
        )
    done = [rows[unit.pk].unit for unit in units if not rows[unit.pk].can_be_reminded]
    if done:
        raise ValidationError(
            {
                "units": _(
                    "%(units)s already submitted their report; a reminder is only sent to "
                    "units that have not."
                )
                % {"units": ", ".join(u.short_name for u in done)}
            }
        )
    reminders = []
    now = timezone.now()
    for unit in units:
        reminders.append(
            Reminder.objects.create(
                period=period,
                unit=unit,
                kind=Reminder.Kind.MANUAL,
                message=message,
                sent_by=sent_by,
                sent_at=now,
                sent_on=today,
                recipient_count=_notify_unit(period, unit, message),
            )
        )
    return reminders


@dataclass(frozen=True)
class PlannedReminder:
    period: ReportingPeriod
    row: stats.UnitRow
    kind: str


def reminders_due(
    *, today: datetime.date, days_before: Iterable[int], days_after: Iterable[int]
) -> list[PlannedReminder]:
    """The automatic reminders of `today`: units of open periods that have not submitted yet,
    on one of the configured days before or after their due date (extension included),
    that were not yet sent an automatic reminder today. Four queries for all open periods."""
    days_before, days_after = set(days_before), set(days_after)
    periods = list(
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).select_related(
            "directive"
        )
    )
    rows_by_period = stats.unit_rows_for_periods(periods, today=today)
    already = set(
        Reminder.objects.filter(period__in=periods, sent_on=today)
        .exclude(kind=Reminder.Kind.MANUAL)
        .values_list("period_id", "unit_id")
    )
    planned = []
    for period in periods:
        for row in rows_by_period[period.pk]:
            # A returned report was submitted once: chasing its revision is the reviewer's call.
            if row.is_submitted or (period.pk, row.unit.pk) in already:
                continue
            days_left = (row.due_on - today).days
            if days_left in days_before:
                kind = Reminder.Kind.BEFORE_DUE
            elif -days_left in days_after:
                kind = Reminder.Kind.AFTER_DUE
            else:
                continue
            planned.append(PlannedReminder(period, row, kind))
    return planned


def reminders_send_automatic(
    *, today: datetime.date, days_before: Iterable[int], days_after: Iterable[int]
) -> list[Reminder]:
    """Send today's automatic reminders. Running it again the same day sends nothing: the
    check above skips what was sent, and the unique constraint stops a run racing another."""
    sent = []
    for plan in reminders_due(today=today, days_before=days_before, days_after=days_after):
        message = _automatic_message(plan.period, plan.row, plan.kind, today)
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    period=plan.period,
                    unit=plan.row.unit,
                    kind=plan.kind,
                    message=message,
                    sent_on=today,
                )
                reminder.recipient_count = _notify_unit(plan.period, plan.row.unit, message)
                reminder.save(update_fields=["recipient_count"])
        except IntegrityError:
            continue  # another run sent this one a moment ago
        sent.append(reminder)
    return sent


# ---- deadlines of tasks ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedDeadlineReminder:
    unit: Unit
    tasks: tuple  # (Task, days before the deadline, the threshold it is sent for)


def deadline_reminders_due(
    *, today: datetime.date, days_before: Iterable[int]
) -> list[PlannedDeadlineReminder]:
    """The units to tell today that the deadline of a task they lead nears: an unfinished task
    (status "in progress, within the deadline") whose deadline is at most the largest threshold
    away, for the tightest threshold it has reached, not yet sent for that threshold. One unit,
    one message listing its tasks. Five queries for every directive in force."""
    thresholds = sorted(set(days_before))
    if not thresholds:
        return []
    scope = statuses.Scope(
        on=today,
        statuses=(statuses.TaskStatus.IN_PROGRESS,),
        deadline_by=today + datetime.timedelta(days=thresholds[-1]),
    )
    rows = statuses.work_rows(statuses.pair_rows(scope, today=today), today=today)
    already = set(
        DeadlineReminder.objects.filter(
            task_id__in={row.task.pk for row in rows}, deadline__gte=today
        ).values_list("task_id", "unit_id", "deadline", "days_before")
    )
    by_unit: dict[int, list] = {}
    units = {}
    for row in rows:
        days = (row.task.deadline - today).days
        threshold = next(t for t in thresholds if days <= t)
        if (row.task.pk, row.unit.pk, row.task.deadline, threshold) in already:
            continue
        units[row.unit.pk] = row.unit
        by_unit.setdefault(row.unit.pk, []).append((row.task, days, threshold))
    return [
        PlannedDeadlineReminder(units[unit_id], tuple(tasks)) for unit_id, tasks in by_unit.items()
    ]


def _deadline_message(plan: PlannedDeadlineReminder) -> str:
    lines = [f"Nhắc việc: nhiệm vụ sắp đến hạn của {plan.unit.short_name}:"]
    for task, days, _threshold in plan.tasks:
        left = "đến hạn hôm nay" if days == 0 else f"còn {days} ngày"
        lines.append(
            f"- {task.directive.document_type_label} {task.directive.reference}, nhiệm vụ "
            f"{task.number} “{task.title}”: hạn {short_date(task.deadline)} ({left})."
        )
    lines.append("Đề nghị đơn vị hoàn thành đúng hạn và báo cáo kết quả.")
    return "\n".join(lines)


def _home_url() -> str:
    try:
        return reverse("home")
    except NoReverseMatch:
        return ""


def deadline_reminders_send(
    *, today: datetime.date, days_before: Iterable[int]
) -> list[DeadlineReminder]:
    """Send today's deadline reminders, in the app and by email, each unit's tasks in one
    message. Once per task, unit and threshold: the unique constraint makes a second run, or
    one racing this one, send nothing."""
    sent = []
    for plan in deadline_reminders_due(today=today, days_before=days_before):
        try:
            with transaction.atomic():
                records = [
                    DeadlineReminder.objects.create(
                        task=task,
                        unit=plan.unit,
                        days_before=threshold,
                        deadline=task.deadline,
                        sent_on=today,
                    )
                    for task, _days, threshold in plan.tasks
                ]
                reached = notify_units(
                    units=[plan.unit],
                    message=_deadline_message(plan),
                    url_for=lambda u: _home_url(),
                )[plan.unit.pk]
                DeadlineReminder.objects.filter(pk__in=[r.pk for r in records]).update(
                    recipient_count=reached
                )
        except IntegrityError:
            continue  # another run told this unit a moment ago
        for record in records:
            record.recipient_count = reached
        sent += records
    return sent

"""Reminders (đôn đốc) sent to units about their reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import Task
from reports.periods.models import ReportingPeriod
from units.models import Unit


class Reminder(models.Model):
    """A reminder (đôn đốc) sent to a unit about its report for a period: by hand or by the
    daily `send_reminders` run. Every one is kept, and the dashboard shows the latest."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("Sent by a reviewer")
        BEFORE_DUE = "before_due", _("Automatic, before the due date")
        AFTER_DUE = "after_due", _("Automatic, after the due date")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    message = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # The local day of sending: the automatic run sends at most one reminder per unit per day.
    sent_on = models.DateField(_("sent on"))
    recipient_count = models.PositiveIntegerField(_("people notified"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            # Makes `send_reminders` idempotent: a second run on the same day inserts nothing.
            models.UniqueConstraint(
                fields=["period", "unit", "sent_on"],
                condition=~Q(kind="manual"),
                name="reminder_one_automatic_per_unit_per_day",
            ),
        ]
        indexes = [
            # Dashboard "last reminder" column: MAX(sent_at) per unit of one period.
            models.Index(fields=["period", "unit", "sent_at"], name="reminder_period_unit_idx"),
        ]

    def __str__(self):
        return f"{self.unit.short_name} – {self.period} – {self.sent_at:%Y-%m-%d}"


class DeadlineReminder(models.Model):
    """A unit told that the deadline of a task it leads nears (issue 12): sent once per task,
    unit and threshold (the number of days before the deadline it was sent for)."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="deadline_reminders"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="deadline_reminders"
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    deadline = models.DateField(_("deadline"))
    sent_on = models.DateField(_("sent on"))
    recipient_count = models.PositiveIntegerField(_("people notified"), default=0)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        ordering = ["-sent_on"]
        constraints = [
            # Once per task, unit and threshold: a second run (or a race) inserts nothing.
            # The deadline is part of it, so that a task given a new deadline is told again.
            models.UniqueConstraint(
                fields=["task", "unit", "deadline", "days_before"],
                name="deadline_reminder_once_per_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.unit.short_name} – {self.task.number} – {self.days_before}"

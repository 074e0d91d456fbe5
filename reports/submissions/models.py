"""A unit's report for a period: its task entries, evidence files, workflow events and revisions.

The workflow is draft -> submitted -> accepted, or returned (with a comment) -> submitted
again. Transitions live in `reports.submissions.services`; the rules they rely on live here.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, When, Window
from django.db.models.functions import RowNumber
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config import text_limits
from config.search import matching
from directives.models import INDICATOR_MAX_VALUE, Indicator, Task
from reports.periods.models import ReportingPeriod
from reports.periods.signals import period_dates_changed
from units.models import Unit


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class UnitReportQuerySet(models.QuerySet):
    def search(self, query: str):
        """Reports whose own text, or one of whose task entries, holds every word of the
        query, diacritics aside."""
        entries = TaskProgress.objects.filter(report=OuterRef("pk")).filter(
            matching(["results", "difficulties", "proposals"], query)
        )
        return self.filter(
            matching(["overall_assessment", "difficulties", "recommendations"], query)
            | Q(Exists(entries))
        )


class UnitReport(models.Model):
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    overall_assessment = models.TextField(_("overall assessment"), blank=True)
    difficulties = models.TextField(_("difficulties and causes"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    # Bumped by every save: a form carries the version it was read at, and a save from an
    # older version is refused instead of overwriting someone else's work.
    version = models.PositiveIntegerField(_("version"), default=1)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Timeliness is judged once, at the first submission, against the due date in force then.
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = UnitReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["period", "unit"]
        constraints = [
            *text_limits.length_checks(
                "report",
                text_limits.REPORT_TEXT,
                "overall_assessment",
                "difficulties",
                "recommendations",
            ),
            models.UniqueConstraint(
                fields=["period", "unit"],
                name="report_unique_unit_per_period",
                violation_error_message=_("This unit already has a report for this period."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(first_submitted_at__isnull=False),
                name="report_submitted_has_date",
                violation_error_message=_("A report that left the draft state has a date."),
            ),
        ]
        indexes = [
            # Dashboard: every report of one period by status.
            models.Index(fields=["period", "status"], name="report_period_status_idx"),
        ]

    def __str__(self):
        return f"{self.unit.short_name} – {self.period}"

    def get_absolute_url(self):
        return reverse("report_detail", args=[self.pk])


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REGULAR = "regular", _("Carried out regularly")


class TaskProgress(models.Model):
    """A unit's answer on one task in one report."""

    report = models.ForeignKey(
        UnitReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="entries"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="progress"
    )
    # Blank while the report is a draft; required to submit.
    status = models.CharField(
        _("status"), max_length=12, choices=ProgressStatus.choices, blank=True
    )
    results = models.TextField(_("results achieved"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    completed_on = models.DateField(
        _("completed on"),
        null=True,
        blank=True,
        help_text=_("For a completed task: the day it was completed, as the unit states it."),
    )

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        ordering = ["report", "task__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "task"],
                name="progress_unique_task_per_report",
                violation_error_message=_("This task already has an entry in this report."),
            ),
            *text_limits.length_checks(
                "progress", text_limits.REPORT_TEXT, "results", "difficulties", "proposals"
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.task.number}"


class TaskAnswerQuerySet(models.QuerySet):
    def refresh(self, *, unit_ids=None, directive_ids=None) -> int:
        """Recompute the answers of these units on the tasks of these directives (None: all)
        from their reports, and return how many there are now.

        Called by every write that changes which entry is a unit's word: submitting, returning
        and accepting a report (`reports.submissions.services`), and changing a period's dates
        (which reorders "latest"). Entries cannot change while a report is submitted or
        accepted, so no other write needs it. Data made outside those services (the demo, the
        benchmark data, tests) calls it once at the end.

        The choice is the database's (ROW_NUMBER per (unit, task), in the order the statuses
        module documents); only the writing of the chosen rows goes through Python."""
        stale = self.all()
        entries = TaskProgress.objects.filter(
            report__status__in=[ReportStatus.ACCEPTED, ReportStatus.SUBMITTED]
        ).exclude(status="")
        if unit_ids is not None:
            unit_ids = sorted(set(unit_ids))
            stale = stale.filter(unit_id__in=unit_ids)
            entries = entries.filter(report__unit_id__in=unit_ids)
        if directive_ids is not None:
            stale = stale.filter(task__directive_id__in=directive_ids)
            entries = entries.filter(task__directive_id__in=directive_ids)
        ranked = entries.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("report__unit_id"), F("task_id")],
                order_by=[
                    # The latest accepted report wins over a later one still under review.
                    Case(
                        When(report__status=ReportStatus.ACCEPTED, then=0),
                        default=1,
                        output_field=IntegerField(),
                    ).asc(),
                    F("report__period__ends_on").desc(),
                    F("report__period__starts_on").desc(),
                    F("report_id").desc(),
                ],
            )
        ).order_by()
        chosen = ranked.filter(rank=1).values_list(
            "pk",
            "task_id",
            "report__unit_id",
            "status",
            "completed_on",
            "report__period__ends_on",
            "report__status",
        )
        with transaction.atomic(using=self.db):
            if unit_ids is not None:
                # Two reviewers accepting two reports of one unit at once: the second waits
                # here, then reads what the first committed (each statement of READ COMMITTED
                # sees the latest commits), instead of inserting a duplicate answer.
                list(Unit.objects.select_for_update().filter(pk__in=unit_ids).values_list("pk"))
            stale.delete()
            answers = [
                TaskAnswer(
                    entry_id=pk,
                    task_id=task_id,
                    unit_id=unit_id,
                    status=status,
                    # A completed entry from before `completed_on` existed counts as completed
                    # by the end of its period.
                    done_on=(completed_on or ends_on)
                    if status == ProgressStatus.COMPLETED
                    else None,
                    accepted=report_status == ReportStatus.ACCEPTED,
                )
                for pk, task_id, unit_id, status, completed_on, ends_on, report_status in chosen
            ]
            self.bulk_create(answers, batch_size=2000)
        return len(answers)


class TaskAnswer(models.Model):
    """A unit's word on a task, kept so that the five statuses of thousands of (task, unit)
    pairs are one index probe each (reports.monitoring.statuses; issue 11 at national scale).

    It is the unit's entry in its latest accepted report on the task, or, while none is
    accepted, in its latest submitted one; drafts and returned reports are not the unit's word.
    It keeps what the status is judged from, not the status: that also depends on the task's
    deadline, which the Department may change, and on today. Derived data: rebuilt from the
    reports by `TaskAnswer.objects.refresh()` (and `manage.py refresh_task_answers`)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="answers")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="task_answers")
    entry = models.OneToOneField(TaskProgress, on_delete=models.CASCADE, related_name="answer")
    status = models.CharField(max_length=12, choices=ProgressStatus.choices)
    # The day a completed task was completed (the unit's `completed_on`, else its period's end).
    done_on = models.DateField(null=True, blank=True)
    accepted = models.BooleanField(default=False)

    objects = TaskAnswerQuerySet.as_manager()

    class Meta:
        constraints = [
            # One answer per pair; its index is the probe of every status.
            models.UniqueConstraint(fields=["task", "unit"], name="answer_unique_task_unit"),
            models.CheckConstraint(
                condition=Q(status="completed", done_on__isnull=False)
                | (~Q(status="completed") & Q(done_on__isnull=True)),
                name="answer_done_on_iff_completed",
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} – {self.task_id}: {self.status}"


@receiver(period_dates_changed)
def _answers_follow_the_periods_dates(sender, *, period, **kwargs):
    """A period's new dates may make another report the latest of its units."""
    TaskAnswer.objects.refresh(
        unit_ids=period.reports.values_list("unit_id", flat=True),
        directive_ids=[period.directive_id],
    )


class IndicatorValue(models.Model):
    """A unit's figure for one indicator in one report: once per report, or under the task the
    indicator belongs to (`task` is then that task, so that the figures of a task are read
    without the indicator table). No row: the unit gave no figure, which is not zero."""

    report = models.ForeignKey(
        UnitReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_values",
    )
    value = models.PositiveIntegerField(_("value"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        # No join to order by: pages put the figures in the indicators' order themselves.
        ordering = ["pk"]
        constraints = [
            # Two partial constraints rather than one: a NULL task is distinct from every other
            # NULL in a plain unique constraint, which would let a report hold two report-level
            # figures for one indicator.
            models.UniqueConstraint(
                fields=["report", "indicator"],
                condition=Q(task__isnull=True),
                name="indicator_value_unique_per_report",
                violation_error_message=_("This report already has a figure for this indicator."),
            ),
            models.UniqueConstraint(
                fields=["report", "indicator", "task"],
                condition=Q(task__isnull=False),
                name="indicator_value_unique_per_report_task",
                violation_error_message=_(
                    "This report already has a figure for this indicator under this task."
                ),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=INDICATOR_MAX_VALUE),
                name="indicator_value_in_range",
                violation_error_message=_("A figure is a whole number from 0 to 100,000,000."),
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.indicator.code}: {self.value}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # A random name on disk: the original (often Vietnamese) name is kept in the database and
    # given back on download, so nothing a user typed ever becomes part of a path.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{instance.report.period_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    report = models.ForeignKey(
        UnitReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    entry = models.ForeignKey(
        TaskProgress,
        verbose_name=_("task entry"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class ReportEvent(models.Model):
    """One step of a report's workflow, shown as its timeline."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    # The revision the action applied to, so a reviewer can compare two submissions.
    revision = models.ForeignKey(
        "ReportRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="returned") | ~Q(comment=""),
                name="event_return_has_comment",
                violation_error_message=_("A returned report needs a comment."),
            )
        ]

    def __str__(self):
        return f"{self.report} – {self.get_action_display()}"


class EntryComment(models.Model):
    """A reviewer's comment on one task entry, given when returning the report: the unit sees
    it beside that task while it corrects the report."""

    event = models.ForeignKey(ReportEvent, on_delete=models.CASCADE, related_name="entry_comments")
    entry = models.ForeignKey(
        TaskProgress,
        verbose_name=_("task entry"),
        on_delete=models.CASCADE,
        related_name="review_comments",
    )
    comment = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment on a task")
        verbose_name_plural = _("comments on tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "entry"],
                name="entry_comment_one_per_entry_per_event",
                violation_error_message=_("This task already has a comment in this step."),
            ),
            models.CheckConstraint(
                condition=~Q(comment=""),
                name="entry_comment_not_empty",
                violation_error_message=_("A comment on a task cannot be empty."),
            ),
        ]

    def __str__(self):
        return self.comment[:80]


class ReportRevision(models.Model):
    """The full content of a report after one save: who, when, and what it then said."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("report revision")
        verbose_name_plural = _("report revisions")
        ordering = ["report", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "version"], name="revision_unique_version_per_report"
            )
        ]

    def __str__(self):
        return f"{self.report} – v{self.version}"

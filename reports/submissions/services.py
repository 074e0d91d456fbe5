"""Writes that change a unit's report: saving, the workflow steps, evidence, notifications.

Each function runs in one transaction and either does all of its work or none of it. Rules that
a user can break (an incomplete report, a stale form, reviewing one's own unit) raise
ValidationError or ConflictError with a message meant for that user.
"""

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import Indicator, Task
from reports.notifications.services import notify
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.evidence import check_evidence_file, safe_file_name
from reports.submissions.models import (
    EntryComment,
    Evidence,
    IndicatorValue,
    ReportEvent,
    ReportRevision,
    ReportStatus,
    TaskAnswer,
    TaskProgress,
    UnitReport,
)
from units.roles import is_member_of

logger = logging.getLogger(__name__)

REPORT_FIELDS = ("overall_assessment", "difficulties", "recommendations")
ENTRY_FIELDS = ("status", "results", "difficulties", "proposals", "completed_on")
EDITABLE_STATES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ConflictError(Exception):
    """Someone else saved the report after the form was read; nothing was written."""

    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(f"report is at version {current_version}")


class IncompleteReportError(ValidationError):
    """The report cannot be submitted: some entries lack a status or results.

    `entry_errors` maps a TaskProgress pk to the messages for that entry."""

    def __init__(self, entry_errors: dict[int, list[str]]):
        self.entry_errors = entry_errors
        super().__init__([message for messages in entry_errors.values() for message in messages])


def unit_may_change(report: UnitReport) -> bool:
    """The unit can still change its report: a draft or returned, in a period still open."""
    return report.status in EDITABLE_STATES and report.period.is_open


def locked_message(report: UnitReport) -> str:
    if report.status in EDITABLE_STATES and not report.period.is_open:
        return _("This period is closed: its reports can no longer be changed.")
    if report.status == ReportStatus.ACCEPTED:
        return _("This report has been accepted and can no longer be changed.")
    return _(
        "This report has been submitted and can no longer be changed. If something must be "
        "corrected, ask the reviewing department to return it."
    )


def reportable_tasks(*, period: ReportingPeriod, unit) -> list[Task]:
    """Leaf tasks of the period's directive assigned to the unit on the period's due date (a
    reorganisation passes them on), in document order.

    A heading task (3, with 3.1-3.3 under it) is answered through its sub-tasks. A task ended
    before the period, or an assignment that did not hold during it, asks nothing."""
    has_children = Task.objects.filter(parent=OuterRef("pk"))
    return list(
        Task.objects.filter(directive_id=period.directive_id)
        .assigned_to(unit, on=period.assignment_day(unit))
        .in_force_between(period.starts_on, period.ends_on)
        .filter(~Exists(has_children))
        .order_by("position")
    )


@transaction.atomic
def report_get_or_create(*, period: ReportingPeriod, unit) -> UnitReport:
    report, created = UnitReport.objects.get_or_create(period=period, unit=unit)
    if created:
        TaskProgress.objects.bulk_create(
            TaskProgress(report=report, task=task)
            for task in reportable_tasks(period=period, unit=unit)
        )
    return report


def report_snapshot(report: UnitReport) -> dict[str, Any]:
    """The report's content as stored in a revision: what a reader would see, task by task."""
    entries = report.entries.select_related("task").order_by("task__position")
    return {
        **{field: getattr(report, field) for field in REPORT_FIELDS},
        "entries": [
            {
                "task": entry.task.number,
                "task_label": entry.task.label,
                **{field: getattr(entry, field) for field in ENTRY_FIELDS},
                # Revisions are JSON: the date as ISO text.
                "completed_on": entry.completed_on.isoformat() if entry.completed_on else None,
            }
            for entry in entries
        ],
        # The figures as "code/task" -> value: a diff compares them by indicator and task.
        "indicators": [
            {
                "code": v.indicator.code,
                "name": v.indicator.name,
                "unit_of_measure": v.indicator.unit_of_measure,
                "task": v.task.number if v.task_id else "",
                "value": v.value,
            }
            for v in report.indicator_values.select_related("indicator", "task").order_by(
                "indicator__position", "indicator_id"
            )
        ],
        "evidence": [
            {"name": e.original_name, "task": e.entry.task.number if e.entry_id else ""}
            for e in report.evidence.select_related("entry__task").order_by("uploaded_at", "pk")
        ],
    }


def _record_revision(*, report: UnitReport, user) -> ReportRevision:
    return ReportRevision.objects.create(
        report=report, version=report.version, author=user, content=report_snapshot(report)
    )


@transaction.atomic
def report_save(
    *,
    report: UnitReport,
    user,
    expected_version: int,
    fields: Mapping[str, Any],
    entries: Mapping[int, Mapping[str, Any]],
    files: Iterable[tuple[TaskProgress | None, UploadedFile]] = (),
    indicator_values: Mapping[int, int | None] | None = None,
) -> UnitReport:
    """Save the unit's text (and attach files) if nobody saved since `expected_version`.

    `entries` maps TaskProgress pks to their new values; pks of other reports are ignored, so a
    tampered form cannot write into another unit's report. `indicator_values` maps indicator
    ids to the figures typed (None: no figure); indicators the report does not ask are
    ignored the same way."""
    files = list(files)
    for entry, uploaded_file in files:
        # Checked before anything is written: a refused file leaves the report as it was.
        check_evidence_file(uploaded_file)
        if entry is not None and entry.report_id != report.pk:
            raise ValidationError(_("This task is not part of this report."))
    if not ReportingPeriod.objects.filter(pk=report.period_id, status="open").exists():
        raise ValidationError(locked_message(UnitReport.objects.get(pk=report.pk)), code="locked")
    now = timezone.now()
    new_values = {field: fields[field] for field in REPORT_FIELDS if field in fields}
    # The version check and the write are one statement, so two saves from forms read at the
    # same version cannot both succeed, whatever the database's isolation level. Only columns
    # of the row itself in the WHERE: PostgreSQL re-checks those after waiting for a
    # concurrent writer, but not a condition on a joined table (which Django would turn into
    # a subquery read before the wait).
    updated = UnitReport.objects.filter(
        pk=report.pk, version=expected_version, status__in=EDITABLE_STATES
    ).update(**new_values, version=expected_version + 1, updated_at=now, updated_by=user)
    if updated == 0:
        current = UnitReport.objects.select_related("period").get(pk=report.pk)
        if not unit_may_change(current):
            raise ValidationError(locked_message(current), code="locked")
        raise ConflictError(current.version)

    own_entries = {e.pk: e for e in report.entries.filter(pk__in=list(entries))}
    for pk, entry in own_entries.items():
        for field in ENTRY_FIELDS:
            if field in entries[pk]:
                setattr(entry, field, entries[pk][field])
    TaskProgress.objects.bulk_update(own_entries.values(), ENTRY_FIELDS)
    if indicator_values:
        _indicator_values_save(report=report, values=indicator_values)
    for entry, uploaded_file in files:
        _evidence_create(report=report, entry=entry, uploaded_file=uploaded_file, user=user)

    report.refresh_from_db()
    _record_revision(report=report, user=user)
    return report


def _indicator_values_save(*, report: UnitReport, values: Mapping[int, int | None]) -> None:
    """Write the report's figures: one per report-level indicator, one per task indicator
    whose task is in the report (stored with that task); a cleared field removes the figure."""
    task_ids = set(report.entries.values_list("task_id", flat=True))
    asked = {
        indicator.pk: indicator
        for indicator in Indicator.objects.filter(
            directive_id=report.period.directive_id, pk__in=list(values)
        )
        if indicator.task_id is None or indicator.task_id in task_ids
    }
    existing = {v.indicator_id: v for v in report.indicator_values.filter(indicator_id__in=asked)}
    changed, created, cleared = [], [], []
    for indicator_id, indicator in asked.items():
        value = values[indicator_id]
        current = existing.get(indicator_id)
        if value is None:
            if current is not None:
                cleared.append(current.pk)
        elif current is None:
            created.append(
                IndicatorValue(
                    report=report, indicator=indicator, task_id=indicator.task_id, value=value
                )
            )
        elif current.value != value:
            current.value = value
            changed.append(current)
    if cleared:
        IndicatorValue.objects.filter(pk__in=cleared).delete()
    if changed:
        IndicatorValue.objects.bulk_update(changed, ["value"])
    if created:
        IndicatorValue.objects.bulk_create(created)


def _evidence_create(*, report, entry, uploaded_file, user) -> Evidence:
    checked = check_evidence_file(uploaded_file)
    evidence = Evidence(
        report=report,
        entry=entry,
        original_name=safe_file_name(uploaded_file.name),
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    # If the transaction later rolls back, the stored file stays behind as an orphan with a
    # random name, reachable by nobody: harmless, and cheaper than a two-phase write.
    evidence.file.save(evidence.original_name, uploaded_file, save=False)
    evidence.save()
    return evidence


def _lock(pk: int) -> UnitReport:
    """The report row, locked until the transaction ends (not its period's row)."""
    return (
        UnitReport.objects.select_for_update(of=("self",))
        .select_related("period__directive", "unit")
        .get(pk=pk)
    )


@transaction.atomic
def evidence_add(
    *, report: UnitReport, entry: TaskProgress | None, uploaded_file: UploadedFile, user
) -> Evidence:
    locked = _lock(report.pk)
    if not unit_may_change(locked):
        raise ValidationError(locked_message(locked), code="locked")
    if entry is not None and entry.report_id != report.pk:
        raise ValidationError(_("This task is not part of this report."))
    return _evidence_create(report=report, entry=entry, uploaded_file=uploaded_file, user=user)


@transaction.atomic
def evidence_delete(*, evidence: Evidence, user) -> None:
    locked = _lock(evidence.report_id)
    if not unit_may_change(locked):
        raise ValidationError(locked_message(locked), code="locked")
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


def report_missing_answers(report: UnitReport) -> dict[int, list[str]]:
    """What each entry still lacks before the report can be submitted (TaskProgress pk ->
    messages); empty when the report is complete."""
    errors: dict[int, list[str]] = {}
    for entry in report.entries.select_related("task").order_by("task__position"):
        messages = []
        if not entry.status:
            messages.append(_("Task %(number)s: choose a status.") % {"number": entry.task.number})
        if entry.status == "completed" and entry.completed_on is None:
            messages.append(
                _("Task %(number)s: give the date it was completed.")
                % {"number": entry.task.number}
            )
        if not entry.results.strip():
            messages.append(
                _("Task %(number)s: describe the results achieved.") % {"number": entry.task.number}
            )
        if messages:
            errors[entry.pk] = messages
    return errors


def _check_complete(report: UnitReport) -> None:
    errors = report_missing_answers(report)
    if errors:
        raise IncompleteReportError(errors)


def _due_on(report: UnitReport):
    obligation = (
        ReportingObligation.objects.filter(period_id=report.period_id, unit_id=report.unit_id)
        .select_related("period")
        .first()
    )
    return obligation.due_on() if obligation else report.period.due_on


def _latest_revision(report: UnitReport) -> ReportRevision | None:
    return report.revisions.order_by("-version").first()


@transaction.atomic
def report_submit(*, report: UnitReport, user, expected_version: int) -> UnitReport:
    """Submit the report as the user confirmed it. A repeated submit (a double click) does
    nothing: the row lock makes the second wait for the first and then see it submitted."""
    locked = _lock(report.pk)
    if locked.status == ReportStatus.SUBMITTED and locked.version == expected_version + 1:
        return locked  # this very submission, clicked twice
    if not unit_may_change(locked):
        raise ValidationError(locked_message(locked), code="locked")
    if locked.version != expected_version:
        raise ConflictError(locked.version)
    _check_complete(locked)

    now = timezone.now()
    if locked.first_submitted_at is None:
        locked.first_submitted_at = now
        # Judged once, against the due date in force at the first submission.
        locked.submitted_late = timezone.localdate(now) > _due_on(locked)
    locked.submitted_at = now
    locked.status = ReportStatus.SUBMITTED
    locked.version += 1
    locked.save(
        update_fields=[
            "first_submitted_at",
            "submitted_late",
            "submitted_at",
            "status",
            "version",
        ]
    )
    _answers_refresh(locked)
    ReportEvent.objects.create(
        report=locked,
        action=ReportEvent.Action.SUBMITTED,
        actor=user,
        at=now,
        revision=_latest_revision(locked),
    )
    directive = locked.period.directive
    notify(
        users=get_user_model().objects.filter(
            memberships__unit_id=directive.monitoring_unit_id, is_active=True
        ),
        message=_("%(unit)s submitted its report for %(period)s.")
        % {"unit": locked.unit.name, "period": locked.period},
        url=locked.get_absolute_url(),
    )
    return locked


def _answers_refresh(report: UnitReport) -> None:
    """The unit's word on the directive's tasks may now be another entry (the statuses)."""
    TaskAnswer.objects.refresh(
        unit_ids=[report.unit_id], directive_ids=[report.period.directive_id]
    )


def _lock_for_review(report: UnitReport, reviewer) -> UnitReport:
    locked = _lock(report.pk)
    if is_member_of(reviewer, locked.unit_id):
        raise ValidationError(
            _(
                "You cannot review a report of your own unit. Another reviewer of the "
                "department must do it."
            ),
            code="own_unit",
        )
    return locked


def _unit_members(report: UnitReport):
    return get_user_model().objects.filter(memberships__unit_id=report.unit_id, is_active=True)


@transaction.atomic
def report_return(
    *,
    report: UnitReport,
    reviewer,
    comment: str,
    entry_comments: Mapping[int, str] | None = None,
) -> UnitReport:
    """Send the report back to the unit with what it must correct: a comment on the whole
    report, or on some of its tasks (entry id -> comment), or both."""
    comment = (comment or "").strip()
    entry_comments = {pk: text.strip() for pk, text in (entry_comments or {}).items()}
    entry_comments = {pk: text for pk, text in entry_comments.items() if text}
    entries = {entry.pk: entry for entry in report.entries.select_related("task")}
    if set(entry_comments) - set(entries):
        raise ValidationError(_("A comment names a task that is not in this report."))
    if not comment and not entry_comments:
        raise ValidationError(
            {"comment": _("Write what the unit must correct before returning the report.")}
        )
    if not comment:
        numbers = ", ".join(
            entries[pk].task.number
            for pk in sorted(entry_comments, key=lambda pk: entries[pk].task.position)
        )
        comment = _("Correct the tasks commented on: %(tasks)s.") % {"tasks": numbers}
    locked = _lock_for_review(report, reviewer)
    if locked.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."), code="state")
    locked.status = ReportStatus.RETURNED
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    _answers_refresh(locked)
    event = ReportEvent.objects.create(
        report=locked,
        action=ReportEvent.Action.RETURNED,
        actor=reviewer,
        comment=comment,
        revision=_latest_revision(locked),
    )
    EntryComment.objects.bulk_create(
        EntryComment(event=event, entry_id=pk, comment=text) for pk, text in entry_comments.items()
    )
    notify(
        users=_unit_members(locked),
        message=_("Your report for %(period)s was returned: %(comment)s")
        % {"period": locked.period, "comment": comment},
        url=locked.get_absolute_url(),
    )
    return locked


@transaction.atomic
def report_accept(*, report: UnitReport, reviewer, comment: str = "") -> UnitReport:
    locked = _lock_for_review(report, reviewer)
    if locked.status == ReportStatus.ACCEPTED:
        return locked  # accepted twice (a double click): once is enough
    if locked.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."), code="state")
    now = timezone.now()
    locked.status = ReportStatus.ACCEPTED
    locked.accepted_at = now
    locked.version += 1
    locked.save(update_fields=["status", "accepted_at", "version"])
    _answers_refresh(locked)
    ReportEvent.objects.create(
        report=locked,
        action=ReportEvent.Action.ACCEPTED,
        actor=reviewer,
        at=now,
        comment=(comment or "").strip(),
        revision=_latest_revision(locked),
    )
    notify(
        users=_unit_members(locked),
        message=_("Your report for %(period)s was accepted.") % {"period": locked.period},
        url=locked.get_absolute_url(),
    )
    return locked

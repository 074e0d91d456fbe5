"""What the pages of one unit's report read, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import F, FilteredRelation, Q, Subquery

from directives.models import Indicator
from reports.periods.models import ReportingObligation
from reports.submissions.models import Evidence, ReportEvent, TaskProgress, UnitReport


@dataclass
class ReportPage:
    report: UnitReport
    entries: list[TaskProgress]
    report_evidence: list[Evidence]
    events: list[ReportEvent]
    due_on: object
    previous_report: UnitReport | None = None
    previous_entries: dict[int, TaskProgress] = field(default_factory=dict)
    # The indicators asked once per report, each with the report's figure as `.value`.
    report_indicators: list[Indicator] = field(default_factory=list)

    @property
    def last_return(self) -> ReportEvent | None:
        """The reviewer's comment the unit must act on, while the report is returned."""
        if self.events and self.events[-1].action == ReportEvent.Action.RETURNED:
            return self.events[-1]
        return None


def previous_entries(report: UnitReport) -> list[TaskProgress]:
    """The unit's answers in the directive's period before this one, each with that report and
    its period, in one query (none if the unit wrote no report then)."""
    previous = (
        UnitReport.objects.filter(
            unit_id=report.unit_id,
            period__directive_id=report.period.directive_id,
            period__starts_on__lt=report.period.starts_on,
        )
        .order_by("-period__starts_on")
        .values("pk")[:1]
    )
    # No ORDER BY: the answers are looked up by task, and the default ordering would join the
    # report and period tables only to sort them.
    return list(
        TaskProgress.objects.filter(report=Subquery(previous))
        .select_related("report__period")
        .order_by()
    )


def indicators_with_values(report: UnitReport) -> list[Indicator]:
    """The directive's indicators, each with the report's figure as `.value` (None: no
    figure), in their order: one query, the figures joined to their indicators. A report holds
    at most one figure per indicator (a task's indicator belongs to one task), so each
    indicator comes once."""
    return list(
        Indicator.objects.filter(directive_id=report.period.directive_id)
        .annotate(
            figure=FilteredRelation("values", condition=Q(values__report_id=report.pk)),
            value=F("figure__value"),
        )
        .order_by("position", "pk")
    )


def report_page(report: UnitReport, *, with_previous: bool = True) -> ReportPage:
    """Everything a report page shows: 6 queries (7 with the previous period's answers)."""
    entries = list(report.entries.select_related("task").order_by("task__position"))
    evidence = list(report.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk"))
    by_entry: dict[int, list[Evidence]] = {}
    for item in evidence:
        by_entry.setdefault(item.entry_id, []).append(item)
    for entry in entries:
        entry.evidence_files = by_entry.get(entry.pk, [])
    # The pages link to a submission's revision by its version: its content (a snapshot of the
    # whole report per submission) is not read here.
    events = list(
        report.events.select_related("actor", "revision")
        .defer("revision__content")
        .order_by("at", "pk")
    )
    # A resubmission links to what changed since the submission before it.
    previous_submission = None
    for event in events:
        event.compare_with = None
        if event.action == ReportEvent.Action.SUBMITTED and event.revision is not None:
            if previous_submission is not None and previous_submission != event.revision:
                event.compare_with = previous_submission
            previous_submission = event.revision
    obligation = ReportingObligation.objects.filter(
        period_id=report.period_id, unit_id=report.unit_id
    ).first()
    page = ReportPage(
        report=report,
        entries=entries,
        report_evidence=by_entry.get(None, []),
        events=events,
        due_on=obligation.extended_due_on or report.period.due_on
        if obligation
        else report.period.due_on,
    )
    if with_previous:
        page.previous_entries = {e.task_id: e for e in previous_entries(report)}
        if page.previous_entries:
            page.previous_report = next(iter(page.previous_entries.values())).report
    indicators = indicators_with_values(report)
    page.report_indicators = [i for i in indicators if i.task_id is None]
    by_task: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.task_id is not None:
            by_task.setdefault(indicator.task_id, []).append(indicator)
    for entry in entries:
        entry.previous = page.previous_entries.get(entry.task_id)
        entry.indicators = by_task.get(entry.task_id, [])
        entry.review_comment = ""
    # While the report is with the unit after a return, each task shows what was said of it
    # (one more query, only then).
    if page.last_return is not None:
        said = dict(page.last_return.entry_comments.values_list("entry_id", "comment"))
        for entry in entries:
            entry.review_comment = said.get(entry.pk, "")
    return page

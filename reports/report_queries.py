"""What the pages of one unit's report read, each in a fixed number of queries."""

from dataclasses import dataclass, field

from .models import Evidence, ReportEvent, ReportingObligation, TaskProgress, UnitReport


@dataclass
class ReportPage:
    report: UnitReport
    entries: list[TaskProgress]
    report_evidence: list[Evidence]
    events: list[ReportEvent]
    due_on: object
    previous_report: UnitReport | None = None
    previous_entries: dict[int, TaskProgress] = field(default_factory=dict)

    @property
    def last_return(self) -> ReportEvent | None:
        """The reviewer's comment the unit must act on, while the report is returned."""
        if self.events and self.events[-1].action == ReportEvent.Action.RETURNED:
            return self.events[-1]
        return None


def previous_report(report: UnitReport) -> UnitReport | None:
    """The unit's report for the directive's period before this one, if it wrote one."""
    return (
        UnitReport.objects.filter(
            unit_id=report.unit_id,
            period__directive_id=report.period.directive_id,
            period__starts_on__lt=report.period.starts_on,
        )
        .select_related("period")
        .order_by("-period__starts_on")
        .first()
    )


def report_page(report: UnitReport, *, with_previous: bool = True) -> ReportPage:
    """Everything a report page shows: 5 queries (7 with the previous period's answers)."""
    entries = list(report.entries.select_related("task").order_by("task__position"))
    evidence = list(report.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk"))
    by_entry: dict[int, list[Evidence]] = {}
    for item in evidence:
        by_entry.setdefault(item.entry_id, []).append(item)
    for entry in entries:
        entry.evidence_files = by_entry.get(entry.pk, [])
    events = list(report.events.select_related("actor", "revision").order_by("at", "pk"))
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
        page.previous_report = previous_report(report)
        if page.previous_report is not None:
            page.previous_entries = {e.task_id: e for e in page.previous_report.entries.all()}
    for entry in entries:
        entry.previous = page.previous_entries.get(entry.task_id)
    return page

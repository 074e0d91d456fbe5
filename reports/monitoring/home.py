"""The page after sign-in: what the user has to do now.

Unit staff see their units' open periods (the due date in force and the days left or overdue),
the state of each report and what was sent back to them; reviewers see the periods they manage
with their figures; the Standing Committee sees where to read. A user with several roles sees
each part. The page reads a fixed number of queries whatever the number of units.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from directives.models import Directive
from reports.monitoring import stats, statuses
from reports.monitoring.work import unit_work
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.models import ReportEvent, ReportStatus, UnitReport
from units.names import display_name
from units.roles import is_leadership_member, unit_ids


@dataclass
class UnitTodo:
    """One open period a unit of the user must report in."""

    obligation: ReportingObligation
    report: UnitReport | None
    due_on: datetime.date
    days_left: int  # negative: days overdue
    return_event: ReportEvent | None = None

    @property
    def period(self) -> ReportingPeriod:
        return self.obligation.period

    @property
    def unit(self):
        return self.obligation.unit

    @property
    def has_extension(self) -> bool:
        return self.obligation.extended_due_on is not None

    @property
    def status(self) -> str:
        return self.report.status if self.report else stats.NO_REPORT

    @property
    def status_label(self):
        return stats.REPORT_STATUS_LABELS[self.status]

    @property
    def is_with_unit(self) -> bool:
        """The unit has work to do: not started, a draft, or returned."""
        return self.status in stats.REMINDABLE_STATUSES

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0 and self.report_never_submitted

    @property
    def report_never_submitted(self) -> bool:
        return self.report is None or self.report.first_submitted_at is None


def unit_todos(user, *, today: datetime.date) -> list[UnitTodo]:
    """The open periods of the user's units, with their reports and the last return comment.

    Three queries: obligations, reports, return comments (none when nothing was returned)."""
    units = unit_ids(user)
    if not units:
        return []
    # Query 1: the obligations of the user's units in open periods.
    obligations = list(
        ReportingObligation.objects.filter(
            unit_id__in=units, period__status=ReportingPeriod.Status.OPEN
        )
        .select_related("period__directive", "unit")
        .order_by("period__due_on", "period_id", "unit__kind", "unit__position", "unit__name")
    )
    if not obligations:
        return []
    # Query 2: their reports (uses report_unique_unit_per_period).
    reports = {
        (report.period_id, report.unit_id): report
        for report in UnitReport.objects.filter(
            unit_id__in=units, period_id__in={o.period_id for o in obligations}
        )
    }
    todos = []
    for obligation in obligations:
        due_on = obligation.extended_due_on or obligation.period.due_on
        todos.append(
            UnitTodo(
                obligation=obligation,
                report=reports.get((obligation.period_id, obligation.unit_id)),
                due_on=due_on,
                days_left=(due_on - today).days,
            )
        )
    returned = [t for t in todos if t.status == ReportStatus.RETURNED]
    if returned:
        # Query 3: the return events of those reports; the latest one per report wins.
        events = ReportEvent.objects.filter(
            report_id__in=[t.report.pk for t in returned], action=ReportEvent.Action.RETURNED
        ).select_related("actor")
        latest = {}
        for event in events.order_by("at", "pk"):
            latest[event.report_id] = event
        for todo in returned:
            todo.return_event = latest.get(todo.report.pk)
            if todo.return_event is not None:
                todo.return_event.actor_name = display_name(todo.return_event.actor)
    return todos


@dataclass
class ManagedPeriod:
    period: ReportingPeriod
    counts: stats.StatusCounts


def managed_directives(user) -> list[Directive]:
    """Directives whose reports the user reviews (all of them for the admin); one query."""
    directives = Directive.objects.order_by("-issued_on", "number")
    if not user.is_superuser:
        directives = directives.filter(monitoring_unit_id__in=unit_ids(user))
    return list(directives)


def managed_periods(directives: list[Directive]) -> dict[int, list[ManagedPeriod]]:
    """Open periods of the directives with their figures (directive id -> periods).

    Four queries: the periods, then the three of stats.unit_rows_for_periods."""
    periods = list(
        ReportingPeriod.objects.filter(
            directive__in=directives, status=ReportingPeriod.Status.OPEN
        ).order_by("due_on", "name")
    )
    rows = stats.unit_rows_for_periods(periods) if periods else {}
    by_directive: dict[int, list[ManagedPeriod]] = {d.pk: [] for d in directives}
    for period in periods:
        by_directive[period.directive_id].append(
            ManagedPeriod(period=period, counts=stats.status_counts(period, rows=rows[period.pk]))
        )
    return by_directive


@require_GET
@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    todos = unit_todos(user, today=today)
    work = unit_work(user, today=today)
    directives = managed_directives(user)
    periods = managed_periods(directives) if directives else {}
    reviewing = [(directive, periods[directive.pk]) for directive in directives]
    leadership = is_leadership_member(user)
    leadership_summaries = []
    if leadership and not directives:
        # The Standing Committee lands on the figures themselves, not on links to them.
        directives_all = list(Directive.objects.visible_to(user).order_by("-issued_on", "number"))
        leadership_summaries = stats.latest_period_summaries(directives_all)
        statuses.with_directive_counts(directives_all, today=today)
    return render(
        request,
        "reports/home.html",
        {
            "today": today,
            "display_name": display_name(user),
            "todos": todos,
            "work": work,
            "work_many_units": len({row.unit.pk for row in work}) > 1,
            "soon_days": statuses.due_soon_days(),
            "returned": [t for t in todos if t.return_event is not None],
            "reviewing": reviewing,
            "leadership": leadership,
            "leadership_summaries": leadership_summaries,
        },
    )

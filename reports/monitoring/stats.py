"""The figures of a reporting period: one source for the dashboard, the matrix, the exports and
the consolidated report, so that every page and document states the same numbers.

Each function reads a fixed number of queries whatever the number of units or tasks: rows are
fetched in bulk with `values_list` and joined here in Python.

Vocabulary (the API is described in /work/notes/stats-api.md):

- The *due date* of a unit is its extension if it has one, else the period's (`original_due_on`).
- *Timeliness* partitions the units of a period: submitted on time, submitted late (both judged
  once, at the first submission, by `UnitReport.submitted_late`), not yet submitted and not yet
  due, not yet submitted and overdue.
- *Returned* and *accepted* are workflow states counted beside it: a returned or accepted report
  was submitted, on time or late, so those units are also in one of the first two buckets.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directives.models import Directive, Indicator, LeadSpans, Task
from reports.monitoring.models import Reminder
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.models import (
    IndicatorValue,
    ProgressStatus,
    ReportStatus,
    TaskProgress,
    UnitReport,
)
from units.models import Unit, UnitKind, UnitName

# ---- the units of a period -------------------------------------------------------------------


class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    NOT_YET_DUE = "not_yet_due"
    OVERDUE = "overdue"

    labels = {
        ON_TIME: _("Submitted on time"),
        LATE: _("Submitted late"),
        NOT_YET_DUE: _("Not yet submitted, not yet due"),
        OVERDUE: _("Not yet submitted, overdue"),
    }


class Bucket:
    """The keys of `status_counts` and of the dashboard's status filter."""

    ON_TIME = Timeliness.ON_TIME
    LATE = Timeliness.LATE
    NOT_YET_DUE = Timeliness.NOT_YET_DUE
    OVERDUE = Timeliness.OVERDUE
    RETURNED = "returned"
    ACCEPTED = "accepted"

    TIMELINESS = (ON_TIME, LATE, NOT_YET_DUE, OVERDUE)
    WORKFLOW = (RETURNED, ACCEPTED)
    ALL = TIMELINESS + WORKFLOW

    labels = {
        **Timeliness.labels,
        RETURNED: _("Returned for revision"),
        ACCEPTED: _("Accepted"),
    }


# The report status of a unit that has not opened its report yet.
NO_REPORT = "none"
REPORT_STATUS_LABELS = {
    NO_REPORT: _("Not opened"),
    **{value: label for value, label in ReportStatus.choices},
}

# Reports that may be reminded: the report is with the unit (never sent, or sent back to it).
REMINDABLE_STATUSES = (NO_REPORT, ReportStatus.DRAFT, ReportStatus.RETURNED)


@dataclass(slots=True)
class UnitRow:
    unit: Unit
    obligation_id: int
    due_on: datetime.date  # the due date in force: the extension if any
    original_due_on: datetime.date  # the period's due date
    extension_reason: str
    report_id: int | None
    report_status: str  # a ReportStatus value, or NO_REPORT
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None  # latest submission
    timeliness: str  # a Timeliness value
    days_late: int  # late submissions: days after the due date; overdue: days so far; else 0
    last_reminder_at: datetime.datetime | None
    reminder_count: int

    @property
    def has_extension(self) -> bool:
        return self.due_on != self.original_due_on

    @property
    def kind_label(self) -> str:
        return self.unit.get_kind_display()

    @property
    def report_status_label(self) -> str:
        return REPORT_STATUS_LABELS[self.report_status]

    @property
    def timeliness_label(self) -> str:
        return Timeliness.labels[self.timeliness]

    @property
    def is_submitted(self) -> bool:
        return self.first_submitted_at is not None

    @property
    def can_be_reminded(self) -> bool:
        return self.report_status in REMINDABLE_STATUSES

    def in_bucket(self, bucket: str) -> bool:
        if bucket in Bucket.TIMELINESS:
            return self.timeliness == bucket
        return self.report_status == bucket


def names_then(day, unit=None):
    """Annotations giving a unit's full and short name on `day` (a date or an expression):
    the former name in use then, if the unit was renamed since. No extra query. `unit` is the
    outer reference to the unit (the row itself by default)."""
    unit = OuterRef("pk") if unit is None else unit
    former = UnitName.objects.filter(unit=unit, valid_until__gte=day).order_by("valid_until")
    return {
        "name_then": Coalesce(Subquery(former.values("name")[:1]), F(_beside(unit, "name"))),
        "short_name_then": Coalesce(
            Subquery(former.values("short_name")[:1]), F(_beside(unit, "short_name"))
        ),
    }


def _beside(unit, field_name: str) -> str:
    # The unit's own field: on the row itself, or through the relation named by `unit`.
    name = unit.name.removesuffix("_id")
    return field_name if name == "pk" else f"{name}__{field_name}"


def _as_then(unit: Unit) -> Unit:
    # The instance shows the unit as the period knew it; it is read, never saved.
    unit.name, unit.short_name = unit.name_then, unit.short_name_then
    return unit


# Unit kinds in the order they are declared (Party bodies first), for grouping.
KIND_ORDER = {value: index for index, value in enumerate(UnitKind.values)}


def unit_sort_key(unit: Unit) -> tuple:
    return (KIND_ORDER.get(unit.kind, 99), unit.position, unit.name)


def unit_rows(period: ReportingPeriod, *, today: datetime.date | None = None) -> list[UnitRow]:
    """One row per unit that must report in the period, in unit order (grouped by kind).

    Three queries: the obligations with their units, the period's reports, and the latest
    reminder per unit."""
    return unit_rows_for_periods([period], today=today)[period.pk]


def unit_rows_for_periods(
    periods: list[ReportingPeriod], *, today: datetime.date | None = None
) -> dict[int, list[UnitRow]]:
    """`unit_rows` of several periods at once (period id -> rows), in the same three queries."""
    today = today or timezone.localdate()
    by_id = {period.pk: period for period in periods}
    # Query 1: the units that must report, with their extension
    # (uses obligation_unique_unit_per_period).
    # Units, not obligations, are the model instances made: the obligation's fields ride along
    # on the same join (half the objects to build, which showed at 150 units).
    units = (
        Unit.objects.filter(obligations__period_id__in=by_id)
        .annotate(
            obligation_period_id=F("obligations__period_id"),
            obligation_pk=F("obligations__pk"),
            obligation_extended_due_on=F("obligations__extended_due_on"),
            obligation_extension_reason=F("obligations__extension_reason"),
            # Named as on the period's due date (a later rename does not rewrite 2021).
            **names_then(OuterRef("obligations__period__due_on")),
        )
        .order_by()
    )
    # Query 2: the periods' reports (uses report_unique_unit_per_period).
    reports = {
        (period_id, unit_id): rest
        for period_id, unit_id, *rest in UnitReport.objects.filter(period_id__in=by_id)
        .order_by()
        .values_list(
            "period_id",
            "unit_id",
            "pk",
            "status",
            "first_submitted_at",
            "submitted_at",
            "submitted_late",
        )
    }
    # Query 3: the latest reminder and the number of reminders per unit
    # (uses reminder_period_unit_idx).
    reminders = {
        (period_id, unit_id): (last, count)
        for period_id, unit_id, last, count in Reminder.objects.filter(period_id__in=by_id)
        .values("period_id", "unit_id")
        .order_by()
        .annotate(last=Max("sent_at"), count=Count("pk"))
        .values_list("period_id", "unit_id", "last", "count")
    }
    result: dict[int, list[UnitRow]] = {period_id: [] for period_id in by_id}
    for unit in units:
        _as_then(unit)
        period = by_id[unit.obligation_period_id]
        key = (period.pk, unit.pk)
        due_on = unit.obligation_extended_due_on or period.due_on
        report_id, status, first, latest, late = reports.get(
            key, (None, NO_REPORT, None, None, False)
        )
        if first is not None:
            timeliness = Timeliness.LATE if late else Timeliness.ON_TIME
            submitted_day = timezone.localdate(first)
            days_late = max((submitted_day - due_on).days, 0) if late else 0
        elif today > due_on:
            timeliness = Timeliness.OVERDUE
            days_late = (today - due_on).days
        else:
            timeliness = Timeliness.NOT_YET_DUE
            days_late = 0
        last_reminder, reminder_count = reminders.get(key, (None, 0))
        result[period.pk].append(
            UnitRow(
                unit=unit,
                obligation_id=unit.obligation_pk,
                due_on=due_on,
                original_due_on=period.due_on,
                extension_reason=unit.obligation_extension_reason,
                report_id=report_id,
                report_status=status,
                first_submitted_at=first,
                submitted_at=latest,
                timeliness=timeliness,
                days_late=days_late,
                last_reminder_at=last_reminder,
                reminder_count=reminder_count,
            )
        )
    for rows in result.values():
        rows.sort(key=lambda row: unit_sort_key(row.unit))
    return result


@dataclass(slots=True)
class CountLine:
    key: str
    label: str
    count: int
    share: float  # 0..1 of all units of the period

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass(slots=True)
class StatusCounts:
    total: int
    lines: list[CountLine]  # Bucket.ALL, in that order

    def __getitem__(self, key: str) -> CountLine:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)

    @property
    def timeliness(self) -> list[CountLine]:
        return [line for line in self.lines if line.key in Bucket.TIMELINESS]

    @property
    def workflow(self) -> list[CountLine]:
        return [line for line in self.lines if line.key in Bucket.WORKFLOW]

    @property
    def submitted(self) -> int:
        return self[Bucket.ON_TIME].count + self[Bucket.LATE].count

    def as_dict(self) -> dict[str, int]:
        return {"total": self.total, **{line.key: line.count for line in self.lines}}


def status_counts(
    period: ReportingPeriod,
    *,
    rows: list[UnitRow] | None = None,
    today: datetime.date | None = None,
) -> StatusCounts:
    """Counts and shares of the period's units per bucket. Pass `rows` from `unit_rows` to
    count without another query; otherwise it reads them (three queries)."""
    if rows is None:
        rows = unit_rows(period, today=today)
    total = len(rows)
    counter = Counter()
    for row in rows:
        counter[row.timeliness] += 1
        if row.report_status in Bucket.WORKFLOW:
            counter[row.report_status] += 1
    return StatusCounts(
        total=total,
        lines=[
            CountLine(
                key=key,
                label=Bucket.labels[key],
                count=counter[key],
                share=counter[key] / total if total else 0.0,
            )
            for key in Bucket.ALL
        ],
    )


# ---- the task x unit matrix ------------------------------------------------------------------


class CellStatus:
    """What a matrix cell shows: an entry status, or why there is none."""

    COMPLETED = ProgressStatus.COMPLETED.value
    IN_PROGRESS = ProgressStatus.IN_PROGRESS.value
    NOT_STARTED = ProgressStatus.NOT_STARTED.value
    REGULAR = ProgressStatus.REGULAR.value
    NOT_REPORTED = "not_reported"  # assigned, but no submitted report states it
    NOT_ASSIGNED = "not_assigned"  # the unit does not lead this task

    COUNTED = (COMPLETED, REGULAR, IN_PROGRESS, NOT_STARTED, NOT_REPORTED)

    labels = {
        **{value: label for value, label in ProgressStatus.choices},
        NOT_REPORTED: _("Not reported"),
        NOT_ASSIGNED: pgettext_lazy("matrix cell", "Not assigned"),
    }
    # Short labels printed inside the cells, so that the status never rests on colour alone.
    short_labels = {
        COMPLETED: pgettext_lazy("matrix cell", "Done"),
        REGULAR: pgettext_lazy("matrix cell", "Regular"),
        IN_PROGRESS: pgettext_lazy("matrix cell", "Ongoing"),
        NOT_STARTED: pgettext_lazy("matrix cell", "Not started"),
        NOT_REPORTED: pgettext_lazy("matrix cell", "None"),
        NOT_ASSIGNED: "–",
    }


@dataclass(slots=True)
class Cell:
    status: str  # a CellStatus value
    report_id: int | None  # the unit's report, to link to the entry

    @property
    def label(self) -> str:
        return CellStatus.labels[self.status]

    @property
    def short_label(self) -> str:
        return CellStatus.short_labels[self.status]


@dataclass(slots=True)
class MatrixRow:
    task: Task
    depth: int  # 0 for top-level tasks
    is_leaf: bool
    cells: list[Cell] = field(default_factory=list)  # aligned with TaskMatrix.units; leaves only
    counts: dict[str, int] = field(default_factory=dict)  # CellStatus.COUNTED -> count

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())


@dataclass(slots=True)
class UnitGroupColumn:
    kind: str
    label: str
    units: list[Unit]


@dataclass(slots=True)
class TaskMatrix:
    period: ReportingPeriod
    units: list[Unit]  # columns, grouped by kind
    groups: list[UnitGroupColumn]
    rows: list[MatrixRow]  # every task in document order; headings have no cells
    report_ids: dict[int, int]  # unit id -> report id

    @property
    def leaf_rows(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.is_leaf]

    def totals(self) -> dict[str, int]:
        total = Counter()
        for row in self.leaf_rows:
            total.update(row.counts)
        return {status: total[status] for status in CellStatus.COUNTED}


def directive_tasks(directive_id: int) -> tuple[list[Task], set[int]]:
    """All tasks in document order and the ids of the leaves (the tasks units report on).
    One query."""
    tasks = list(Task.objects.filter(directive_id=directive_id).order_by("position"))
    parents = {task.parent_id for task in tasks if task.parent_id is not None}
    return tasks, {task.pk for task in tasks if task.pk not in parents}


def task_assignments(directive_id: int, *, on: datetime.date) -> dict[int, set[int]]:
    """Task id -> ids of the units that led it on `on`, directly or through a group. Two
    queries."""
    return LeadSpans([directive_id]).by_task(on)


def period_assignments(period: ReportingPeriod, units: list[Unit], spans: LeadSpans):
    """Task id -> ids of the period's units that answer for it: the assignments in force on
    the due date, or on its last day for a unit that ended before (it sent its report then)."""
    assigned: dict[int, set[int]] = defaultdict(set)
    for unit in units:
        for task_id in spans.tasks_of(unit.pk, period.assignment_day(unit)):
            assigned[task_id].add(unit.pk)
    return assigned


def task_matrix(period: ReportingPeriod) -> TaskMatrix:
    """Tasks (with their tree) x the period's units; each leaf cell holds the status the unit
    gave in its submitted report. Six queries: tasks, direct and group assignments, units,
    reports, entries.

    A draft that was never submitted counts as "not reported": its content is not yet the
    unit's word. A returned report keeps showing what it said when it was submitted, as edited
    since."""
    tasks, leaves = directive_tasks(period.directive_id)  # query 1
    # A task ended (replaced, split) before the period asked nothing in it; its sub-tasks ended
    # with it. Earlier periods keep its row.
    tasks = [t for t in tasks if t.in_force_until is None or t.in_force_until >= period.starts_on]
    spans = LeadSpans([period.directive_id])  # queries 2-3
    # Query 4: the units that must report.
    units = sorted(
        (
            _as_then(unit)
            for unit in Unit.objects.filter(obligations__period=period)
            .annotate(**names_then(period.due_on))
            .order_by()
        ),
        key=unit_sort_key,
    )
    assigned = period_assignments(period, units, spans)
    # Query 5: the period's reports.
    report_ids = dict(
        UnitReport.objects.filter(period=period).order_by().values_list("unit_id", "pk")
    )
    # Query 6: the entries of submitted reports (uses report_period_status_idx and
    # progress_unique_task_per_report).
    entries = {
        (unit_id, task_id): status
        for unit_id, task_id, status in TaskProgress.objects.filter(
            report__period=period, report__first_submitted_at__isnull=False
        )
        .exclude(status="")
        .order_by()
        .values_list("report__unit_id", "task_id", "status")
    }

    groups: list[UnitGroupColumn] = []
    for unit in units:
        if not groups or groups[-1].kind != unit.kind:
            groups.append(UnitGroupColumn(unit.kind, unit.get_kind_display(), []))
        groups[-1].units.append(unit)

    depth_of: dict[int, int] = {}
    rows = []
    for task in tasks:
        depth = depth_of[task.parent_id] + 1 if task.parent_id in depth_of else 0
        depth_of[task.pk] = depth
        row = MatrixRow(task=task, depth=depth, is_leaf=task.pk in leaves)
        if row.is_leaf:
            leads = assigned.get(task.pk, set())
            counts = dict.fromkeys(CellStatus.COUNTED, 0)
            cells = []
            for unit in units:
                if unit.pk not in leads:
                    cells.append(Cell(CellStatus.NOT_ASSIGNED, report_ids.get(unit.pk)))
                    continue
                status = entries.get((unit.pk, task.pk), CellStatus.NOT_REPORTED)
                if task.recurring and status == CellStatus.COMPLETED:
                    # An ongoing ("thường xuyên") task is never done once and for all: a unit
                    # that says so is counted, and shown, as carrying it out regularly.
                    status = CellStatus.REGULAR
                counts[status] += 1
                cells.append(Cell(status, report_ids.get(unit.pk)))
            row.cells = cells
            row.counts = counts
        rows.append(row)
    return TaskMatrix(period=period, units=units, groups=groups, rows=rows, report_ids=report_ids)


# ---- across periods --------------------------------------------------------------------------


@dataclass(slots=True)
class PeriodPoint:
    period: ReportingPeriod
    units: int
    on_time: int
    late: int
    not_submitted: int
    assigned_cells: int  # (unit, leaf task) pairs the period asks for
    completed_cells: int  # of those, reported completed (never an ongoing task)
    regular_cells: int = 0  # reported carried out regularly, or an ongoing task said done
    # The directive's indicators summed over units (None: no figure), set by the trend page.
    indicator_totals: list[int | None] = field(default_factory=list)
    # False while the period's due date has not come: its shares are not yet a result, so the
    # chart leaves it out rather than drawing it at 0 %.
    is_due: bool = True

    def _share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def on_time_share(self) -> float:
        return self._share(self.on_time, self.units)

    @property
    def submitted_share(self) -> float:
        return self._share(self.on_time + self.late, self.units)

    @property
    def completion_share(self) -> float:
        return self._share(self.completed_cells, self.assigned_cells)

    @property
    def regular_percent(self) -> int:
        return round(self._share(self.regular_cells, self.assigned_cells) * 100)

    @property
    def on_time_percent(self) -> int:
        return round(self.on_time_share * 100)

    @property
    def submitted_percent(self) -> int:
        return round(self.submitted_share * 100)

    @property
    def completion_percent(self) -> int:
        return round(self.completion_share * 100)


def _period_cells(periods: list[ReportingPeriod]) -> dict[int, tuple[int, int, int, int]]:
    """Period id -> (units, assigned cells, completed cells, regular cells) for periods of any
    directives. Five queries: tasks, direct and group assignments, obligations, the completed
    and regular entries."""
    directive_ids = {period.directive_id for period in periods}
    # Query 1: which tasks are leaves.
    parent_of = dict(
        Task.objects.filter(directive_id__in=directive_ids)
        .order_by()
        .values_list("pk", "parent_id")
    )
    parents = set(parent_of.values())
    leaves = {task_id for task_id in parent_of if task_id not in parents}
    # Queries 2-3: who leads them, and when.
    spans = LeadSpans(directive_ids, task_ids=leaves)
    by_id = {period.pk: period for period in periods}
    directive_of = {period.pk: period.directive_id for period in periods}
    # Query 4: the units of each period, with the end date that says which day's
    # assignments they answer for (uses obligation_unique_unit_per_period).
    units = defaultdict(int)
    assigned = defaultdict(int)
    for period_id, unit_id, valid_to in ReportingObligation.objects.filter(
        period_id__in=directive_of
    ).values_list("period_id", "unit_id", "unit__valid_to"):
        period = by_id[period_id]
        units[period_id] += 1
        # As ReportingPeriod.assignment_day, from the row instead of a Unit.
        day = valid_to if valid_to is not None and valid_to < period.due_on else period.due_on
        assigned[period_id] += len(spans.tasks_of(unit_id, day, directive_of[period_id]))
    # Query 5: completed and regularly carried out leaf entries of submitted reports, counted
    # apart: an ongoing task ("thường xuyên") said completed is carried out regularly.
    done = Q(status=ProgressStatus.COMPLETED, task__recurring=False)
    counts = {
        period_id: (completed, regular)
        for period_id, completed, regular in TaskProgress.objects.filter(
            report__period_id__in=directive_of,
            report__first_submitted_at__isnull=False,
            status__in=[ProgressStatus.COMPLETED, ProgressStatus.REGULAR],
            task_id__in=leaves,
        )
        .values("report__period_id")
        .order_by()
        .annotate(completed=Count("pk", filter=done), regular=Count("pk", filter=~done))
        .values_list("report__period_id", "completed", "regular")
    }
    return {
        period_id: (units[period_id], assigned[period_id], *counts.get(period_id, (0, 0)))
        for period_id in directive_of
    }


def _submissions(periods: list[ReportingPeriod]) -> dict[int, Counter]:
    """Period id -> {"on_time": n, "late": n}. One query (uses report_period_status_idx)."""
    submitted: dict[int, Counter] = defaultdict(Counter)
    for period_id, late, count in (
        UnitReport.objects.filter(
            period_id__in=[period.pk for period in periods], first_submitted_at__isnull=False
        )
        .values("period_id", "submitted_late")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("period_id", "submitted_late", "n")
    ):
        submitted[period_id]["late" if late else "on_time"] += count
    return submitted


def period_trend(directive: Directive, *, today: datetime.date | None = None) -> list[PeriodPoint]:
    """Timeliness and completion of each period of a directive, oldest first. Seven queries
    whatever the number of periods: periods, the five of `_period_cells`, submissions."""
    today = today or timezone.localdate()
    periods = list(ReportingPeriod.objects.filter(directive=directive).order_by("starts_on"))
    if not periods:
        return []
    cells = _period_cells(periods)
    submitted = _submissions(periods)
    points = []
    for period in periods:
        units, assigned, completed, regular = cells[period.pk]
        on_time = submitted[period.pk]["on_time"]
        late = submitted[period.pk]["late"]
        points.append(
            PeriodPoint(
                period=period,
                units=units,
                on_time=on_time,
                late=late,
                not_submitted=max(units - on_time - late, 0),
                assigned_cells=assigned,
                completed_cells=completed,
                regular_cells=regular,
                is_due=period.due_on < today,
            )
        )
    return points


# ---- the Standing Committee's summary --------------------------------------------------------


@dataclass(slots=True)
class DirectiveSummary:
    directive: Directive
    # The period shown: the one chosen, else the latest that has a submitted report (a newly
    # opened period is empty), else the latest; None before the first.
    period: ReportingPeriod | None
    counts: StatusCounts | None
    assigned_cells: int = 0
    completed_cells: int = 0  # never an ongoing task: those are in regular_cells
    regular_cells: int = 0
    indicators: list[IndicatorLine] = field(default_factory=list)  # report-level ones
    completed_cells: int = 0
    periods: list[ReportingPeriod] = field(default_factory=list)  # for the chooser, latest first

    @property
    def completion_percent(self) -> int:
        return round(self.completed_cells * 100 / self.assigned_cells) if self.assigned_cells else 0

    @property
    def regular_percent(self) -> int:
        return round(self.regular_cells * 100 / self.assigned_cells) if self.assigned_cells else 0


def latest_period_summaries(
    directives: list[Directive],
    *,
    today: datetime.date | None = None,
    chosen: set[int] | frozenset[int] = frozenset(),
) -> list[DirectiveSummary]:
    """Each directive with the counts, completion and indicator sums of one period: the one of
    `chosen` (period ids) if any, else its latest period with a submitted report, else its
    latest. Eleven queries whatever the number of directives: periods, the unit rows (3), the
    cells (5), the indicators (2)."""
    latest: dict[int, ReportingPeriod] = {}
    with_reports: dict[int, ReportingPeriod] = {}
    picked: dict[int, ReportingPeriod] = {}
    choices: dict[int, list[ReportingPeriod]] = defaultdict(list)
    submitted = UnitReport.objects.filter(period=OuterRef("pk"), first_submitted_at__isnull=False)
    for period in (
        ReportingPeriod.objects.filter(directive__in=directives)
        .annotate(has_reports=Exists(submitted))
        .order_by("directive_id", "-starts_on", "-pk")
    ):
        choices[period.directive_id].append(period)
        latest.setdefault(period.directive_id, period)
        if period.has_reports:
            with_reports.setdefault(period.directive_id, period)
        if period.pk in chosen:
            picked[period.directive_id] = period
    latest.update(with_reports)
    latest.update(picked)
    periods = list(latest.values())
    rows = unit_rows_for_periods(periods, today=today) if periods else {}
    cells = _period_cells(periods) if periods else {}
    figures = indicators_for_periods(periods) if periods else {}
    summaries = []
    for directive in directives:
        period = latest.get(directive.pk)
        if period is None:
            summaries.append(DirectiveSummary(directive, None, None))
            continue
        period.directive = directive
        _units, assigned, completed, regular = cells[period.pk]
        summaries.append(
            DirectiveSummary(
                directive=directive,
                period=period,
                counts=status_counts(period, rows=rows[period.pk]),
                assigned_cells=assigned,
                completed_cells=completed,
                regular_cells=regular,
                indicators=figures[period.pk].report_lines,
                periods=choices[directive.pk],
            )
        )
    return summaries


# ---- indicators --------------------------------------------------------------------------------

# A unit's figures count once its report is submitted and while it is not sent back: a draft is
# not yet the unit's word, a returned report is being corrected. Accepted reports alone are what
# a consolidated report states by default; with the reports awaiting review when it says so.
INDICATOR_STATUSES = (ReportStatus.ACCEPTED, ReportStatus.SUBMITTED)


@dataclass(slots=True)
class IndicatorLine:
    """One indicator of a period: its sum over units, counting accepted reports alone and
    together with those awaiting review. Never a sum across tasks: a task's indicator belongs
    to that task."""

    indicator: Indicator
    accepted_total: int = 0
    accepted_units: int = 0
    total: int = 0  # accepted and awaiting review
    units: int = 0

    def total_for(self, *, include_submitted: bool) -> int:
        return self.total if include_submitted else self.accepted_total

    def units_for(self, *, include_submitted: bool) -> int:
        return self.units if include_submitted else self.accepted_units


@dataclass(slots=True)
class PeriodIndicators:
    lines: list[IndicatorLine]  # the directive's indicators in their order
    # unit id -> (report status, indicator id -> the unit's figure)
    by_unit: dict[int, tuple[str, dict[int, int]]] = field(default_factory=dict)

    @property
    def report_lines(self) -> list[IndicatorLine]:
        return [line for line in self.lines if line.indicator.task_id is None]

    def task_lines(self, task_id: int) -> list[IndicatorLine]:
        return [line for line in self.lines if line.indicator.task_id == task_id]

    def unit_values(self, unit_id: int, *, include_submitted: bool = True) -> dict[int, int]:
        status, values = self.by_unit.get(unit_id, (None, {}))
        if status == ReportStatus.ACCEPTED or (include_submitted and status is not None):
            return values
        return {}


def directive_indicators(directive_ids) -> list[Indicator]:
    """The indicators of some directives in their order, with their tasks. One query."""
    return list(
        Indicator.objects.filter(directive_id__in=directive_ids)
        .select_related("task")
        .order_by("directive_id", "position", "pk")
    )


def period_indicators(period: ReportingPeriod) -> PeriodIndicators:
    """The sums of the directive's indicators over the period's units, and each unit's figures.
    Two queries: the indicators, the figures of the submitted and accepted reports."""
    return indicators_for_periods([period])[period.pk]


def indicators_for_periods(periods: list[ReportingPeriod]) -> dict[int, PeriodIndicators]:
    """`period_indicators` of several periods (of any directives) in the same two queries."""
    indicators = directive_indicators({period.directive_id for period in periods})
    result: dict[int, PeriodIndicators] = {}
    lines_of: dict[int, dict[int, IndicatorLine]] = {}
    for period in periods:
        lines_of[period.pk] = {
            indicator.pk: IndicatorLine(indicator)
            for indicator in indicators
            if indicator.directive_id == period.directive_id
        }
        result[period.pk] = PeriodIndicators(lines=list(lines_of[period.pk].values()))
    for period_id, unit_id, status, indicator_id, value in (
        IndicatorValue.objects.filter(
            report__period_id__in=list(result), report__status__in=INDICATOR_STATUSES
        )
        .order_by()
        .values_list(
            "report__period_id", "report__unit_id", "report__status", "indicator_id", "value"
        )
    ):
        line = lines_of[period_id].get(indicator_id)
        if line is None:
            continue  # an indicator of another directive: the forms never write one
        by_unit = result[period_id].by_unit
        by_unit.setdefault(unit_id, (status, {}))[1][indicator_id] = value
        line.total += value
        line.units += 1
        if status == ReportStatus.ACCEPTED:
            line.accepted_total += value
            line.accepted_units += 1
    return result


def indicator_trend(
    directive: Directive, periods: list[ReportingPeriod]
) -> tuple[list[Indicator], dict[int, dict[int, int]]]:
    """The indicators and, per period, their sums over units (period id -> indicator id ->
    sum), counting submitted and accepted reports as the dashboard does. Two queries."""
    indicators = directive_indicators([directive.pk])
    sums: dict[int, dict[int, int]] = {period.pk: {} for period in periods}
    for period_id, indicator_id, total in (
        IndicatorValue.objects.filter(
            report__period__in=periods, report__status__in=INDICATOR_STATUSES
        )
        .values("report__period_id", "indicator_id")
        .order_by()
        .annotate(total=Sum("value"))
        .values_list("report__period_id", "indicator_id", "total")
    ):
        sums[period_id][indicator_id] = total
    return indicators, sums

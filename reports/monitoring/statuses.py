"""The five statuses of a task for a unit (issue 11): hoàn thành đúng hạn, hoàn thành quá hạn,
đang thực hiện trong hạn, quá hạn chưa hoàn thành, thường xuyên.

Every (task, unit) pair of a leaf task gets one status, computed in the database:

- the unit's *answer* is its entry in its latest accepted report on the task, or, when no report
  of it is accepted yet, in its latest submitted one (drafts and returned reports are not the
  unit's word and are ignored); "latest" is by the period's end. It is kept, one row per pair,
  in `TaskAnswer` (reports.submissions.models), which the workflow refreshes;
- an ongoing task ("thường xuyên", `Task.recurring`) is ONGOING whatever the answer;
- an answer "completed" is judged against the deadline by the completion date the unit states
  (`TaskProgress.completed_on`; an entry from before that field existed counts as completed by
  the end of its period): on or before the deadline, or with no deadline, ON_TIME, else LATE;
- an answer "carried out regularly" on a task without a deadline is ONGOING;
- anything else (no answer, not started, in progress, "regularly" on a task with a deadline) is
  OVERDUE once the deadline has passed, else IN_PROGRESS.

A pair is a unit leading the task (directly, or through a group) or coordinating it, with the
dated assignments in force on the day asked. The counts take the leading units only: they are
the ones that report, as in the matrix; the lists show coordination too, marked as such.

Pairs come from three tables (direct leads, group leads, coordination), so each question is
asked of each table and the answers are joined with UNION ALL in the database; the counts are
the GROUP BY of that UNION, so a count and its list cannot disagree. The statuses are an integer
rank, in the order a unit's list shows them (what needs doing first).
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, NullIf
from django.db.models.lookups import IsNull
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directives.models import Directive, DirectiveStatus, Task, TaskCoordination, TaskLead
from reports.submissions.models import ProgressStatus


class TaskStatus:
    OVERDUE = 1  # quá hạn chưa hoàn thành
    IN_PROGRESS = 2  # đang thực hiện trong hạn
    ONGOING = 3  # thường xuyên
    LATE = 4  # hoàn thành quá hạn
    ON_TIME = 5  # hoàn thành đúng hạn

    # The order in which documents list them (the order of the issue and of Vietnamese
    # task-tracking systems); lists of work go by the ranks above instead.
    ORDER = (ON_TIME, LATE, IN_PROGRESS, OVERDUE, ONGOING)
    COMPLETED = (ON_TIME, LATE)

    slugs = {
        ON_TIME: "dung-han",
        LATE: "hoan-thanh-qua-han",
        IN_PROGRESS: "trong-han",
        OVERDUE: "qua-han",
        ONGOING: "thuong-xuyen",
    }
    labels = {
        ON_TIME: pgettext_lazy("task status", "Completed on time"),
        LATE: pgettext_lazy("task status", "Completed late"),
        IN_PROGRESS: pgettext_lazy("task status", "In progress, within the deadline"),
        OVERDUE: pgettext_lazy("task status", "Overdue, not completed"),
        ONGOING: pgettext_lazy("task status", "Ongoing"),
    }
    # The words of the consolidated report, which is Vietnamese by nature.
    words = {
        ON_TIME: "hoàn thành đúng hạn",
        LATE: "hoàn thành quá hạn",
        IN_PROGRESS: "đang thực hiện trong hạn",
        OVERDUE: "quá hạn chưa hoàn thành",
        ONGOING: "thường xuyên",
    }

    @classmethod
    def from_slug(cls, slug: str) -> int | None:
        return next((key for key, value in cls.slugs.items() if value == slug), None)


class Role:
    LEAD = "lead"
    COORDINATING = "coordinating"

    labels = {
        LEAD: pgettext_lazy("assignment role", "Lead"),
        COORDINATING: pgettext_lazy("assignment role", "Coordinating"),
    }


def due_soon_days() -> int:
    """Days before a deadline from which an unfinished task is flagged "due soon"."""
    return int(getattr(settings, "TASK_DUE_SOON_DAYS", 7))


def _in_force(day: datetime.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


class PairQuerySet(models.QuerySet):
    """Rows that pair a task (`task`) with a unit (the `pair_unit` annotation): the rows of
    TaskLead, TaskCoordination or the task-group table, as `pairs()` builds them."""

    def leaves(self):
        """Only the tasks units report on (a heading is answered through its sub-tasks).

        NOT IN a list of headings rather than NOT EXISTS a sub-task: PostgreSQL turns the
        latter into an anti-join whose estimate (one row left over the group leads at
        national scale) sent every later join into a nested loop; the former is one hashed
        list, estimated plainly."""
        headings = Task.objects.filter(parent__isnull=False).values("parent_id")
        return self.exclude(task_id__in=headings)

    def with_status(
        self,
        *,
        today: datetime.date,
        soon_days: int | None = None,
        unit: str = "unit_id",
        lead_min: dict[int, int] | None = None,
    ):
        """Annotate `status` (a TaskStatus rank) and `due_soon` (the deadline falls within
        `soon_days` from today; with status IN_PROGRESS it is the "due soon" flag).

        The unit's answer is kept in TaskAnswer (one row per pair, refreshed when a report is
        submitted, returned or accepted) and joined on (task, unit): the database hashes the
        answers once for all the pairs. Reading the answer from the reports, one correlated
        subquery a pair, cost 0.1-0.3 ms a pair at national scale (27,000 pairs, 10 s), and
        even a probe of TaskAnswer's index a pair was twice the join (docs/benchmarks.md).

        `unit` is the path of the pair's unit in the source's own fields, not the `pair_unit`
        annotation: a filter through the answer resolves the join's condition where
        annotations are not known.

        With `lead_min` (task id -> status: the coordinating units, `_sources`), the pairs
        take the status their task's leading units give it, and those of a task nobody leads
        are judged by the deadline alone: a coordinating unit does not report on the task,
        so no answer is joined."""
        soon_days = due_soon_days() if soon_days is None else soon_days
        deadline = F("task__deadline")
        due_soon = Case(
            When(
                task__deadline__gte=today,
                task__deadline__lte=today + datetime.timedelta(days=soon_days),
                then=Value(True),
            ),
            default=Value(False),
            output_field=models.BooleanField(),
        )
        if lead_min is not None:
            if isinstance(lead_min, dict):
                by_status = defaultdict(list)
                for task_id, status in lead_min.items():
                    by_status[status].append(task_id)
                decided = [
                    When(task_id__in=sorted(ids), then=Value(status))
                    for status, ids in sorted(by_status.items())
                ]
            else:  # an expression of the row's task (`_leads_least`)
                decided = [When(IsNull(lead_min, False), then=lead_min)]
            return self.annotate(
                status=Case(
                    When(task__recurring=True, then=Value(TaskStatus.ONGOING)),
                    *decided,
                    When(task__deadline__lt=today, then=Value(TaskStatus.OVERDUE)),
                    default=Value(TaskStatus.IN_PROGRESS),
                    output_field=IntegerField(),
                ),
                due_soon=due_soon,
            )
        return self.annotate(
            answer=FilteredRelation("task__answers", condition=Q(task__answers__unit_id=F(unit))),
            status=Case(
                When(task__recurring=True, then=Value(TaskStatus.ONGOING)),
                When(
                    Q(answer__status=ProgressStatus.COMPLETED)
                    & (Q(task__deadline__isnull=True) | Q(answer__done_on__lte=deadline)),
                    then=Value(TaskStatus.ON_TIME),
                ),
                When(answer__status=ProgressStatus.COMPLETED, then=Value(TaskStatus.LATE)),
                When(
                    answer__status=ProgressStatus.REGULAR,
                    task__deadline__isnull=True,
                    then=Value(TaskStatus.ONGOING),
                ),
                When(task__deadline__lt=today, then=Value(TaskStatus.OVERDUE)),
                default=Value(TaskStatus.IN_PROGRESS),
                output_field=IntegerField(),
            ),
            due_soon=due_soon,
        )


def _leading_rows(tasks: Q, *, today: datetime.date, soon_days: int, on: datetime.date):
    """Every leading row of the `tasks` on day `on` with its status, one queryset per table
    (direct leads, the lead groups' units). A unit leading directly and through a group comes
    twice: harmless for the minimum both callers take, and it spares the exclusions of
    `_judged`."""
    return [
        PairQuerySet(model=model)
        .filter(tasks, **{f"{unit}__isnull": False})
        .filter(_in_force(on) if model is TaskLead else Q())
        .annotate(pair_unit=F(unit))
        .with_status(today=today, soon_days=soon_days, unit=unit)
        .order_by()
        for model, unit in ((TaskLead, "unit_id"), (Task.lead_groups.through, "unitgroup__units"))
    ]


def _leads_least(*, today: datetime.date, soon_days: int, on: datetime.date):
    """The least advanced status of the row's task's leading units on day `on`, NULL when
    nobody leads it: `leads_status` for one row, as two scalar subqueries. Cheap for the few
    coordinating rows of one unit; for thousands of rows (every directive) `leads_status`
    asks once for all their tasks instead."""
    rows = _leading_rows(Q(task_id=OuterRef("task_id")), today=today, soon_days=soon_days, on=on)
    parts = [
        Coalesce(
            Subquery(part.order_by("status").values("status")[:1], output_field=IntegerField()),
            Value(NOBODY),
        )
        for part in rows
    ]
    return NullIf(Least(*parts), Value(NOBODY))


NOBODY = 99  # above every status rank: "no leading unit" while the least is taken


def leads_status(scope: Scope, *, today: datetime.date, soon_days: int) -> dict[int, int]:
    """Task id -> the least advanced status of its leading units (the ranks go from what needs
    doing first, so a task is done for its coordinating units only once every leading unit has
    done it), over every leading unit whatever the scope's filters, for the tasks coordinated
    by the scope's units (all of them when the scope names none). One grouped query.

    The tasks are named by a plain query of the coordination table: given the scope's full
    query of coordinating pairs instead, PostgreSQL misjudged its size and judged every pair
    of every directive first (40 ms for one unit's home at national scale, 3 ms now)."""
    coordinated = TaskCoordination.objects.filter(_in_force(scope.on))
    if scope.directive_ids is not None:
        coordinated = coordinated.filter(task__directive_id__in=scope.directive_ids)
    if scope.unit_ids is not None:
        coordinated = coordinated.filter(unit_id__in=scope.unit_ids)
    if scope.unit_search:
        coordinated = coordinated.filter(unit_id__in=_units_named(scope.unit_search))
    if scope.period_id is not None:
        coordinated = coordinated.filter(unit_id__in=_units_asked(scope.period_id))
    tasks = Q(task_id__in=coordinated.values("task_id"))
    parts = [
        part.values("task_id").annotate(least=Min("status")).values_list("task_id", "least")
        for part in _leading_rows(tasks, today=today, soon_days=soon_days, on=scope.on)
    ]
    least: dict[int, int] = {}
    for task_id, status in parts[0].union(parts[1], all=True):
        least[task_id] = min(status, least.get(task_id, status))
    return least


def tasks_that_may_be(status: int, *, today: datetime.date) -> Q:
    """What a task must be for any of its pairs to have this status: the task's side of the
    CASE of `with_status`. A list filtered by status (or a page within one status) adds it to
    the exact filter on the CASE, so that the database drops the other tasks before it joins
    their pairs and answers, instead of judging every pair and throwing most away. (The
    answer's side cannot be written as a filter: the answer is a reverse relation, and a
    filter on it in a later call joins it a second time.)"""
    one_off = Q(task__recurring=False)
    if status == TaskStatus.ONGOING:
        return Q(task__recurring=True) | Q(task__deadline__isnull=True)
    if status == TaskStatus.ON_TIME:
        return one_off
    if status == TaskStatus.LATE:
        return one_off & Q(task__deadline__isnull=False)
    if status == TaskStatus.OVERDUE:
        return one_off & Q(task__deadline__lt=today)
    if status == TaskStatus.IN_PROGRESS:
        return one_off & (Q(task__deadline__isnull=True) | Q(task__deadline__gte=today))
    raise ValueError(status)


@dataclass(frozen=True)
class Scope:
    """Which pairs a question is about. Empty fields mean "no restriction"."""

    on: datetime.date  # the day the assignments are taken on
    directive_ids: frozenset[int] | None = None  # None: every published directive in force
    unit_ids: frozenset[int] | None = None
    period_id: int | None = None  # only the units that must report in this period
    unit_search: str = ""  # the unit's code, or part of its name or short name
    roles: tuple[str, ...] = (Role.LEAD,)
    statuses: tuple[int, ...] = ()
    deadline: str = ""  # a DeadlineFilter value
    deadline_by: datetime.date | None = None


class DeadlineFilter:
    DUE_SOON = "sap-den-han"
    PASSED = "da-qua-han"
    NONE = "khong-thoi-han"

    labels = {
        DUE_SOON: _("Due within the coming days"),
        PASSED: _("Deadline passed"),
        NONE: _("No deadline"),
    }


def units_matching(search: str) -> frozenset[int] | None:
    """The units a filter names: by code, whole, or by part of the name or short name; None
    when there is no filter. One query, made before the pairs are read: given as a list of ids,
    the planner goes from the units to their pairs (at national scale 49 ms instead of 269 ms
    to count one unit's pairs across every directive)."""
    if not search:
        return None
    return frozenset(_units_named(search).values_list("pk", flat=True)[:1000])


def _sources(
    scope: Scope,
    *,
    today: datetime.date,
    soon_days: int,
    lead_min: dict[int, int] | None = None,
) -> list[PairQuerySet]:
    """The pairs of the scope, one queryset per table, each with its status; a unit leading a
    task directly and through a group (or through two groups), or leading and coordinating it,
    is one pair.

    A coordinating unit does not report on the task: its pair takes the status of the task as
    the leading units carry it (`lead_min`: task id -> the least advanced of their statuses,
    read by `leads_status` when not given), and is judged by the deadline alone only when
    nobody leads the task."""
    judged = functools.partial(
        _judged, on=scope.on, today=today, soon_days=soon_days, directives=scope.directive_ids
    )
    sources = []
    if Role.LEAD in scope.roles:
        sources += [judged(Role.LEAD), judged(GROUPS)]
    if Role.COORDINATING in scope.roles:
        if lead_min is None and scope.unit_ids is not None:
            # A unit's own list coordinates a few tasks: asked row by row, in the same query.
            sources.append(judged(Role.COORDINATING))
        else:
            if lead_min is None:
                lead_min = leads_status(scope, today=today, soon_days=soon_days)
            sources.append(_coordination_source(scope, today, soon_days, lead_min))
    return [_narrow(source, scope, today=today, soon_days=soon_days) for source in sources]


GROUPS = "groups"  # the lead groups' units, beside Role.LEAD (direct) and Role.COORDINATING


@functools.lru_cache(maxsize=64)
def _judged(kind: str, *, on, today, soon_days, directives) -> PairQuerySet:
    """One table's pairs with their statuses, before the filters of a particular list.

    Kept per process and day: Django resolves the statuses' CASE expressions as the query is
    built, and that was the larger part of a unit's home (12 ms of 50 at national scale); each
    list then only adds its filters to a copy (a QuerySet is never changed by deriving one)."""
    if kind == Role.LEAD:
        source = (
            PairQuerySet(model=TaskLead)
            .filter(_in_force(on))
            .annotate(pair_unit=F("unit_id"), role=Value(Role.LEAD))
        )
    elif kind == GROUPS:
        source = (
            PairQuerySet(model=Task.lead_groups.through)
            .filter(unitgroup__units__isnull=False)
            .annotate(pair_unit=F("unitgroup__units"), role=Value(Role.LEAD))
            .exclude(
                Exists(
                    TaskLead.objects.filter(_in_force(on)).filter(
                        task_id=OuterRef("task_id"), unit_id=OuterRef("pair_unit")
                    )
                )
            )
            # A unit in two groups of the task is still one pair: this source's rows are made
            # distinct (or its units counted distinct) by whoever reads it, see `_grouped` and
            # `pair_rows`. Excluding the unit's later groups row by row instead (an anti-join
            # with an inequality) was a nested loop per pair, half the cost of the view across
            # directives at national scale.
        )
    else:
        source = _coordinating(on)
    lead_min = (
        _leads_least(today=today, soon_days=soon_days, on=on) if kind == Role.COORDINATING else None
    )
    return _judge(source, directives, today=today, soon_days=soon_days, lead_min=lead_min)


def _coordination_source(scope, today, soon_days, lead_min: dict[int, int]) -> PairQuerySet:
    """The coordinating pairs with the statuses of their tasks' leading units given."""
    return _judge(
        _coordinating(scope.on),
        scope.directive_ids,
        today=today,
        soon_days=soon_days,
        lead_min=lead_min,
    )


def _coordinating(day: datetime.date) -> PairQuerySet:
    """Coordinating units that do not also lead the task (directly or through a group)."""
    group_table = Task.lead_groups.through
    return (
        PairQuerySet(model=TaskCoordination)
        .filter(_in_force(day))
        .annotate(pair_unit=F("unit_id"), role=Value(Role.COORDINATING))
        .exclude(
            Exists(
                TaskLead.objects.filter(_in_force(day)).filter(
                    task_id=OuterRef("task_id"), unit_id=OuterRef("unit_id")
                )
            )
        )
        .exclude(
            Exists(
                group_table.objects.filter(
                    task_id=OuterRef("task_id"), unitgroup__units=OuterRef("unit_id")
                )
            )
        )
    )


def _units_asked(period_id: int):
    from reports.periods.models import ReportingObligation

    return ReportingObligation.objects.filter(period_id=period_id).values("unit_id")


def _units_named(search: str):
    """A code is matched whole (codes share prefixes: "scale-p0-u1", "scale-p0-u12"), a name
    by any part of it."""
    from units.models import Unit

    units = Q(name__icontains=search) | Q(short_name__icontains=search) | Q(code=search.lower())
    return Unit.objects.filter(units).values("pk")


def _judge(source: PairQuerySet, directives, *, today, soon_days, lead_min) -> PairQuerySet:
    """The source's leaf tasks of the directives (None: every published one in force), with
    their statuses."""
    if directives is None:
        source = source.filter(
            Q(task__directive__in_force_until__isnull=True)
            | Q(task__directive__in_force_until__gte=today),
            task__directive__status=DirectiveStatus.PUBLISHED,
        )
    else:
        source = source.filter(task__directive_id__in=directives)
    unit = "unitgroup__units" if _by_groups(source) else "unit_id"
    return source.leaves().with_status(
        today=today, soon_days=soon_days, unit=unit, lead_min=lead_min
    )


def _narrow(source: PairQuerySet, scope: Scope, *, today, soon_days) -> PairQuerySet:
    """The scope's filters other than its directives, on judged pairs."""
    if scope.unit_ids is not None:
        source = source.filter(pair_unit__in=scope.unit_ids)
    if scope.period_id is not None:
        source = source.filter(pair_unit__in=_units_asked(scope.period_id))
    if scope.unit_search:
        source = source.filter(pair_unit__in=_units_named(scope.unit_search))
    if scope.deadline == DeadlineFilter.NONE:
        source = source.filter(task__deadline__isnull=True)
    elif scope.deadline == DeadlineFilter.PASSED:
        source = source.filter(task__deadline__lt=today)
    elif scope.deadline == DeadlineFilter.DUE_SOON:
        source = source.filter(
            task__deadline__gte=today,
            task__deadline__lte=today + datetime.timedelta(days=soon_days),
        )
    if scope.deadline_by is not None:
        source = source.filter(task__deadline__lte=scope.deadline_by)
    return _of_statuses(source, scope.statuses, today=today)


def _of_statuses(source: PairQuerySet, chosen, *, today) -> PairQuerySet:
    if not chosen:
        return source
    tasks = Q()
    for status in chosen:
        tasks |= tasks_that_may_be(status, today=today)
    return source.filter(tasks, status__in=chosen)


# ---- counts ----------------------------------------------------------------------------------


@dataclass
class StatusCountLine:
    status: int
    count: int
    share: float

    @property
    def label(self):
        return TaskStatus.labels[self.status]

    @property
    def slug(self) -> str:
        return TaskStatus.slugs[self.status]

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class TaskStatusCounts:
    """Pairs per status (leading units), and how many unfinished ones are due soon."""

    counts: dict[int, int] = field(default_factory=dict)
    due_soon: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def overdue(self) -> int:
        return self.counts.get(TaskStatus.OVERDUE, 0)

    @property
    def lines(self) -> list[StatusCountLine]:
        total = self.total
        return [
            StatusCountLine(status, self.counts.get(status, 0), self.counts.get(status, 0) / total)
            if total
            else StatusCountLine(status, 0, 0.0)
            for status in TaskStatus.ORDER
        ]

    def of(self, status: int) -> int:
        return self.counts.get(status, 0)

    def add(self, status: int, n: int, *, due_soon: bool = False) -> None:
        self.counts[status] = self.counts.get(status, 0) + n
        if due_soon and status == TaskStatus.IN_PROGRESS:
            self.due_soon += n

    def as_dict(self) -> dict[str, int]:
        return {TaskStatus.slugs[s]: self.counts.get(s, 0) for s in TaskStatus.ORDER}

    def sentence(self) -> str:
        """One line of the consolidated report (Vietnamese, as the document is)."""
        parts = [
            f"{self.counts.get(status, 0)} {TaskStatus.words[status]}"
            for status in TaskStatus.ORDER
        ]
        line = (
            f"Tình hình thực hiện nhiệm vụ theo thời hạn ({self.total} lượt nhiệm vụ được giao "
            f"chủ trì): {', '.join(parts)}"
        )
        if self.due_soon:
            line += f"; trong đó {self.due_soon} sắp đến hạn"
        return line + "."


def _grouped(scope: Scope, key: str, *, today: datetime.date, soon_days: int, sources=None):
    """(key, role, status, due soon, pairs) of the scope, one query: the GROUP BY of the very
    rows the lists show (`pair_rows`), so that a count and its list cannot disagree. One
    query rather than one per table also lets PostgreSQL count the tables in parallel
    (47 ms instead of 55 ms for every directive at national scale). Django cannot group a
    UNION, so the UNION's own SQL is wrapped here; only column names are added to it."""
    rows = pair_rows(scope, today=today, soon_days=soon_days, sources=sources)
    column = {"task__directive_id": "directive_ref", "task_id": "task_id"}[key]
    try:
        sql, params = rows.order_by().query.sql_with_params()
    except EmptyResultSet:  # nothing asked (no directive, no unit): no pairs
        return []
    connection = connections[rows.db]
    names = [connection.ops.quote_name(n) for n in (column, "role", "status", "due_soon")]
    grouping = ", ".join(names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {grouping}, COUNT(*) FROM ({sql}) pairs GROUP BY {grouping}", params
        )
        return cursor.fetchall()


def _by_groups(source: PairQuerySet) -> bool:
    return source.model is Task.lead_groups.through


def _counts_by(scope: Scope, key: str, *, today, soon_days) -> dict[int, TaskStatusCounts]:
    soon_days = due_soon_days() if soon_days is None else soon_days
    result: dict[int, TaskStatusCounts] = defaultdict(TaskStatusCounts)
    scope = Scope(**{**scope.__dict__, "roles": (Role.LEAD,)})
    for value, _role, status, soon, n in _grouped(scope, key, today=today, soon_days=soon_days):
        result[value].add(status, n, due_soon=soon)
    return dict(result)


def counts_by_directive(
    scope: Scope, *, today: datetime.date, soon_days: int | None = None
) -> dict[int, TaskStatusCounts]:
    """Directive id -> counts of the pairs of the scope (leading units). One grouped query,
    whatever the number of directives, tasks and units."""
    return _counts_by(scope, "task__directive_id", today=today, soon_days=soon_days)


def counts_total(by_directive: dict[int, TaskStatusCounts]) -> TaskStatusCounts:
    """The counts across directives: the sums of the per-directive ones."""
    total = TaskStatusCounts()
    for counts in by_directive.values():
        for status, n in counts.counts.items():
            total.counts[status] = total.counts.get(status, 0) + n
        total.due_soon += counts.due_soon
    return total


def counts_by_task(
    scope: Scope, *, today: datetime.date, soon_days: int | None = None
) -> dict[int, TaskStatusCounts]:
    """Task id -> counts of its leading units. One grouped query."""
    return _counts_by(scope, "task_id", today=today, soon_days=soon_days)


@dataclass
class WorkTally:
    """What a list of work needs before its rows: the counts of the leading units (what the
    page prints) and the rows of every role in the scope, by status (what it pages)."""

    counts: TaskStatusCounts
    rows: dict[int, int]
    sources: list  # the querysets of the pairs, built once for the page to reuse


def work_tally(scope: Scope, *, today: datetime.date, soon_days: int | None = None) -> WorkTally:
    """One grouped query over the pairs of every role of the scope, by task.

    When the scope lists every leading unit of the tasks it holds (leads and coordination,
    no filter on units or statuses: the view of every directive), the coordinating units'
    statuses come from the leading units' rows of this very query, regrouped here, rather
    than from the query `leads_status` would make over the same pairs again (35 ms at
    national scale)."""
    soon_days = due_soon_days() if soon_days is None else soon_days
    whole = (
        set(scope.roles) == {Role.LEAD, Role.COORDINATING}
        and scope.unit_ids is None
        and not scope.unit_search
        and scope.period_id is None
        and not scope.statuses
    )
    sources = _sources(scope, today=today, soon_days=soon_days, lead_min={} if whole else None)
    grouped = _grouped(scope, "task_id", today=today, soon_days=soon_days, sources=sources)
    if whole:
        lead_min: dict[int, int] = {}
        for task_id, role, status, _soon, _n in grouped:
            if role == Role.LEAD:
                lead_min[task_id] = min(status, lead_min.get(task_id, status))
        grouped = [
            (task_id, role, lead_min.get(task_id, status), soon, n)
            if role == Role.COORDINATING
            else (task_id, role, status, soon, n)
            for task_id, role, status, soon, n in grouped
        ]
        sources[-1] = _narrow(
            _coordination_source(scope, today, soon_days, lead_min),
            scope,
            today=today,
            soon_days=soon_days,
        )
    counts, rows = TaskStatusCounts(), defaultdict(int)
    for _task, role, status, soon, n in grouped:
        rows[status] += n
        if role == Role.LEAD:
            counts.add(status, n, due_soon=soon)
    return WorkTally(counts=counts, rows=dict(rows), sources=sources)


def with_directive_counts(directives, *, today: datetime.date) -> None:
    """Give each directive its counts (`task_counts`) over every unit leading its tasks, as
    the summaries print them beside the latest period's figures. One query for all."""
    directives = list(directives)
    counts = counts_by_directive(
        Scope(on=today, directive_ids=frozenset(d.pk for d in directives)), today=today
    )
    for directive in directives:
        directive.task_counts = counts.get(directive.pk, TaskStatusCounts())


def period_scope(period, *, today: datetime.date) -> Scope:
    """The pairs of a period's directive and units, with the assignments of the period's last
    day (or of today while it runs)."""
    return Scope(
        on=min(period.ends_on, today),
        directive_ids=frozenset({period.directive_id}),
        period_id=period.pk,
    )


def period_counts(period, *, today: datetime.date) -> TaskStatusCounts:
    """The counts of a period's directive over the units of the period. One query."""
    counts = counts_by_directive(period_scope(period, today=today), today=today)
    return counts.get(period.directive_id, TaskStatusCounts())


# ---- rows ------------------------------------------------------------------------------------

ROW_FIELDS = ("task_id", "pair_unit", "role", "status", "due_soon", "deadline_sort", "position")
FAR_DAY = datetime.date(9999, 12, 31)


def pair_rows(scope: Scope, *, today: datetime.date, soon_days: int | None = None, sources=None):
    """The pairs of the scope as one UNION query of (task id, unit id, role, status, due soon,
    deadline, position) tuples, by status rank, then deadline (none last), directive, task.
    Slicing it (a page) slices in the database."""
    soon_days = due_soon_days() if soon_days is None else soon_days
    parts = []
    if sources is None:
        sources = _sources(scope, today=today, soon_days=soon_days)
    for source in sources:
        part = (
            source.annotate(
                deadline_sort=Coalesce("task__deadline", Value(FAR_DAY), output_field=DateField()),
                position=F("task__position"),
                directive_ref=F("task__directive_id"),
            )
            .order_by()
            .values_list(*ROW_FIELDS, "directive_ref")
        )
        # A unit in two of the task's groups: two equal rows, one pair.
        parts.append(part.distinct() if _by_groups(source) else part)
    if not parts:
        return TaskLead.objects.none().values_list("pk")
    # UNION ALL: the sources are disjoint (see _sources), each without repeats.
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("status", "deadline_sort", "directive_ref", "position", "pair_unit")


class StatusOrderedRows:
    """The rows of `pair_rows` for a paginator that knows how many rows each status has
    (`work_tally`): its count needs no query, and a page asks only for the statuses the page
    spans (the rows are ordered by status first), which `tasks_that_may_be` lets the database narrow
    before it joins the pairs. At national scale the first page of every directive then reads
    the overdue pairs, not all 28,000."""

    def __init__(self, scope: Scope, tally: WorkTally, *, today, soon_days=None):
        self.scope, self.rows, self.sources = scope, tally.rows, tally.sources
        self.today, self.soon_days = today, soon_days

    def count(self) -> int:
        return sum(self.rows.values())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice):
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        spanned, before, seen = [], 0, 0
        for status in sorted(self.rows):
            n = self.rows[status]
            if seen + n <= start:
                before += n
            elif seen < stop and n:
                spanned.append(status)
            seen += n
        if not spanned:
            return []
        sources = [_of_statuses(s, spanned, today=self.today) for s in self.sources]
        rows = pair_rows(self.scope, today=self.today, soon_days=self.soon_days, sources=sources)
        return rows[start - before : stop - before]


@dataclass
class WorkRow:
    """One line of a unit's work: a task of a directive, the unit's role and status, and the
    report to fill next for that directive (None when no open period asks the unit)."""

    task: Task
    unit: object
    role: str
    status: int
    due_soon_window: bool
    next_report: object | None = None  # a ReportingObligation of an open period

    @property
    def directive(self) -> Directive:
        return self.task.directive

    @property
    def status_label(self):
        return TaskStatus.labels[self.status]

    @property
    def status_slug(self) -> str:
        return TaskStatus.slugs[self.status]

    @property
    def role_label(self):
        return Role.labels[self.role]

    @property
    def is_due_soon(self) -> bool:
        return self.due_soon_window and self.status == TaskStatus.IN_PROGRESS

    @property
    def is_overdue(self) -> bool:
        return self.status == TaskStatus.OVERDUE

    def days_left(self, today: datetime.date) -> int | None:
        return None if self.task.deadline is None else (self.task.deadline - today).days


def work_rows(rows, *, today: datetime.date) -> list[WorkRow]:
    """The tuples of `pair_rows` (already a page of them) made into WorkRows, with their tasks,
    directives, units and the next report of each (unit, directive). Three queries."""
    from reports.periods.models import ReportingObligation, ReportingPeriod
    from units.models import Unit

    rows = list(rows)
    if not rows:
        return []
    tasks = Task.objects.select_related("directive").in_bulk({row[0] for row in rows})
    units = Unit.objects.in_bulk({row[1] for row in rows})
    next_report = {}
    obligations = (
        ReportingObligation.objects.filter(
            unit_id__in=units,
            period__status=ReportingPeriod.Status.OPEN,
            period__directive_id__in={task.directive_id for task in tasks.values()},
        )
        .select_related("period")
        .order_by("period__due_on", "period_id")
    )
    for obligation in obligations:
        next_report.setdefault((obligation.unit_id, obligation.period.directive_id), obligation)
    result = []
    for task_id, unit_id, role, status, soon, *_rest in rows:
        task = tasks[task_id]
        result.append(
            WorkRow(
                task=task,
                unit=units[unit_id],
                role=role,
                status=status,
                due_soon_window=soon,
                next_report=next_report.get((unit_id, task.directive_id)),
            )
        )
    return result


def directives_in_force(today: datetime.date):
    return Directive.objects.filter(status=DirectiveStatus.PUBLISHED).filter(
        Q(in_force_until__isnull=True) | Q(in_force_until__gte=today)
    )

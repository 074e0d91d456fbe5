"""The five statuses of a (task, unit): the database's counts against a plain Python computation
over generated data, and the boundaries one by one."""

import datetime
import random
from collections import Counter

import pytest

from directives.models import Task, TaskCoordination
from reports.monitoring import statuses
from reports.monitoring.statuses import Role, Scope, TaskStatus
from reports.submissions.models import ReportStatus, TaskAnswer, TaskProgress, UnitReport
from tests.conftest import make_unit
from tests.reports.dashboard_data import add_unit, at, make_directive, make_period
from units.models import UnitGroup

TODAY = datetime.date(2026, 6, 15)
D = datetime.date


def _report(period, unit, status, *, entries=()):
    submitted = None if status == ReportStatus.DRAFT else at(period.due_on)
    report = UnitReport.objects.create(
        period=period,
        unit=unit,
        status=status,
        first_submitted_at=submitted,
        submitted_at=submitted,
    )
    for task, progress, completed_on in entries:
        TaskProgress.objects.create(
            report=report,
            task=task,
            status=progress,
            results="Kết quả.",
            completed_on=completed_on,
        )
    # Made here, not through the workflow, which keeps the units' answers itself.
    TaskAnswer.objects.refresh(unit_ids=[unit.pk], directive_ids=[period.directive_id])
    return report


def _status(task, unit, *, today=TODAY, roles=(Role.LEAD,)):
    scope = Scope(on=today, directive_ids=frozenset({task.directive_id}), roles=roles)
    rows = [row for row in statuses.pair_rows(scope, today=today) if row[:2] == (task.pk, unit.pk)]
    assert len(rows) == 1, rows
    return rows[0][3]


# ---- the boundaries ------------------------------------------------------------------------


@pytest.fixture
def one(db):
    """A directive whose task 2.1 is due 31/05/2026, a unit leading it, two periods."""
    directive = make_directive()
    directive.t21.deadline = D(2026, 5, 31)
    directive.t21.save()
    first = make_period(directive, due_on=D(2026, 3, 31), starts_on=D(2026, 1, 1))
    second = make_period(directive, due_on=D(2026, 6, 10), starts_on=D(2026, 4, 1))
    unit = add_unit(first, "a", tasks=[directive.t21])
    return directive, first, second, unit


def test_completed_on_the_deadline_day_is_on_time(one):
    directive, first, _second, unit = one
    _report(
        first, unit, ReportStatus.ACCEPTED, entries=[(directive.t21, "completed", D(2026, 5, 31))]
    )
    assert _status(directive.t21, unit) == TaskStatus.ON_TIME


def test_completed_the_day_after_is_late(one):
    directive, first, _second, unit = one
    _report(
        first, unit, ReportStatus.ACCEPTED, entries=[(directive.t21, "completed", D(2026, 6, 1))]
    )
    assert _status(directive.t21, unit) == TaskStatus.LATE


def test_the_stated_date_counts_not_the_date_of_the_report(one):
    # The report was sent on 10/06, after the deadline; the unit says it finished on 20/05.
    directive, _first, second, unit = one
    _report(
        second, unit, ReportStatus.SUBMITTED, entries=[(directive.t21, "completed", D(2026, 5, 20))]
    )
    assert _status(directive.t21, unit) == TaskStatus.ON_TIME


def test_unfinished_before_and_after_the_deadline(one):
    directive, first, _second, unit = one
    _report(first, unit, ReportStatus.ACCEPTED, entries=[(directive.t21, "in_progress", None)])
    assert _status(directive.t21, unit, today=D(2026, 5, 31)) == TaskStatus.IN_PROGRESS
    assert _status(directive.t21, unit, today=D(2026, 6, 1)) == TaskStatus.OVERDUE


def test_no_answer_is_judged_by_the_deadline(one):
    directive, _first, _second, unit = one
    assert _status(directive.t21, unit, today=D(2026, 5, 1)) == TaskStatus.IN_PROGRESS
    assert _status(directive.t21, unit, today=D(2026, 6, 1)) == TaskStatus.OVERDUE


def test_no_deadline(one):
    directive, first, _second, unit = one
    directive.t22.lead_units.add(unit)
    _report(
        first, unit, ReportStatus.ACCEPTED, entries=[(directive.t22, "completed", D(2027, 1, 1))]
    )
    assert _status(directive.t22, unit) == TaskStatus.ON_TIME
    # Not completed and no deadline: never overdue.
    other = add_unit(first, "b", tasks=[directive.t22])
    assert _status(directive.t22, other, today=D(2030, 1, 1)) == TaskStatus.IN_PROGRESS


def test_recurring_task_is_ongoing_whatever_the_answer(one):
    directive, first, _second, unit = one
    Task.objects.filter(pk=directive.t1.pk).update(recurring=True)
    _report(
        first, unit, ReportStatus.ACCEPTED, entries=[(directive.t1, "completed", D(2026, 1, 5))]
    )
    assert _status(directive.t1, unit) == TaskStatus.ONGOING
    # "Carried out regularly" on a task with no deadline is ongoing too.
    directive.t22.lead_units.add(unit)
    _report(first.__class__.objects.exclude(pk=first.pk).get(), unit, ReportStatus.SUBMITTED,
            entries=[(directive.t22, "regular", None)])  # fmt: skip
    assert _status(directive.t22, unit) == TaskStatus.ONGOING


def test_returned_and_draft_reports_are_ignored(one):
    directive, first, second, unit = one
    _report(first, unit, ReportStatus.ACCEPTED, entries=[(directive.t21, "in_progress", None)])
    _report(
        second, unit, ReportStatus.RETURNED, entries=[(directive.t21, "completed", D(2026, 5, 1))]
    )
    assert _status(directive.t21, unit) == TaskStatus.OVERDUE
    UnitReport.objects.filter(period=second).update(status=ReportStatus.DRAFT)
    TaskAnswer.objects.refresh(unit_ids=[unit.pk])
    assert _status(directive.t21, unit) == TaskStatus.OVERDUE


def test_latest_accepted_wins_over_a_later_submitted_one(one):
    directive, first, second, unit = one
    _report(
        first, unit, ReportStatus.ACCEPTED, entries=[(directive.t21, "completed", D(2026, 3, 1))]
    )
    _report(second, unit, ReportStatus.SUBMITTED, entries=[(directive.t21, "in_progress", None)])
    assert _status(directive.t21, unit) == TaskStatus.ON_TIME


def test_latest_submitted_when_none_is_accepted(one):
    directive, first, second, unit = one
    _report(first, unit, ReportStatus.SUBMITTED, entries=[(directive.t21, "in_progress", None)])
    _report(
        second, unit, ReportStatus.SUBMITTED, entries=[(directive.t21, "completed", D(2026, 6, 5))]
    )
    assert _status(directive.t21, unit) == TaskStatus.LATE


def test_of_two_accepted_the_later_period_wins(one):
    directive, first, second, unit = one
    _report(first, unit, ReportStatus.ACCEPTED, entries=[(directive.t21, "in_progress", None)])
    _report(
        second, unit, ReportStatus.ACCEPTED, entries=[(directive.t21, "completed", D(2026, 5, 2))]
    )
    assert _status(directive.t21, unit) == TaskStatus.ON_TIME


def test_a_completed_entry_without_a_date_counts_the_end_of_its_period(one):
    directive, first, second, unit = one
    _report(second, unit, ReportStatus.ACCEPTED, entries=[(directive.t21, "completed", None)])
    # The second period ends on 10/06, after the deadline.
    assert _status(directive.t21, unit) == TaskStatus.LATE
    UnitReport.objects.filter(period=second).update(period=first)
    TaskAnswer.objects.refresh(unit_ids=[unit.pk])
    assert _status(directive.t21, unit) == TaskStatus.ON_TIME


def test_a_unit_leading_directly_and_through_a_group_is_one_pair(one):
    directive, _first, _second, unit = one
    directive.t1.lead_units.add(unit)  # also in the group that leads task 1
    scope = Scope(on=TODAY, directive_ids=frozenset({directive.pk}))
    pairs = [row[:2] for row in statuses.pair_rows(scope, today=TODAY)]
    assert pairs.count((directive.t1.pk, unit.pk)) == 1
    counts = statuses.counts_by_directive(scope, today=TODAY)[directive.pk]
    assert counts.total == len(pairs) == 2  # tasks 1 and 2.1; the heading 2 is not a pair


def test_a_unit_in_two_groups_of_a_task_is_one_pair(one):
    directive, first, _second, unit = one
    other = add_unit(first, "other")  # in the directive's group only
    second_group = UnitGroup.objects.create(code="nhan-them", name="Nơi nhận thêm")
    second_group.units.add(unit)
    directive.t1.lead_groups.add(second_group)
    TaskCoordination.objects.create(task=directive.t1, unit=unit)  # a lead already: no pair
    scope = Scope(
        on=TODAY, directive_ids=frozenset({directive.pk}), roles=(Role.LEAD, Role.COORDINATING)
    )
    pairs = [row[:3] for row in statuses.pair_rows(scope, today=TODAY)]
    assert pairs.count((directive.t1.pk, unit.pk, Role.LEAD)) == 1
    assert (directive.t1.pk, other.pk, Role.LEAD) in pairs
    assert len(pairs) == len(set(pairs)) == 3  # a: 1 and 2.1; other: 1
    counts = statuses.counts_by_directive(scope, today=TODAY)[directive.pk]
    assert counts.total == 3
    assert statuses.counts_by_task(scope, today=TODAY)[directive.t1.pk].total == 2
    assert sum(statuses.work_tally(scope, today=TODAY).rows.values()) == 3


def test_coordination_is_listed_but_not_counted(one):
    directive, first, _second, unit = one
    helper = add_unit(first, "helper")
    TaskCoordination.objects.create(task=directive.t21, unit=helper)
    scope = Scope(
        on=TODAY, directive_ids=frozenset({directive.pk}), roles=(Role.LEAD, Role.COORDINATING)
    )
    roles = {row[:3] for row in statuses.pair_rows(scope, today=TODAY)}
    assert (directive.t21.pk, helper.pk, Role.COORDINATING) in roles
    counts = statuses.counts_by_directive(scope, today=TODAY)[directive.pk]
    assert counts.total == 3  # a: 1 and 2.1; helper: 1 (through the group)


def _coordinating_status(task, unit, scope):
    rows = [
        r
        for r in statuses.pair_rows(scope, today=TODAY)
        if r[:3] == (task.pk, unit.pk, Role.COORDINATING)
    ]
    assert len(rows) == 1, rows
    return rows[0][3]


def test_a_coordinating_unit_takes_the_status_its_leading_units_give_the_task(one):
    directive, first, second, unit = one
    helper = make_unit("helper")  # in no group: it leads nothing
    TaskCoordination.objects.create(task=directive.t21, unit=helper)
    TaskCoordination.objects.create(task=directive.t22, unit=helper)  # nobody leads 2.2
    both = (Role.LEAD, Role.COORDINATING)
    every = Scope(on=TODAY, directive_ids=frozenset({directive.pk}), roles=both)
    own = Scope(on=TODAY, unit_ids=frozenset({helper.pk}), roles=both)  # its home

    def seen():
        """The helper's status on 2.1 in every list: all pairs, its home, the tally's pages."""
        found = {_coordinating_status(directive.t21, helper, s) for s in (every, own)}
        tally = statuses.work_tally(every, today=TODAY)
        paged = statuses.StatusOrderedRows(every, tally, today=TODAY)
        found |= {r[3] for r in paged[0 : paged.count()] if r[:2] == (directive.t21.pk, helper.pk)}
        assert len(found) == 1, found
        return found.pop()

    # Due 31/05, today 15/06, the leading unit has not answered: overdue for both.
    assert _status(directive.t21, unit) == seen() == TaskStatus.OVERDUE
    _report(
        first, unit, ReportStatus.ACCEPTED, entries=[(directive.t21, "completed", D(2026, 5, 31))]
    )
    assert _status(directive.t21, unit) == seen() == TaskStatus.ON_TIME
    # A second leading unit without an answer: not done until every leading unit is done.
    late_comer = add_unit(first, "b", tasks=[directive.t21])
    assert _status(directive.t21, late_comer) == seen() == TaskStatus.OVERDUE
    _report(
        first,
        late_comer,
        ReportStatus.SUBMITTED,
        entries=[(directive.t21, "completed", D(2026, 6, 2))],
    )
    assert seen() == TaskStatus.LATE  # the least advanced of on time and late
    # Nobody leads 2.2 (no deadline): judged by the deadline alone, as its own.
    assert _coordinating_status(directive.t22, helper, every) == TaskStatus.IN_PROGRESS
    # Filtered by status, the helper's row goes with the status it shows.
    late_only = Scope(**{**own.__dict__, "statuses": (TaskStatus.LATE,)})
    assert [r[:2] for r in statuses.pair_rows(late_only, today=TODAY)] == [
        (directive.t21.pk, helper.pk)
    ]
    # Coordination is listed, never counted.
    assert statuses.counts_by_directive(every, today=TODAY)[directive.pk].total == 4


def test_an_ended_assignment_is_not_a_pair(one):
    directive, _first, _second, unit = one
    Task.lead_units.through.objects.filter(task=directive.t21, unit=unit).update(
        valid_to=D(2026, 1, 31)
    )
    scope = Scope(on=TODAY, directive_ids=frozenset({directive.pk}))
    assert (directive.t21.pk, unit.pk) not in {
        row[:2] for row in statuses.pair_rows(scope, today=TODAY)
    }


def test_due_soon_flag(one):
    directive, _first, _second, unit = one
    scope = Scope(on=TODAY, directive_ids=frozenset({directive.pk}))
    counts = statuses.counts_by_directive(scope, today=D(2026, 5, 25), soon_days=7)
    assert counts[directive.pk].due_soon == 1
    counts = statuses.counts_by_directive(scope, today=D(2026, 5, 23), soon_days=7)
    assert counts[directive.pk].due_soon == 0


# ---- generated data against a plain Python computation -------------------------------------


def _expected(task, answer, today):
    """The rule as the issue states it, written again without the database."""
    if task.recurring:
        return TaskStatus.ONGOING
    if answer is not None:
        status, done_on = answer
        if status == "completed":
            if task.deadline is None or done_on <= task.deadline:
                return TaskStatus.ON_TIME
            return TaskStatus.LATE
        if status == "regular" and task.deadline is None:
            return TaskStatus.ONGOING
    if task.deadline is not None and task.deadline < today:
        return TaskStatus.OVERDUE
    return TaskStatus.IN_PROGRESS


def _generate(seed: int):
    rng = random.Random(seed)
    directives = [make_directive() for _ in range(3)]
    units = []
    for directive in directives:
        periods = [
            make_period(directive, due_on=D(2025, 6, 30), starts_on=D(2025, 1, 1)),
            make_period(directive, due_on=D(2025, 12, 31), starts_on=D(2025, 7, 1)),
            make_period(directive, due_on=D(2026, 6, 30), starts_on=D(2026, 1, 1)),
        ]
        directive.periods_made = periods
        for task in (directive.t1, directive.t21, directive.t22):
            choice = rng.choice(["recurring", "none", "past", "soon", "far", "today"])
            task.recurring = choice == "recurring"
            task.deadline = {
                "past": D(2025, 10, 1),
                "soon": TODAY + datetime.timedelta(days=3),
                "far": D(2027, 1, 1),
                "today": TODAY,
            }.get(choice)
            task.save()
        for i in range(8):
            unit = add_unit(periods[0], f"{directive.slug}-u{i}")
            units.append(unit)
            for task in (directive.t21, directive.t22):
                if rng.random() < 0.5:
                    task.lead_units.add(unit)
            for period in periods:
                leads = [directive.t1] + [
                    t for t in (directive.t21, directive.t22) if t.lead_units.filter(pk=unit.pk)
                ]
                state = rng.choice(["none", "draft", "submitted", "returned", "accepted"])
                if state == "none":
                    continue
                entries = []
                for task in leads:
                    status = rng.choice(["completed", "in_progress", "not_started", "regular"])
                    done = None
                    if status == "completed" and rng.random() < 0.85:
                        done = task.deadline or D(2026, 1, 1)
                        done += datetime.timedelta(days=rng.choice([-30, -1, 0, 0, 1, 40]))
                    entries.append((task, status, done))
                _report(period, unit, state, entries=entries)
    # A unit of the first directive's group leading task 2.1 of the second directive too.
    directives[1].t21.lead_units.add(units[0])
    return directives


def _python_statuses(directives, today):
    """(task id, unit id) -> status of every leading pair, from plain reads of the tables."""
    result = {}
    for directive in directives:
        for task in Task.objects.filter(directive=directive):
            if task.children.exists():
                continue
            leads = {u.pk for u in task.lead_units.all()}
            for group in task.lead_groups.all():
                leads |= {u.pk for u in group.units.all()}
            for unit_id in leads:
                entries = [
                    e
                    for e in TaskProgress.objects.filter(
                        task=task, report__unit_id=unit_id
                    ).select_related("report__period")
                    if e.report.status in ("accepted", "submitted") and e.status
                ]
                accepted = [e for e in entries if e.report.status == "accepted"]
                pool = accepted or entries
                answer = None
                if pool:
                    latest = max(pool, key=lambda e: (e.report.period.ends_on, e.report_id))
                    answer = (latest.status, latest.completed_on or latest.report.period.ends_on)
                result[(task.pk, unit_id)] = _expected(task, answer, today)
    return result


def _python_counts(directives, today):
    """Directive id -> Counter of statuses, from plain reads of the tables."""
    by_task = {t.pk: t.directive_id for t in Task.objects.filter(directive__in=directives)}
    result = {directive.pk: Counter() for directive in directives}
    for (task_id, _unit), status in _python_statuses(directives, today).items():
        result[by_task[task_id]][status] += 1
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_equal_a_plain_computation(db, seed):
    directives = _generate(seed)
    expected = _python_counts(directives, TODAY)
    scope = Scope(on=TODAY, directive_ids=frozenset(d.pk for d in directives))
    got = statuses.counts_by_directive(scope, today=TODAY)
    for directive in directives:
        assert dict(got[directive.pk].counts) == {k: v for k, v in expected[directive.pk].items()}
    # Across directives: the same, summed; and the rows of the list say the same.
    total = statuses.counts_total(got)
    assert total.counts == dict(sum(expected.values(), Counter()))
    rows = list(statuses.pair_rows(scope, today=TODAY))
    assert Counter(row[3] for row in rows) == sum(expected.values(), Counter())
    # Every status occurs in the generated data of at least one seed (checked by hand: each
    # seed's directive mix draws recurring, past and future deadlines).
    assert len(total.counts) >= 3


def test_across_every_directive_in_force(db):
    directives = _generate(4)
    expected = sum(_python_counts(directives, TODAY).values(), Counter())
    ended = directives[2]
    ended.in_force_until = D(2026, 1, 1)
    ended.save()
    expected -= _python_counts([ended], TODAY)[ended.pk]
    got = statuses.counts_total(statuses.counts_by_directive(Scope(on=TODAY), today=TODAY))
    assert got.counts == {k: v for k, v in expected.items() if v}


@pytest.mark.parametrize("seed", [5, 6])
def test_a_status_filter_selects_exactly_the_rows_of_that_status(db, seed):
    directives = _generate(seed)
    roles = (Role.LEAD, Role.COORDINATING)
    scope = Scope(on=TODAY, directive_ids=frozenset(d.pk for d in directives), roles=roles)
    every = list(statuses.pair_rows(scope, today=TODAY))
    seen = set()
    for status in TaskStatus.ORDER:
        only = Scope(**{**scope.__dict__, "statuses": (status,)})
        rows = list(statuses.pair_rows(only, today=TODAY))
        assert rows == [row for row in every if row[3] == status]
        seen |= {status} if rows else set()
    assert len(seen) >= 3
    two = Scope(**{**scope.__dict__, "statuses": (TaskStatus.OVERDUE, TaskStatus.ON_TIME)})
    assert list(statuses.pair_rows(two, today=TODAY)) == [
        row for row in every if row[3] in two.statuses
    ]


@pytest.mark.parametrize("size", [1, 7, 50])
def test_the_pages_cut_the_list_in_order_whatever_their_size(db, size):
    directives = _generate(7)
    roles = (Role.LEAD, Role.COORDINATING)
    scope = Scope(on=TODAY, directive_ids=frozenset(d.pk for d in directives), roles=roles)
    every = list(statuses.pair_rows(scope, today=TODAY))
    tally = statuses.work_tally(scope, today=TODAY)
    assert tally.rows == dict(Counter(row[3] for row in every))
    assert tally.counts.counts == dict(Counter(r[3] for r in every if r[2] == Role.LEAD))
    rows = statuses.StatusOrderedRows(scope, tally, today=TODAY)
    assert rows.count() == len(every) > size
    pages = []
    for start in range(0, len(every), size):
        pages += list(rows[start : start + size])
    assert pages == every
    assert list(rows[len(every) : len(every) + size]) == []


def test_coordinating_units_follow_the_least_advanced_leading_unit(db):
    directives = _generate(8)
    helpers = [make_unit(f"giup-{i}") for i in range(3)]
    for directive in directives:
        for i, task in enumerate((directive.t1, directive.t21, directive.t22)):
            TaskCoordination.objects.create(task=task, unit=helpers[i])
            TaskCoordination.objects.create(task=task, unit=helpers[(i + 1) % 3])
    leads = _python_statuses(directives, TODAY)
    expected = {}
    for directive in directives:
        for task in (directive.t1, directive.t21, directive.t22):
            task.refresh_from_db()
            own = [s for (t, _u), s in leads.items() if t == task.pk]
            status = min(own) if own else _expected(task, None, TODAY)
            for coordination in TaskCoordination.objects.filter(task=task):
                expected[(task.pk, coordination.unit_id)] = status
    both = (Role.LEAD, Role.COORDINATING)
    every = Scope(on=TODAY, directive_ids=frozenset(d.pk for d in directives), roles=both)
    got = {r[:2]: r[3] for r in statuses.pair_rows(every, today=TODAY) if r[2] == Role.COORDINATING}
    assert got == expected
    # Each helper's own list (its home) says the same; so do the pages of the whole list.
    for helper in helpers:
        home = Scope(on=TODAY, unit_ids=frozenset({helper.pk}), roles=both)
        mine = {r[:2]: r[3] for r in statuses.pair_rows(home, today=TODAY)}
        assert mine == {k: v for k, v in expected.items() if k[1] == helper.pk}
    tally = statuses.work_tally(every, today=TODAY)
    pages = statuses.StatusOrderedRows(every, tally, today=TODAY)
    assert list(pages[0 : pages.count()]) == list(statuses.pair_rows(every, today=TODAY))
    assert len(set(expected.values())) >= 2

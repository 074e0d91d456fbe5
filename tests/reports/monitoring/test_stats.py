import datetime

import pytest

from reports.monitoring import stats
from reports.monitoring.models import Reminder
from reports.monitoring.stats import Bucket, CellStatus, Timeliness
from tests.reports.dashboard_data import (
    TODAY,
    add_units,
    at,
    make_period,
    make_report,
    make_state_period,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return make_state_period()


def rows_by_code(period, today=TODAY):
    return {row.unit.code: row for row in stats.unit_rows(period, today=today)}


def test_each_unit_gets_its_timeliness_and_days_late(data):
    rows = rows_by_code(data["period"])

    assert rows["on-time"].timeliness == Timeliness.ON_TIME
    assert rows["on-time"].days_late == 0
    assert rows["late"].timeliness == Timeliness.LATE
    assert rows["late"].days_late == 5  # 5/4 against 31/3
    assert rows["extended"].timeliness == Timeliness.NOT_YET_DUE
    assert rows["extended"].due_on == datetime.date(2026, 4, 20)
    assert rows["extended"].original_due_on == datetime.date(2026, 3, 31)
    assert rows["extended"].has_extension
    assert rows["returned"].timeliness == Timeliness.ON_TIME
    assert rows["returned"].report_status == "returned"
    assert rows["draft"].timeliness == Timeliness.OVERDUE
    assert rows["draft"].days_late == 10
    assert rows["silent"].timeliness == Timeliness.OVERDUE
    assert rows["silent"].report_status == stats.NO_REPORT
    assert rows["silent"].report_id is None


def test_an_extension_turns_overdue_once_it_passes(data):
    rows = rows_by_code(data["period"], today=datetime.date(2026, 4, 22))

    assert rows["extended"].timeliness == Timeliness.OVERDUE
    assert rows["extended"].days_late == 2


def test_counts_partition_the_units_and_count_workflow_states_beside(data):
    counts = stats.status_counts(data["period"], today=TODAY)

    assert counts.as_dict() == {
        "total": 6,
        Bucket.ON_TIME: 2,  # on-time, returned
        Bucket.LATE: 1,
        Bucket.NOT_YET_DUE: 1,
        Bucket.OVERDUE: 2,
        Bucket.RETURNED: 1,
        Bucket.ACCEPTED: 1,
    }
    assert sum(line.count for line in counts.timeliness) == counts.total
    assert counts[Bucket.OVERDUE].share == pytest.approx(2 / 6)
    assert counts[Bucket.OVERDUE].percent == 33


def test_only_units_whose_report_is_with_them_can_be_reminded(data):
    rows = rows_by_code(data["period"])

    remindable = {code for code, row in rows.items() if row.can_be_reminded}
    assert remindable == {"extended", "returned", "draft", "silent"}


def test_last_reminder_is_the_latest_per_unit(data):
    unit = data["units"]["silent"]
    for day in (datetime.date(2026, 4, 2), datetime.date(2026, 4, 8)):
        Reminder.objects.create(
            period=data["period"],
            unit=unit,
            kind="manual",
            message="x",
            sent_at=at(day),
            sent_on=day,
        )

    rows = rows_by_code(data["period"])

    assert rows["silent"].last_reminder_at == at(datetime.date(2026, 4, 8))
    assert rows["silent"].reminder_count == 2
    assert rows["draft"].last_reminder_at is None


def test_matrix_has_the_tree_and_a_cell_per_unit_for_leaves(data):
    matrix = stats.task_matrix(data["period"])

    assert [(row.task.number, row.depth, row.is_leaf) for row in matrix.rows] == [
        ("1", 0, True),
        ("2", 0, False),
        ("2.1", 1, True),
        ("2.2", 1, True),
    ]
    # Grouped by kind in declaration order: party delegation, front, then district committees.
    assert [group.kind for group in matrix.groups] == ["dd", "mttq", "huyen"]
    codes = [unit.code for unit in matrix.units]
    cells = {
        row.task.number: dict(zip(codes, (c.status for c in row.cells), strict=True))
        for row in matrix.leaf_rows
    }
    assert cells["1"] == {
        "late": CellStatus.REGULAR,
        "returned": CellStatus.NOT_STARTED,
        "on-time": CellStatus.COMPLETED,
        "extended": CellStatus.NOT_REPORTED,
        "draft": CellStatus.NOT_REPORTED,  # a draft is not yet the unit's word
        "silent": CellStatus.NOT_REPORTED,
    }
    assert cells["2.1"]["on-time"] == CellStatus.IN_PROGRESS
    assert cells["2.1"]["draft"] == CellStatus.NOT_ASSIGNED
    assert cells["2.2"]["late"] == CellStatus.NOT_REPORTED  # accepted without an entry


def test_matrix_counts_per_task(data):
    matrix = stats.task_matrix(data["period"])
    counts = {row.task.number: row.counts for row in matrix.leaf_rows}

    assert counts["1"] == {
        "completed": 1,
        "regular": 1,
        "in_progress": 0,
        "not_started": 1,
        "not_reported": 3,
    }
    assert counts["2.1"] == {
        "completed": 0,
        "regular": 0,
        "in_progress": 1,
        "not_started": 0,
        "not_reported": 0,
    }
    assert matrix.totals()["not_reported"] == 4


def test_trend_follows_periods_in_order(data):
    earlier = make_period(data["directive"], name="Kỳ trước", due_on=datetime.date(2025, 12, 31))
    stats_unit = data["units"]["on_time"]
    from reports.periods.models import ReportingObligation

    ReportingObligation.objects.create(period=earlier, unit=stats_unit)
    make_report(
        earlier,
        stats_unit,
        status="submitted",
        submitted_on=datetime.date(2025, 12, 1),
        entries={data["directive"].t1: "completed", data["directive"].t21: "completed"},
    )

    points = stats.period_trend(data["directive"])

    assert [p.period.name for p in points] == ["Kỳ trước", data["period"].name]
    assert (points[0].units, points[0].on_time, points[0].completion_percent) == (1, 1, 100)
    now = points[1]
    assert (now.units, now.on_time, now.late, now.not_submitted) == (6, 2, 1, 3)
    # 6 units x task 1, plus 2.1 (on-time) and 2.2 (late): 8 cells; 1 completed, 1 regular,
    # never added together (issue 12.12).
    assert (now.assigned_cells, now.completed_cells, now.regular_cells) == (8, 1, 1)


@pytest.mark.parametrize("extra", [0, 27])
def test_query_counts_do_not_grow_with_units(data, extra, django_assert_num_queries):
    add_units(data["period"], extra)
    period = data["period"]

    # obligations+units, reports, reminders
    with django_assert_num_queries(3):
        stats.status_counts(period, today=TODAY)
    # tasks, direct leads, group leads, units, reports, entries
    with django_assert_num_queries(6):
        stats.task_matrix(period)
    # periods, tasks, direct leads, group leads, obligations, reports, completed entries
    with django_assert_num_queries(7):
        stats.period_trend(data["directive"])


def test_an_ongoing_task_said_completed_counts_as_carried_out_regularly(data):
    # Task 1 becomes "thường xuyên": on-time's "completed" on it cannot mean done for good.
    task_1 = data["directive"].t1
    task_1.recurring = True
    task_1.save()

    matrix = stats.task_matrix(data["period"])
    [point] = stats.period_trend(data["directive"])
    [summary] = stats.latest_period_summaries([data["directive"]], today=TODAY)

    row = next(r for r in matrix.leaf_rows if r.task.pk == task_1.pk)
    assert (row.counts["completed"], row.counts["regular"]) == (0, 2)
    assert (point.completed_cells, point.regular_cells) == (0, 2)
    assert (summary.completed_cells, summary.regular_cells) == (0, 2)
    assert summary.completion_percent == 0 and summary.regular_percent == 25


def test_indicator_sums_count_each_unit_once_whatever_its_tasks(data):
    add_units(data["period"], 4)  # each: 2 conferences, 3 sessions under 2.1

    figures = stats.period_indicators(data["period"])

    lines = {line.indicator.code: line for line in figures.lines}
    assert (lines["hoi-nghi"].total, lines["hoi-nghi"].units) == (3 + 5 + 4 * 2, 6)
    assert lines["hoi-nghi"].accepted_total == 5
    assert (lines["buoi"].total, lines["buoi"].units) == (4 + 4 * 3, 5)
    assert [line.indicator.code for line in figures.report_lines] == ["hoi-nghi"]
    assert [line.indicator.code for line in figures.task_lines(data["directive"].t21.pk)] == [
        "buoi"
    ]
    late = data["units"]["late"].pk
    assert figures.unit_values(late, include_submitted=False) == {
        data["directive"].conferences.pk: 5
    }
    on_time = data["units"]["on_time"].pk
    assert figures.unit_values(on_time, include_submitted=False) == {}

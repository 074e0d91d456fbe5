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
    # 6 units x task 1, plus 2.1 (on-time) and 2.2 (late): 8 cells; completed + regular: 2.
    assert (now.assigned_cells, now.completed_cells) == (8, 2)


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

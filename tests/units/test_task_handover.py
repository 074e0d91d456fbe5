"""Unit events pass task assignments on as dated rows: the old unit's end the day before the
event, the successor's start on it. Periods read the assignments in force on their due date, so
a period due before the event keeps the units the directive named, a later one (or one that
straddles the event) asks the successors; a unit that sent its report before it ended keeps it.
Nothing that existed is lost: reports, revisions, evidence and documents are counted."""

import datetime

import pytest

from directives.models import TaskCoordination, TaskLead
from reports.consolidated.models import ConsolidatedReport
from reports.monitoring import stats
from reports.periods.models import ReportingObligation
from reports.periods.services import default_period_units
from reports.submissions.models import Evidence, ReportRevision, ReportStatus, UnitReport
from reports.submissions.services import reportable_tasks
from tests.conftest import make_unit
from tests.reports.dashboard_data import make_directive, make_period, make_report
from units.models import UnitKind
from units.services import NewUnit, unit_end, unit_merge, unit_rename, unit_split

REFORM = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2025, 6, 30)

pytestmark = pytest.mark.django_db


def new(code):
    return NewUnit(code=code, name=f"Ban {code}", short_name=code, symbol=code.upper(), kind="tmtu")


def counts():
    return (
        UnitReport.objects.count(),
        ReportRevision.objects.count(),
        Evidence.objects.count(),
        ConsolidatedReport.objects.count(),
    )


def leads(task, day):
    return {u.code for u in task.assigned_units(on=day)}


@pytest.fixture
def setting():
    """a leads 2.1 and is in the group of task 1; b leads 2.2 and coordinates 2.1.
    Periods: early (due before the event), straddling (01/01-31/12/2025, due 15/12/2025)."""
    directive = make_directive()
    a, b = make_unit("a"), make_unit("b")
    directive.group.units.add(a)
    TaskLead.objects.create(task=directive.t21, unit=a)
    TaskLead.objects.create(task=directive.t22, unit=b)
    TaskCoordination.objects.create(task=directive.t21, unit=b)
    early = make_period(directive, due_on=datetime.date(2025, 3, 31), name="Quý I/2025")
    straddling = make_period(
        directive,
        due_on=datetime.date(2025, 12, 15),
        name="Năm 2025",
        starts_on=datetime.date(2025, 1, 1),
    )
    for period in (early, straddling):
        for unit in (a, b):
            ReportingObligation.objects.create(period=period, unit=unit)
    make_report(early, a, status=ReportStatus.ACCEPTED, submitted_on=datetime.date(2025, 3, 20))
    make_report(early, b, status=ReportStatus.ACCEPTED, submitted_on=datetime.date(2025, 3, 21))
    return directive, a, b, early, straddling


def test_a_merger_passes_the_tasks_on_from_its_date(setting):
    directive, a, b, early, straddling = setting
    before = counts()

    unit_merge(units=[a, b], into=new("ab"), effective_on=REFORM)

    assert counts() == before
    row = TaskLead.objects.get(task=directive.t21, unit=a)
    assert (row.valid_from, row.valid_to) == (None, BEFORE)
    assert TaskLead.objects.get(task=directive.t21, unit__code="ab").valid_from == REFORM
    # The successor takes the units' place in their group, and so task 1.
    assert directive.group.units.filter(code="ab").exists()
    assert TaskCoordination.objects.get(task=directive.t21, unit__code="ab").valid_from == REFORM
    assert TaskCoordination.objects.get(task=directive.t21, unit=b).valid_to == BEFORE
    directive.t21.refresh_from_db()
    assert leads(directive.t21, BEFORE) == {"a"}
    assert leads(directive.t21, REFORM) == {"ab"}
    assert leads(directive.t1, BEFORE) == {"a"}
    assert leads(directive.t1, REFORM) == {"ab"}


def test_the_matrix_of_each_period_shows_the_units_of_its_date(setting):
    directive, a, b, early, straddling = setting
    unit_merge(units=[a, b], into=new("ab"), effective_on=REFORM)

    def assigned(period):
        matrix = stats.task_matrix(period)
        codes = [u.code for u in matrix.units]
        return {
            row.task.number: {
                codes[i] for i, cell in enumerate(row.cells) if cell.status != "not_assigned"
            }
            for row in matrix.leaf_rows
        }

    assert assigned(early) == {"1": {"a"}, "2.1": {"a"}, "2.2": {"b"}}
    # Straddling the event: due after it, so the successor answers for both units.
    assert {o.unit.code for o in straddling.obligations.all()} == {"ab"}
    assert assigned(straddling) == {"1": {"ab"}, "2.1": {"ab"}, "2.2": {"ab"}}
    a.refresh_from_db()
    # Had a been asked (it was not), it would answer for what it led on its last day.
    assert [t.number for t in reportable_tasks(period=straddling, unit=a)] == ["1", "2.1"]
    successor = straddling.units.get(code="ab")
    assert [t.number for t in reportable_tasks(period=straddling, unit=successor)] == [
        "1",
        "2.1",
        "2.2",
    ]
    trend = {p.period.name: p.assigned_cells for p in stats.period_trend(directive)}
    assert trend == {"Quý I/2025": 3, "Năm 2025": 3}


def test_a_report_sent_before_the_event_stays_with_its_tasks(setting):
    directive, a, b, early, straddling = setting
    make_report(
        straddling, a, status=ReportStatus.SUBMITTED, submitted_on=datetime.date(2025, 6, 1)
    )

    unit_merge(units=[a, b], into=new("ab"), effective_on=REFORM)

    matrix = stats.task_matrix(straddling)
    codes = [u.code for u in matrix.units]
    assert set(codes) == {"a", "ab"}
    row_21 = next(r for r in matrix.leaf_rows if r.task.number == "2.1")
    # a answered for 2.1 on its last day; the successor from the due date.
    assert row_21.cells[codes.index("a")].status != "not_assigned"
    assert row_21.cells[codes.index("ab")].status != "not_assigned"


def test_periods_opened_after_the_event_ask_the_successors_only(setting):
    directive, a, b, early, straddling = setting
    unit_merge(units=[a, b], into=new("ab"), effective_on=REFORM)

    assert {u.code for u in default_period_units(directive, BEFORE)} == {"a", "b"}
    assert {u.code for u in default_period_units(directive, REFORM)} == {"ab"}


def test_a_split_gives_each_task_to_the_successor_chosen(setting):
    directive, a, b, early, straddling = setting
    before = counts()

    unit_split(
        unit=b,
        into=[new("b1"), new("b2")],
        effective_on=REFORM,
        task_successor_codes={directive.t21.pk: "b2"},
    )

    assert counts() == before
    assert leads(directive.t22, REFORM) == {"b1"}  # the first by default
    assert {u.code for u in directive.t21.coordinators_on(REFORM)} == {"b2"}
    assert {u.code for u in directive.t21.coordinators_on(BEFORE)} == {"b"}
    assert {o.unit.code for o in straddling.obligations.all()} == {"a", "b1"}


def test_each_part_of_a_split_that_leads_a_task_is_asked(setting):
    directive, a, b, early, straddling = setting

    unit_split(
        unit=a,
        into=[new("a1"), new("a2")],
        effective_on=REFORM,
        task_successor_codes={directive.t21.pk: "a2"},
    )

    # a2 leads 2.1 from the split; a1, the first, takes the rest, and both joined the group.
    assert {o.unit.code for o in straddling.obligations.all()} == {"a1", "a2", "b"}
    a2 = straddling.units.get(code="a2")
    assert [t.number for t in reportable_tasks(period=straddling, unit=a2)] == ["1", "2.1"]
    assert {o.unit.code for o in early.obligations.all()} == {"a", "b"}


def test_an_end_without_successor_ends_its_tasks(setting):
    directive, a, b, early, straddling = setting
    before = counts()

    unit_end(unit=b, effective_on=REFORM)

    assert counts() == before
    assert leads(directive.t22, BEFORE) == {"b"}
    assert leads(directive.t22, REFORM) == set()
    assert {u.code for u in default_period_units(directive, REFORM)} == {"a"}


def test_an_end_with_a_successor_passes_the_tasks(setting):
    directive, a, b, early, straddling = setting
    province = make_unit("tinh", kind=UnitKind.DIRECT_COMMITTEE)

    unit_end(unit=a, effective_on=REFORM, successor=province)

    assert leads(directive.t1, REFORM) == {"tinh"}
    assert leads(directive.t21, REFORM) == {"tinh"}
    assert leads(directive.t21, BEFORE) == {"a"}


def test_a_rename_keeps_the_tasks_and_names_them_by_date(setting):
    directive, a, b, early, straddling = setting
    before = counts()

    unit_rename(unit=a, name="Ban A mới", short_name="A mới", symbol="AM", effective_on=REFORM)

    assert counts() == before
    assert leads(directive.t21, BEFORE) == leads(directive.t21, REFORM) == {"a"}
    a.refresh_from_db()
    assert a.name_on(BEFORE) == "Đơn vị a"
    assert a.name_on(REFORM) == "Ban A mới"


def test_the_next_period_asks_the_successor_of_a_unit_that_ended(setting):
    from reports.periods.services import period_next_values

    directive, a, b, early, straddling = setting
    first_half = make_period(
        directive,
        due_on=datetime.date(2025, 6, 30),
        name="6 tháng đầu năm 2025",
        starts_on=datetime.date(2025, 1, 1),
    )
    for unit in (a, b):
        ReportingObligation.objects.create(period=first_half, unit=unit)
    unit_merge(units=[a, b], into=new("ab"), effective_on=REFORM)

    values = period_next_values(first_half)

    assert values["due_on"] >= REFORM
    assert [u.code for u in values["units"]] == ["ab"]


def test_a_period_refuses_a_unit_not_in_force_on_its_due_date(setting):
    from django.core.exceptions import ValidationError

    from reports.periods.services import period_open

    directive, a, b, early, straddling = setting
    unit_end(unit=b, effective_on=REFORM)
    b.refresh_from_db()

    with pytest.raises(ValidationError) as caught:
        period_open(
            directive=directive,
            name="Năm 2026",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
            due_on=datetime.date(2026, 12, 15),
            units=[a, b],
            user=None,
        )

    assert (
        "ĐV b không còn hoạt động vào ngày hạn báo cáo 15/12/2026"
        in (caught.value.message_dict["units"][0])
    )
    assert not directive.periods.filter(name="Năm 2026").exists()


def test_the_period_form_no_longer_offers_a_unit_that_ended(setting):
    from reports.periods.services import period_unit_choices

    directive, a, b, early, straddling = setting
    unit_end(unit=b, effective_on=REFORM)

    assert "b" not in {u.code for u in period_unit_choices()}
    assert "b" in {u.code for u in period_unit_choices(early)}  # it reported there

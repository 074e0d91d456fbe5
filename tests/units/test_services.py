import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_unit, make_user
from units.models import Membership, Unit, UnitEvent, UnitEventKind, UnitKind
from units.services import NewUnit, unit_end, unit_merge, unit_rename, unit_split

REFORM = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2025, 6, 30)


def new(code, **fields):
    return NewUnit(
        code=code,
        name=fields.get("name", f"Ban {code}"),
        short_name=fields.get("short_name", code),
        symbol=fields.get("symbol", code.upper()),
        kind=fields.get("kind", UnitKind.ADVISORY_AGENCY),
    )


@pytest.mark.django_db
def test_rename_keeps_the_old_name_for_dates_before():
    unit = make_unit("btg", name="Ban Tuyên giáo Tỉnh ủy", symbol="BTGTU")
    event = unit_rename(
        unit=unit,
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        short_name="BTG&DV",
        symbol="BTGDVTU",
        effective_on=datetime.date(2025, 2, 1),
    )
    unit.refresh_from_db()
    assert unit.name_on(datetime.date(2025, 1, 31)) == "Ban Tuyên giáo Tỉnh ủy"
    assert unit.symbol_on(datetime.date(2025, 1, 31)) == "BTGTU"
    assert unit.name_on(datetime.date(2025, 2, 1)) == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert unit.symbol_on(None) == "BTGDVTU"
    assert event.kind == UnitEventKind.RENAME
    assert list(event.predecessors.all()) == [unit] == list(event.successors.all())


@pytest.mark.django_db
def test_rename_twice_on_the_same_day_is_refused_and_changes_nothing():
    unit = make_unit("btg", name="A")
    unit_rename(unit=unit, name="B", short_name="B", symbol="B", effective_on=REFORM)
    with pytest.raises(ValidationError):
        unit_rename(unit=unit, name="C", short_name="C", symbol="C", effective_on=REFORM)
    unit.refresh_from_db()
    assert unit.name == "B"
    assert UnitEvent.objects.count() == 1


@pytest.mark.django_db
def test_merge_creates_the_successor_ends_the_units_and_hands_over(directive_186):
    monitoring = directive_186.monitoring_unit
    other = make_unit("bdv", kind=UnitKind.ADVISORY_AGENCY)
    staff = make_user("canbo", monitoring)
    event = unit_merge(
        units=[monitoring, other], into=new("btgdv", symbol="BTGDVTU"), effective_on=REFORM
    )
    successor = Unit.objects.get(code="btgdv")
    assert successor.valid_from == REFORM
    assert set(successor.predecessors.all()) == {monitoring, other}
    for unit in (monitoring, other):
        unit.refresh_from_db()
        assert unit.valid_to == BEFORE
    directive_186.refresh_from_db()
    assert directive_186.monitoring_unit == successor
    # Moved, and the old membership stays as the record of who filed the old reports.
    assert set(Membership.objects.filter(user=staff).values_list("unit__code", flat=True)) == {
        monitoring.code,
        "btgdv",
    }
    assert set(event.predecessors.all()) == {monitoring, other}
    assert Unit.objects.count() >= 2  # nothing deleted


@pytest.mark.django_db
def test_merge_with_a_used_code_changes_nothing():
    a, b = make_unit("a"), make_unit("b")
    with pytest.raises(ValidationError):
        unit_merge(units=[a, b], into=new("a"), effective_on=REFORM)
    a.refresh_from_db()
    assert a.valid_to is None
    assert UnitEvent.objects.count() == 0


@pytest.mark.django_db
def test_merge_of_an_ended_unit_is_refused():
    a, b = make_unit("a", valid_to=datetime.date(2024, 12, 31)), make_unit("b")
    with pytest.raises(ValidationError):
        unit_merge(units=[a, b], into=new("ab"), effective_on=REFORM)
    assert not Unit.objects.filter(code="ab").exists()


@pytest.mark.django_db
def test_split_creates_each_successor():
    unit = make_unit("x")
    event = unit_split(unit=unit, into=[new("x1"), new("x2")], effective_on=REFORM)
    unit.refresh_from_db()
    assert unit.valid_to == BEFORE
    assert {u.code for u in event.successors.all()} == {"x1", "x2"}
    assert all(s.predecessors.get() == unit for s in event.successors.all())


@pytest.mark.django_db
def test_split_into_one_is_refused():
    unit = make_unit("x")
    with pytest.raises(ValidationError):
        unit_split(unit=unit, into=[new("x1")], effective_on=REFORM)
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_end_of_the_district_level():
    district = make_unit("huyen-a")
    province = make_unit("tinh", kind=UnitKind.DIRECT_COMMITTEE)
    user = make_user("huyen", district)
    event = unit_end(unit=district, effective_on=REFORM, successor=province, move_memberships=True)
    district.refresh_from_db()
    assert district.valid_to == BEFORE
    assert not district.is_valid_on(REFORM)
    assert list(event.successors.all()) == [province]
    assert Membership.objects.filter(user=user, unit=province).exists()


@pytest.mark.django_db
def test_end_refuses_itself_as_successor():
    unit = make_unit("x")
    with pytest.raises(ValidationError):
        unit_end(unit=unit, effective_on=REFORM, successor=unit)
    unit.refresh_from_db()
    assert unit.valid_to is None


@pytest.mark.django_db
def test_obligations_due_after_the_event_pass_to_the_successor_sent_reports_stay():
    from reports.periods.models import ReportingObligation
    from reports.submissions.models import ReportStatus
    from tests.reports.dashboard_data import make_directive, make_period, make_report

    directive = make_directive()
    old = make_period(directive, due_on=datetime.date(2025, 3, 31))
    sent = make_period(directive, due_on=datetime.date(2025, 12, 31), name="Sent")
    later = make_period(directive, due_on=datetime.date(2026, 3, 31), name="Later")
    a, b = make_unit("a"), make_unit("b")
    for period in (old, sent, later):
        for unit in (a, b):
            ReportingObligation.objects.create(period=period, unit=unit)
    report = make_report(
        sent, a, status=ReportStatus.SUBMITTED, submitted_on=datetime.date(2025, 6, 1)
    )
    unit_merge(units=[a, b], into=new("ab"), effective_on=REFORM)

    def asked(period):
        return set(period.obligations.values_list("unit__code", flat=True))

    assert asked(old) == {"a", "b"}  # due before the merger: the units as they were
    # a sent its report: it keeps it and its obligation; b's passes to the successor.
    assert asked(sent) == {"a", "ab"}
    # Both passed: the successor answers once, and b (no report there) is no longer asked.
    assert asked(later) == {"ab"}
    report.refresh_from_db()
    assert report.unit == a


@pytest.mark.django_db
def test_the_successors_staff_read_the_predecessors_reports_and_nobody_else_gains():
    from reports.submissions.access import report_permissions
    from tests.reports.dashboard_data import make_directive, make_period, make_report

    period = make_period(make_directive(), due_on=datetime.date(2025, 3, 31))
    a, b, c = make_unit("a"), make_unit("b"), make_unit("c")
    report = make_report(period, a)
    unit_merge(units=[a, b], into=new("ab"), effective_on=REFORM)
    unit_rename(
        unit=Unit.objects.get(code="ab"),
        name="AB mới",
        short_name="AB",
        symbol="AB",
        effective_on=datetime.date(2026, 1, 1),
    )
    heir = make_user("heir", Unit.objects.get(code="ab"))
    outsider = make_user("outsider", c)
    assert report_permissions(heir, report)["read"]
    assert not report_permissions(heir, report)["edit"]
    assert not report_permissions(outsider, report)["read"]

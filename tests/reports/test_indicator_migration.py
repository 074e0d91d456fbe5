"""reports/0011: the conference counts entered under each task become the report's figure, the
maximum of its entries (never their sum), and nothing already entered is lost."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0011_indicator_values"), ("directives", "0006_indicator")]
AFTER = [("reports", "0013_remove_entry_conference_fields")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest():
    """Every app back at its latest migration, as the tests after this one expect: migrating
    to AFTER alone left the migrations BEFORE had undone in other apps (directives 0007 and
    on, reports 0014 and on) unapplied for the rest of the run."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_each_report_keeps_the_largest_of_its_per_task_figures():
    apps = _migrate(BEFORE)
    Unit = apps.get_model("units", "Unit")
    Directive = apps.get_model("directives", "Directive")
    Task = apps.get_model("directives", "Task")
    Period = apps.get_model("reports", "ReportingPeriod")
    Report = apps.get_model("reports", "UnitReport")
    Entry = apps.get_model("reports", "TaskProgress")

    issuer = Unit.objects.create(code="tu", name="Tỉnh ủy", short_name="Tỉnh ủy", kind="lanhdao")
    directive = Directive.objects.create(
        slug="cv-1",
        number="1",
        symbol="CV/TU",
        document_type="CV",
        issuer=issuer,
        issuer_heading="TỈNH ỦY",
        place="Quảng Ngãi",
        issued_on=datetime.date(2021, 1, 4),
        subject="Thử",
        monitoring_unit=issuer,
    )
    tasks = [
        Task.objects.create(directive=directive, number=str(n), position=n, text=f"Việc {n}")
        for n in (1, 2, 3, 4)
    ]
    period = Period.objects.create(
        directive=directive,
        name="Năm 2021",
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2021, 12, 31),
        due_on=datetime.date(2021, 12, 15),
    )
    units = [
        Unit.objects.create(code=f"u{n}", name=f"Đơn vị {n}", short_name=f"ĐV {n}", kind="huyen")
        for n in (1, 2, 3)
    ]
    reports = [Report.objects.create(period=period, unit=unit) for unit in units]
    # u1 wrote 3 conferences and 120 people under each of its 4 tasks (12 and 480 if summed);
    # u2 stated different counts, and one task without any; u3 stated none at all.
    for task in tasks:
        Entry.objects.create(report=reports[0], task=task, conferences_held=3, participants=120)
    for task, figures in zip(tasks, [(2, 50), (5, 40), (None, None), (1, 90)], strict=True):
        Entry.objects.create(
            report=reports[1], task=task, conferences_held=figures[0], participants=figures[1]
        )
    Entry.objects.create(report=reports[2], task=tasks[0])

    try:
        apps = _migrate(AFTER)
        Value = apps.get_model("reports", "IndicatorValue")
        values = {
            (v.report.unit.code, v.indicator.code, v.task_id): v.value
            for v in Value.objects.select_related("report__unit", "indicator")
        }
        assert values == {
            ("u1", "hoi-nghi", None): 3,
            ("u1", "nguoi-tham-du", None): 120,
            ("u2", "hoi-nghi", None): 5,
            ("u2", "nguoi-tham-du", None): 90,
        }
        Indicator = apps.get_model("directives", "Indicator")
        assert list(
            Indicator.objects.filter(directive_id=directive.pk)
            .order_by("position")
            .values_list("code", "scope", "task_id")
        ) == [("hoi-nghi", "report", None), ("nguoi-tham-du", "report", None)]
        # Back again, the figure returns to one entry of the report, not to each.
        apps = _migrate(BEFORE)
        Entry = apps.get_model("reports", "TaskProgress")
        assert sorted(
            Entry.objects.filter(report__unit__code="u1").values_list(
                "conferences_held", flat=True
            ),
            key=lambda v: v or 0,
        ) == [None, None, None, 3]
    finally:
        _migrate_to_latest()

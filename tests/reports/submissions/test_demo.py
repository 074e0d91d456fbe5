"""`load_demo`: the demo periods of 186-CV/TU show every state of the workflow, and a second run
changes nothing."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from reports.monitoring import stats
from reports.notifications.models import Notification
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.models import (
    ReportEvent,
    ReportRevision,
    ReportStatus,
    TaskProgress,
    UnitReport,
)

pytestmark = pytest.mark.django_db


def database_state():
    """Every row the demo writes, as plain values."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            ReportingPeriod,
            ReportingObligation,
            UnitReport,
            TaskProgress,
            ReportEvent,
            ReportRevision,
            Notification,
            get_user_model(),
        )
    }


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    return ReportingPeriod.objects.get(name=f"Năm {today.year}")


def test_running_load_demo_twice_changes_nothing(demo):
    before = database_state()

    call_command("load_demo", stdout=io.StringIO())

    assert database_state() == before


def test_the_open_period_has_a_report_in_every_state(demo):
    rows = {row.unit.code: row for row in stats.unit_rows(demo)}

    assert demo.is_open
    assert demo.due_on < timezone.localdate()
    states = {(row.report_status, row.timeliness) for row in rows.values()}
    assert {
        ("draft", stats.Timeliness.OVERDUE),
        ("submitted", stats.Timeliness.ON_TIME),
        ("submitted", stats.Timeliness.LATE),
        ("returned", stats.Timeliness.ON_TIME),
        ("accepted", stats.Timeliness.ON_TIME),
        ("accepted", stats.Timeliness.LATE),
        (stats.NO_REPORT, stats.Timeliness.OVERDUE),
        ("draft", stats.Timeliness.NOT_YET_DUE),
    } <= states
    extended = [row for row in rows.values() if row.has_extension]
    assert len(extended) == 1
    assert extended[0].due_on > timezone.localdate() > extended[0].original_due_on
    assert extended[0].extension_reason


def test_the_demo_accounts_find_their_reports_in_a_usable_state(demo):
    def report(code):
        return UnitReport.objects.get(period=demo, unit__code=code)

    # lienhiephoi edits its draft in the browser demo; tuyengiao reviews hdnd's.
    assert report("dd-lhh").status == ReportStatus.DRAFT
    assert report("dd-hdnd").status == ReportStatus.SUBMITTED
    assert report("bcsd-ubnd").status == ReportStatus.ACCEPTED
    # Huyện ủy Bình Sơn ended on 01/07/2025: the commune committee the demo gives its work to
    # (its account is a member of both) has the returned report.
    assert report("xa-binhson").status == ReportStatus.RETURNED
    comment = report("xa-binhson").events.get(action=ReportEvent.Action.RETURNED).comment
    assert "hội nghị" in comment
    # The whole cycle on one timeline, in order, in the past.
    events = list(report("bcsd-ubnd").events.order_by("at"))
    assert [e.action for e in events] == ["submitted", "returned", "submitted", "accepted"]
    assert all(e.at <= timezone.now() for e in events)


def test_the_reports_hold_realistic_answers(demo):
    submitted = UnitReport.objects.get(period=demo, unit__code="dd-hdnd")
    entries = list(submitted.entries.select_related("task"))

    assert entries and all(e.status and e.results for e in entries)
    task_1 = next(e for e in entries if e.task.number == "1")
    assert "hội nghị" in task_1.results
    # The figures are stated once for the report, and the words quote the same ones.
    figures = {v.indicator.code: v for v in submitted.indicator_values.select_related("indicator")}
    assert {"hoi-nghi", "nguoi-tham-du", "van-ban-trien-khai"} <= set(figures)
    assert all(figures[code].task_id is None for code in ("hoi-nghi", "nguoi-tham-du"))
    assert f"tổ chức {figures['hoi-nghi'].value} hội nghị" in task_1.results
    assert f"{figures['nguoi-tham-du'].value} lượt người" in task_1.results


def test_last_year_is_closed_with_accepted_reports_to_compare_with(demo):
    previous = ReportingPeriod.objects.get(name=f"Năm {demo.starts_on.year - 1}")

    assert previous.status == ReportingPeriod.Status.CLOSED
    assert previous.ends_on < demo.starts_on
    accepted = previous.reports.filter(status=ReportStatus.ACCEPTED)
    assert accepted.filter(unit__code="dd-lhh").exists()
    assert accepted.count() >= 10
    assert all(
        r.first_submitted_at.date() <= previous.ends_on + datetime.timedelta(days=7)
        for r in accepted
    )


def test_load_demo_refuses_to_run_with_debug_off(settings, db):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("load_demo")

    assert not ReportingPeriod.objects.exists()
    assert not get_user_model().objects.exists()


def test_the_demo_sends_no_email(settings, mailoutbox, transactional_db):
    # Real commits: the workflow's emails leave on commit, inside the demo's transactions.
    settings.DEBUG = True

    call_command("load_demo", stdout=io.StringIO())

    assert UnitReport.objects.exists()
    assert Notification.objects.exists()
    assert mailoutbox == []


def test_the_demo_lives_through_the_2025_reorganisation(demo):
    from reports.consolidated.models import ConsolidatedReport
    from reports.consolidated.services import _body_headings
    from units.models import Membership, Unit, UnitEvent

    # Every unit asked was in force on the due date, but for one that sent its report before
    # it ended (the report stays with the unit that sent it).
    for period in ReportingPeriod.objects.all():
        for obligation in period.obligations.select_related("unit"):
            unit = obligation.unit
            if unit.is_valid_on(period.due_on):
                continue
            report = period.reports.filter(unit=unit).first()
            assert report is not None and report.first_submitted_at is not None, (period, unit)
            assert timezone.localdate(report.first_submitted_at) <= unit.valid_to

    def asked(year):
        period = ReportingPeriod.objects.get(name=f"Năm {year}")
        return set(period.obligations.values_list("unit__code", flat=True))

    year = demo.starts_on.year
    assert {"binhson", "btgtu"} <= asked(year - 2)  # the 2021 units, before the reform
    assert not {"binhson", "btgtu", "bdvtu"} & (asked(year - 1) | asked(year))
    assert {"xa-binhson", "btgdvtu"} <= asked(year)
    assert UnitReport.objects.filter(period__name=f"Năm {year - 2}", unit__code="binhson").exists()

    # The merged department monitors the directive and the tuyengiao account belongs to it.
    assert demo.directive.monitoring_unit.code == "btgdvtu"
    assert Membership.objects.filter(user__username="tuyengiao", unit__code="btgdvtu").exists()
    # Recorded through the services: 2 mergers (central, provincial), 13 districts, Kon Tum.
    assert UnitEvent.objects.count() == 16
    kontum = Unit.objects.get(code="tinhuy-kontum")
    assert kontum.valid_to == datetime.date(2025, 6, 30)
    assert kontum in Unit.objects.get(code="tinhuy").predecessors.all()
    invented = Unit.objects.filter(valid_from=datetime.date(2025, 7, 1)).exclude(code="btgdvtu")
    assert invented.count() == 13 and all("(minh họa)" in u.name for u in invented)

    # Every issued document carries the names in force on its date.
    issued = list(ConsolidatedReport.objects.filter(status="issued").select_related("issuing_unit"))
    assert issued
    for report in issued:
        day, unit = report.issued_on, report.issuing_unit
        assert unit.is_valid_on(day)
        assert (report.parent_body, report.issuing_body) == _body_headings(unit, day)
        assert report.symbol == f"BC/{unit.symbol_on(day)}"
        for line in report.recipients.select_related("unit"):
            if line.unit is not None:
                assert line.unit.is_valid_on(day), line.text
                assert line.text.startswith(line.unit.name_on(day)), line.text
    latest = max(issued, key=lambda r: r.issued_on)
    assert latest.issued_on.year == year
    assert latest.issuing_body == "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    assert latest.number_line.endswith("-BC/BTGDVTU")
    texts = [r.text for r in latest.recipients.all()]
    assert "Ban Tuyên giáo và Dân vận Trung ương (b/c)" in texts

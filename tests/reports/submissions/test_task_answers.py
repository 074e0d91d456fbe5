"""The units' answers kept for the statuses (TaskAnswer): the workflow keeps them as a full
recomputation from the reports would make them, whichever step changed the unit's word."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from reports.periods import services as periods
from reports.submissions import services
from reports.submissions.models import ReportStatus, TaskAnswer
from tests.conftest import run_together
from tests.reports.reporting_data import make_period, report_of, seed_186_with_period

DONE = datetime.date(2026, 1, 2)


def kept():
    return sorted(
        TaskAnswer.objects.values_list(
            "task_id", "unit_id", "entry_id", "status", "done_on", "accepted"
        )
    )


def recomputed():
    """What refresh() of everything makes of the reports, the stored rows left untouched."""
    before = kept()
    from django.db import transaction

    with transaction.atomic():
        TaskAnswer.objects.refresh()
        after = kept()
        transaction.set_rollback(True)
    assert kept() == before
    return after


def year_2025(directive):
    """The year before the fixture's period "Năm 2026", for the same five units."""
    return make_period(
        directive,
        name="Năm 2025",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        due_on=datetime.date(2025, 12, 15),
    )


def answered_by(unit) -> set[int]:
    """The reports whose entries are the unit's answers."""
    return set(TaskAnswer.objects.filter(unit=unit).values_list("entry__report_id", flat=True))


def fill(report, user, status, *, completed_on=None):
    return services.report_save(
        report=report,
        user=user,
        expected_version=report.version,
        fields={"overall_assessment": "Tốt"},
        entries={
            e.pk: {"status": status, "completed_on": completed_on, "results": "Đã làm."}
            for e in report.entries.all()
        },
    )


def submit(report, user, status="completed"):
    report = fill(report, user, status, completed_on=DONE if status == "completed" else None)
    return services.report_submit(report=report, user=user, expected_version=report.version)


def test_submitting_makes_the_entries_the_units_answer_and_accepting_marks_them(lhh_report, users):
    assert kept() == []
    report = submit(lhh_report, users["owner"])
    answers = TaskAnswer.objects.filter(unit=report.unit)
    assert answers.count() == report.entries.count() == 4
    assert {(a.entry.report_id, a.status, a.done_on, a.accepted) for a in answers} == {
        (report.pk, "completed", DONE, False)
    }
    services.report_accept(report=report, reviewer=users["reviewer"])
    assert set(answers.values_list("accepted", flat=True)) == {True}
    assert kept() == recomputed()


def test_a_returned_report_is_no_longer_the_units_word(lhh_report, users):
    report = submit(lhh_report, users["owner"])
    report = services.report_return(report=report, reviewer=users["reviewer"], comment="Bổ sung.")
    assert TaskAnswer.objects.filter(unit=report.unit).count() == 0
    # Submitted again with other words: those are the answer now.
    report = submit(report, users["owner"], status="in_progress")
    assert set(TaskAnswer.objects.filter(unit=report.unit).values_list("status", "done_on")) == {
        ("in_progress", None)
    }
    assert kept() == recomputed()


def test_the_latest_accepted_report_stays_the_answer_beside_a_later_submitted_one(
    lhh_report, users, period_186
):
    earlier = year_2025(period_186.directive)
    old = submit(report_of(earlier, "dd-lhh"), users["owner"], status="regular")
    services.report_accept(report=old, reviewer=users["reviewer"])
    submit(lhh_report, users["owner"])
    assert answered_by(old.unit) == {old.pk}
    services.report_accept(report=lhh_report, reviewer=users["reviewer"])
    assert answered_by(old.unit) == {lhh_report.pk}
    assert kept() == recomputed()


def test_moving_a_periods_dates_changes_which_report_is_the_latest(lhh_report, users, period_186):
    earlier = year_2025(period_186.directive)
    old = submit(report_of(earlier, "dd-lhh"), users["owner"], status="regular")
    new = submit(lhh_report, users["owner"])
    assert answered_by(old.unit) == {new.pk}
    periods.period_update(
        period=earlier,
        name="Năm 2027",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        due_on=datetime.date(2027, 12, 15),
        units=earlier.units.all(),
        user=users["reviewer"],
    )
    assert answered_by(old.unit) == {old.pk}
    assert kept() == recomputed()


def test_the_command_finds_and_repairs_answers_out_of_step(lhh_report, users, capsys):
    submit(lhh_report, users["owner"])
    call_command("refresh_task_answers", "--check")
    TaskAnswer.objects.filter(unit=lhh_report.unit).first().delete()
    with pytest.raises(SystemExit) as exit_:
        call_command("refresh_task_answers", "--check")
    assert exit_.value.code == 1
    assert capsys.readouterr().err.startswith("1 dòng")
    assert TaskAnswer.objects.count() == 3  # --check writes nothing
    call_command("refresh_task_answers")
    assert TaskAnswer.objects.count() == 4
    call_command("refresh_task_answers", "--check")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real database connections")
def test_two_reports_of_one_unit_accepted_at_the_same_instant_keep_one_answer_each(
    transactional_db,
):
    from django.contrib.auth import get_user_model

    directive, period = seed_186_with_period()
    earlier = year_2025(directive)
    users = get_user_model().objects
    owner, reviewer, admin = (
        users.get(username=name) for name in ("lienhiephoi", "tuyengiao", "admin")
    )
    old = submit(report_of(earlier, "dd-lhh"), owner, status="regular")
    new = submit(report_of(period, "dd-lhh"), owner)

    outcomes = run_together(
        lambda: services.report_accept(report=old, reviewer=reviewer),
        lambda: services.report_accept(report=new, reviewer=admin),
    )

    assert all(getattr(o, "status", None) == ReportStatus.ACCEPTED for o in outcomes), outcomes
    assert set(
        TaskAnswer.objects.filter(unit=new.unit).values_list("entry__report_id", "accepted")
    ) == {(new.pk, True)}
    assert kept() == recomputed()

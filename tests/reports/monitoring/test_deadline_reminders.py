"""Units are told when the deadline of a task they lead nears: in the app and by email, once
per task and threshold, and never about a task they completed."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from reports.monitoring.models import DeadlineReminder
from reports.monitoring.reminders import deadline_reminders_due, deadline_reminders_send
from reports.notifications.models import Notification
from reports.submissions.models import ReportStatus, TaskAnswer, TaskProgress, UnitReport
from tests.conftest import make_user
from tests.reports.dashboard_data import add_unit, at, make_directive, make_period

D = datetime.date
DEADLINE = D(2026, 6, 30)


@pytest.fixture
def setup(db):
    directive = make_directive()
    directive.t21.deadline = DEADLINE
    directive.t21.save()
    directive.t22.deadline = D(2026, 12, 31)
    directive.t22.save()
    period = make_period(directive, due_on=D(2026, 6, 15), starts_on=D(2026, 1, 1))
    slow = add_unit(period, "slow", tasks=[directive.t21, directive.t22])
    done = add_unit(period, "done", tasks=[directive.t21])
    user = make_user("slow-staff", slow, email="slow@example.vn")
    make_user("done-staff", done, email="done@example.vn")
    report = UnitReport.objects.create(
        period=period,
        unit=done,
        status=ReportStatus.ACCEPTED,
        first_submitted_at=at(D(2026, 6, 10)),
    )
    TaskProgress.objects.create(
        report=report, task=directive.t21, status="completed", completed_on=D(2026, 6, 1)
    )
    TaskAnswer.objects.refresh(unit_ids=[done.pk])
    return directive, slow, done, user


def test_the_unit_is_told_once_per_threshold(setup, django_capture_on_commit_callbacks):
    directive, slow, _done, user = setup
    with django_capture_on_commit_callbacks(execute=True):
        first = deadline_reminders_send(today=D(2026, 6, 24), days_before=[7, 1])
    assert [(r.task, r.unit, r.days_before) for r in first] == [(directive.t21, slow, 7)]
    notice = Notification.objects.get(user=user)
    assert "2.1" in notice.message and "30/06/2026" in notice.message
    assert "còn 6 ngày" in notice.message
    assert [m.to for m in mail.outbox] == [["slow@example.vn"]]

    # The next days: nothing new until the last threshold is reached.
    for day in (D(2026, 6, 24), D(2026, 6, 25), D(2026, 6, 28)):
        assert deadline_reminders_send(today=day, days_before=[7, 1]) == []
    last = deadline_reminders_send(today=D(2026, 6, 29), days_before=[7, 1])
    assert [(r.task, r.days_before) for r in last] == [(directive.t21, 1)]
    assert deadline_reminders_send(today=D(2026, 6, 30), days_before=[7, 1]) == []
    assert Notification.objects.filter(user=user).count() == 2


def test_a_completed_task_and_a_far_deadline_are_not_reminded(setup):
    directive, _slow, done, _user = setup
    planned = deadline_reminders_due(today=D(2026, 6, 24), days_before=[7, 1])
    assert {plan.unit for plan in planned} == {_slow}
    assert [task for task, _days, _t in planned[0].tasks] == [directive.t21]


def test_a_first_run_close_to_the_deadline_sends_one_message(setup):
    directive, slow, _done, user = setup
    sent = deadline_reminders_send(today=D(2026, 6, 30), days_before=[7, 1])
    assert [(r.task, r.days_before) for r in sent] == [(directive.t21, 1)]
    assert "đến hạn hôm nay" in Notification.objects.get(user=user).message


def test_a_new_deadline_is_told_again(setup):
    directive, _slow, _done, _user = setup
    deadline_reminders_send(today=D(2026, 6, 24), days_before=[7])
    directive.t21.deadline = D(2026, 7, 31)
    directive.t21.save()
    again = deadline_reminders_send(today=D(2026, 7, 25), days_before=[7])
    assert [r.deadline for r in again] == [D(2026, 7, 31)]


def test_the_daily_command_sends_them_and_a_dry_run_sends_nothing(setup, settings):
    settings.DEADLINE_REMINDER_DAYS = [7, 1]
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-06-24", "--dry-run", stdout=out)
    assert "deadline" in out.getvalue() and "2.1" in out.getvalue()
    assert not DeadlineReminder.objects.exists()
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-06-24", stdout=out)
    assert "1 task deadline(s) reminded to 1 unit(s)" in out.getvalue()
    call_command("send_reminders", "--date", "2026-06-24", stdout=io.StringIO())
    assert DeadlineReminder.objects.count() == 1


def test_reminders_due_reads_a_fixed_number_of_queries(setup, django_assert_num_queries):
    directive, *_rest = setup
    period = directive.periods.get()
    for i in range(20):
        add_unit(period, f"more-{i}", tasks=[directive.t21])
    # The pairs with their statuses, their tasks, units, open obligations; reminders sent.
    with django_assert_num_queries(5):
        planned = deadline_reminders_due(today=D(2026, 6, 24), days_before=[7, 1])
    assert len(planned) == 21

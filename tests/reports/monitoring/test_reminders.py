import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils.translation import gettext as _

from reports.monitoring.models import Reminder
from reports.monitoring.reminders import reminder_default_message, reminder_send
from reports.notifications.models import Notification
from reports.periods.models import ReportingPeriod
from tests.reports.dashboard_data import TODAY, make_state_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return make_state_period()


def run(day: str, *extra) -> None:
    call_command(
        "send_reminders", "--date", day, "--days-before", "3,1", "--days-after", "1,7", *extra
    )


def sent(day: str) -> set[tuple[str, str]]:
    return set(
        Reminder.objects.filter(sent_on=datetime.date.fromisoformat(day)).values_list(
            "unit__code", "kind"
        )
    )


def test_before_the_due_date_only_units_that_have_not_submitted_are_reminded(
    data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run("2026-03-28")  # three days before 31/3

    # returned submitted once; extended is due 20/4.
    assert sent("2026-03-28") == {("draft", "before_due"), ("silent", "before_due")}
    # draft has a member with an email; silent has nobody to tell, but the reminder is kept.
    assert Notification.objects.filter(user=data["member"]).count() == 1
    assert [m.to for m in mail.outbox] == [["draft@example.vn"]]
    assert Reminder.objects.get(unit__code="draft").recipient_count == 1


def test_after_the_due_date_on_the_configured_days_only(data):
    for day in ("2026-03-29", "2026-03-31", "2026-04-02", "2026-04-03"):
        run(day)
    assert Reminder.objects.count() == 0

    run("2026-04-01")  # 1 day after
    run("2026-04-07")  # 7 days after
    assert sent("2026-04-01") == {("draft", "after_due"), ("silent", "after_due")}
    assert sent("2026-04-07") == sent("2026-04-01")


def test_an_extension_moves_the_reminder_days(data):
    run("2026-04-19")  # 1 day before the extension to 20/4
    run("2026-04-21")  # 1 day after it

    assert sent("2026-04-19") == {("extended", "before_due")}
    assert sent("2026-04-21") == {("extended", "after_due")}


def test_running_twice_on_one_day_sends_nothing_twice(data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run("2026-04-01")
        run("2026-04-01")

    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_manual_reminder_the_same_day_does_not_block_the_automatic_one(data):
    reminder_send(
        period=data["period"],
        units=[data["units"]["silent"]],
        message="Đề nghị gửi báo cáo.",
        sent_by=data["reviewer"],
        today=datetime.date(2026, 4, 1),
    )
    run("2026-04-01")

    assert Reminder.objects.filter(unit__code="silent").count() == 2


def test_closed_periods_are_left_alone(data):
    ReportingPeriod.objects.filter(pk=data["period"].pk).update(status="closed")

    run("2026-04-01")

    assert Reminder.objects.count() == 0


def test_dry_run_lists_and_sends_nothing(data, capsys):
    run("2026-04-01", "--dry-run")

    assert "ĐV silent" in capsys.readouterr().out
    assert Reminder.objects.count() == 0


def test_days_from_settings_by_default(data, settings):
    settings.REMINDER_DAYS_BEFORE = []
    settings.REMINDER_DAYS_AFTER = [10]

    call_command("send_reminders", "--date", "2026-04-10")

    assert sent("2026-04-10") == {("draft", "after_due"), ("silent", "after_due")}


def test_manual_reminder_notifies_members_and_is_recorded(data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders = reminder_send(
            period=data["period"],
            units=[data["units"]["draft"], data["units"]["returned"]],
            message="  Đề nghị gửi báo cáo.  ",
            sent_by=data["reviewer"],
            today=TODAY,
        )

    assert {r.unit.code for r in reminders} == {"draft", "returned"}
    assert all(r.kind == "manual" and r.sent_by == data["reviewer"] for r in reminders)
    assert Notification.objects.get(user=data["member"]).message == "Đề nghị gửi báo cáo."
    assert len(mail.outbox) == 1


def test_manual_reminder_to_a_unit_that_submitted_is_refused_and_nothing_is_sent(data):
    with pytest.raises(ValidationError) as error:
        reminder_send(
            period=data["period"],
            units=[data["units"]["draft"], data["units"]["on_time"]],
            message="Đề nghị gửi báo cáo.",
            sent_by=data["reviewer"],
            today=TODAY,
        )

    assert error.value.message_dict["units"] == [
        _(
            "%(units)s already submitted their report; a reminder is only sent to "
            "units that have not."
        )
        % {"units": "ĐV on-time"}
    ]
    assert Reminder.objects.count() == 0
    assert Notification.objects.count() == 0


def test_default_message_is_vietnamese_and_names_the_period(data):
    message = reminder_default_message(data["period"])

    assert "đề nghị quý đơn vị" in message
    assert data["period"].name in message
    assert "31/03/2026" in message


def test_the_run_counts_only_units_reached_and_names_the_others(data, capsys):
    # draft has a member, silent none: one unit reached, silent named (issue 12 item 8).
    call_command("send_reminders", "--date", "2026-04-10", "--days-after", "10")

    out = capsys.readouterr().out
    assert sent("2026-04-10") == {("draft", "after_due"), ("silent", "after_due")}
    assert "reached 1 unit(s)" in out
    assert "Not reached (no active member account" in out
    assert "contact them another way): ĐV silent.\n" in out

"""A unit's page in a period, for those who follow it: due date, contacts, reminders, and the
reviewer's way on (remind, extend, back to the period)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.monitoring.models import Reminder
from reports.periods.models import ReportingObligation
from reports.submissions.models import ReportStatus, UnitReport
from tests.reports.reporting_data import report_of
from tests.reports.submissions.test_unit_report_views import page_text

pytestmark = pytest.mark.django_db


def url(period, code="dd-hdnd"):
    return reverse("period_unit", args=[period.pk, code])


def test_the_reviewer_sees_due_date_contacts_reminders_and_actions(client, period_186, users):
    Reminder.objects.create(
        period=period_186,
        unit=users["other_unit"].memberships.get().unit,
        kind=Reminder.Kind.MANUAL,
        message="Nhắc lần 1.",
        sent_by=users["reviewer"],
        sent_on=datetime.date(2026, 12, 1),
        recipient_count=1,
    )
    client.force_login(users["reviewer"])
    response = client.get(url(period_186))
    text = page_text(response)

    assert response.status_code == 200
    assert period_186.due_on.strftime("%d/%m/%Y") in text
    assert users["other_unit"].email in text or users["other_unit"].username in text
    assert len(response.context["reminders"]) == 1
    assert b'id="send-reminder"' in response.content and b'id="extend"' in response.content
    assert b'id="back-to-period"' in response.content


def test_a_reminder_sent_from_the_page_comes_back_to_it(client, period_186, users):
    client.force_login(users["reviewer"])
    unit = users["other_unit"].memberships.get().unit
    response = client.post(
        reverse("period_remind", args=[period_186.pk]),
        {"units": [unit.pk], "message": "Đề nghị nộp báo cáo.", "next": url(period_186)},
    )
    assert response.status_code == 302 and response.url == url(period_186)
    assert Reminder.objects.get(unit=unit).message == "Đề nghị nộp báo cáo."


def test_an_extension_from_the_page_comes_back_to_it(client, period_186, users):
    client.force_login(users["reviewer"])
    extend = reverse("period_extend", args=[period_186.pk, "dd-hdnd"]) + "?next=" + url(period_186)
    later = period_186.due_on + datetime.timedelta(days=10)
    response = client.post(extend, {"due_on": later.isoformat(), "reason": "Đại hội đơn vị."})
    assert response.status_code == 302 and response.url == url(period_186)
    obligation = ReportingObligation.objects.get(period=period_186, unit__code="dd-hdnd")
    assert obligation.extended_due_on == later


def test_an_outside_next_address_is_ignored(client, period_186, users):
    client.force_login(users["reviewer"])
    extend = reverse("period_extend", args=[period_186.pk, "dd-hdnd"]) + "?next=//evil.example/"
    later = period_186.due_on + datetime.timedelta(days=10)
    response = client.post(extend, {"due_on": later.isoformat(), "reason": "Lý do."})
    assert response.url == reverse("period_edit", args=[period_186.pk])


def test_the_standing_committee_reads_without_actions(client, period_186, users):
    client.force_login(users["standing"])
    response = client.get(url(period_186))
    assert response.status_code == 200
    assert b'id="send-reminder"' not in response.content and b'id="extend"' not in response.content


def test_unit_staff_are_told_the_page_does_not_exist(client, period_186, users):
    client.force_login(users["owner"])
    assert client.get(url(period_186)).status_code == 404


def test_a_unit_not_asked_in_the_period_is_not_found(client, period_186, users):
    client.force_login(users["reviewer"])
    assert client.get(url(period_186, "no-such-unit")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, period_186):
    assert client.get(url(period_186)).status_code == 302


def test_the_page_refuses_post(client, period_186, users):
    client.force_login(users["reviewer"])
    assert client.post(url(period_186)).status_code == 405


def test_the_dashboard_offers_an_extension_on_rows_still_owing_a_report(client, period_186, users):
    submitted = report_of(period_186, "dd-lhh")
    UnitReport.objects.filter(pk=submitted.pk).update(
        status=ReportStatus.SUBMITTED, first_submitted_at=timezone.now()
    )
    client.force_login(users["reviewer"])
    response = client.get(reverse("period_dashboard", args=[period_186.pk]))
    extend = reverse("period_extend", args=[period_186.pk, "dd-hdnd"])
    assert f'href="{extend}?next='.encode() in response.content
    # A unit that submitted has nothing to extend.
    done = reverse("period_extend", args=[period_186.pk, "dd-lhh"])
    assert f'href="{done}?next='.encode() not in response.content

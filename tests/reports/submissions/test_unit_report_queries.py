"""The report pages cost a fixed number of queries, however many tasks the unit answers."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.models import Task
from reports.submissions import services
from reports.submissions.models import TaskProgress
from tests.reports.reporting_data import TINY_PDF, make_period, report_of
from units.models import Unit

# The completion date a completed entry must state to be submitted.
DONE = datetime.date(2026, 1, 2)


@pytest.fixture
def reports_with_history(period_186, lhh_report, users):
    """The unit's report with a previous period's report, evidence on each task and a
    submission, so that every part of the pages has something to show."""
    earlier = make_period(
        period_186.directive,
        name="Năm 2025",
        starts_on=period_186.starts_on.replace(year=2025),
        ends_on=period_186.ends_on.replace(year=2025),
        due_on=period_186.due_on.replace(year=2025),
    )
    return earlier, lhh_report


def add_tasks(period, earlier, report, count: int, *, start: int = 0) -> None:
    """More tasks under 4 for the Liên hiệp hội, answered in both periods, each with a file."""
    lhh = Unit.objects.get(code="dd-lhh")
    parent = Task.objects.get(directive=period.directive, number="4")
    previous = report_of(earlier, "dd-lhh")
    for i in range(start, start + count):
        task = Task.objects.create(
            directive=period.directive,
            parent=parent,
            number=f"4.{10 + i}",
            position=1000 + i,
            text=f"Nhiệm vụ thêm {i}",
        )
        task.lead_units.add(lhh)
        TaskProgress.objects.create(report=previous, task=task, status="regular", results="Cũ")
        TaskProgress.objects.create(report=report, task=task, status="completed", results="Mới")


def fill(report, user):
    entries = list(report.entries.all())
    report = services.report_save(
        report=report,
        user=user,
        expected_version=report.version,
        fields={"overall_assessment": "Tốt"},
        entries={
            e.pk: {
                "status": "completed",
                "completed_on": DONE,
                "results": "Đã làm",
            }
            for e in entries
        },
        files=[(e, SimpleUploadedFile(f"Tệp {e.pk}.pdf", TINY_PDF)) for e in entries],
    )
    return report


# 1 session, 1 user, 1 report with period, directive, monitoring unit, unit and last editor,
# 1 the user's memberships with their units (roles and nav), 1 entries with their tasks,
# 1 evidence with uploaders, 1 events with actors, 1 the unit's obligation (due date), 1 the
# previous period's answers with their report, 1 the directive's indicators with this
# report's figures joined (one row each, however many tasks), 1 unread notifications (nav badge).
REPORT_PAGE_QUERIES = 11


def test_the_report_page_query_count_does_not_grow_with_tasks(
    client, users, period_186, reports_with_history, django_assert_num_queries
):
    earlier, report = reports_with_history
    add_tasks(period_186, earlier, report, 2)
    report = fill(report, users["owner"])
    services.report_submit(report=report, user=users["owner"], expected_version=report.version)
    client.force_login(users["reviewer"])
    url = reverse("report_detail", args=[report.pk])
    client.get(url)

    with django_assert_num_queries(REPORT_PAGE_QUERIES):
        assert client.get(url).status_code == 200

    add_tasks(period_186, earlier, report, 15, start=100)
    with django_assert_num_queries(REPORT_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("previous-answer") == 4 + 17


def test_the_report_form_query_count_does_not_grow_with_tasks(
    client, users, period_186, reports_with_history, django_assert_num_queries
):
    earlier, report = reports_with_history
    add_tasks(period_186, earlier, report, 2)
    fill(report, users["owner"])
    client.force_login(users["owner"])
    url = reverse("report_edit", args=[report.pk])
    client.get(url)

    # The same queries as the report page: the form itself reads nothing more.
    with django_assert_num_queries(REPORT_PAGE_QUERIES):
        assert client.get(url).status_code == 200

    add_tasks(period_186, earlier, report, 15, start=100)
    with django_assert_num_queries(REPORT_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('class="card mb-3 entry-card"') == 4 + 17


def test_the_history_page_query_count_does_not_grow_with_revisions(
    client, users, lhh_report, django_assert_num_queries
):
    fill(lhh_report, users["owner"])
    client.force_login(users["reviewer"])
    url = reverse("report_history", args=[lhh_report.pk])
    client.get(url)

    # 1 session, 1 user, 1 report, 1 memberships with their units (roles and nav), 1 revisions
    # with authors, 1 events with actors, 1 unread notifications (nav badge).
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    for _ in range(5):
        lhh_report.refresh_from_db()
        fill(lhh_report, users["owner"])
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_the_notification_list_query_count_does_not_grow(client, users, django_assert_num_queries):
    from reports.notifications.models import Notification

    client.force_login(users["owner"])
    url = reverse("notification_list")
    client.get(url)
    # 1 session, 1 user, 1 notifications, 1 memberships with their units (nav), 1 unread count.
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    Notification.objects.bulk_create(
        Notification(user=users["owner"], message=f"Thông báo {i}") for i in range(20)
    )
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200

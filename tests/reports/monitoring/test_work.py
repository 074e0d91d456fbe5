"""A unit's work across directives: its home page, and the Department's and the Standing
Committee's view of every directive, filtered; fixed query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directives.models import Task, TaskCoordination
from reports.monitoring import statuses
from reports.monitoring.statuses import Scope, TaskStatus
from tests.reports.dashboard_data import add_unit, make_directive, make_period

URL = reverse("work_across_directives")


@pytest.fixture
def deadlines(period_186):
    """186-CV/TU with a past deadline on 4.1, a near one on 4.2, 1 ongoing; and a second
    directive whose task 2.1 the Liên hiệp hội leads too."""
    today = timezone.localdate()
    directive = period_186.directive
    Task.objects.filter(directive=directive, number="4.1").update(
        deadline=today - datetime.timedelta(days=30)
    )
    Task.objects.filter(directive=directive, number="4.2").update(
        deadline=today + datetime.timedelta(days=2)
    )
    Task.objects.filter(directive=directive, number="1").update(recurring=True)
    other = make_directive(monitoring_unit=directive.monitoring_unit)
    period = make_period(other, due_on=today + datetime.timedelta(days=20))
    lhh = period_186.units.get(code="dd-lhh")
    other.t21.lead_units.add(lhh)
    other.t21.deadline = today + datetime.timedelta(days=200)
    other.t21.save()
    TaskCoordination.objects.create(task=other.t22, unit=lhh)
    return period_186, other, period


def test_the_unit_sees_its_tasks_of_every_directive_grouped_by_status(client, users, deadlines):
    period_186, other, _period = deadlines
    client.force_login(users["owner"])

    response = client.get(reverse("home"))

    work = response.context["work"]
    by_task = {(row.directive.pk, row.task.number): row for row in work}
    assert by_task[(period_186.directive_id, "4.1")].status == TaskStatus.OVERDUE
    assert by_task[(period_186.directive_id, "4.2")].is_due_soon
    assert by_task[(period_186.directive_id, "1")].status == TaskStatus.ONGOING
    assert by_task[(other.pk, "2.1")].status == TaskStatus.IN_PROGRESS
    assert by_task[(other.pk, "2.2")].role == statuses.Role.COORDINATING
    # Grouped by status, the most urgent first, then by deadline.
    assert [row.status for row in work] == sorted(row.status for row in work)
    # The report to fill next: the open period of each directive that asks the unit.
    assert by_task[(period_186.directive_id, "4.1")].next_report.period == period_186
    page = response.content.decode()
    assert 'id="my-work"' in page
    assert reverse("report_open", args=[period_186.pk, "dd-lhh"]) in page
    assert "Quá hạn chưa hoàn thành" in page


def test_a_unit_of_no_task_sees_no_work_section(client, db):
    from tests.conftest import make_unit, make_user

    client.force_login(make_user("lonely", make_unit("lonely")))
    response = client.get(reverse("home"))
    assert response.context["work"] == []
    assert 'id="my-work"' not in response.content.decode()


# ---- the view across directives ------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "standing", "admin"])
def test_followers_see_every_task_of_their_directives(client, users, deadlines, who):
    period_186, other, _period = deadlines
    client.force_login(users[who])

    response = client.get(URL)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert {row.directive.pk for row in rows} == {period_186.directive_id, other.pk}
    today = timezone.localdate()
    expected = statuses.counts_total(
        statuses.counts_by_directive(
            Scope(on=today, directive_ids=frozenset({period_186.directive_id, other.pk})),
            today=today,
        )
    )
    assert response.context["counts"].counts == expected.counts


def test_unit_staff_are_told_the_page_does_not_exist(client, users, deadlines):
    client.force_login(users["owner"])
    assert client.get(URL).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, deadlines):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_only_get(client, users, deadlines):
    client.force_login(users["reviewer"])
    assert client.post(URL).status_code == 405


def test_filters_by_status_unit_directive_and_deadline(client, users, deadlines):
    period_186, other, _period = deadlines
    client.force_login(users["reviewer"])

    overdue = client.get(URL, {"status": "qua-han"}).context["rows"]
    assert overdue and {row.status for row in overdue} == {TaskStatus.OVERDUE}

    lhh = client.get(URL, {"unit": "dd-lhh"}).context["rows"]
    assert lhh and {row.unit.code for row in lhh} == {"dd-lhh"}

    one = client.get(URL, {"directive": other.pk}).context["rows"]
    assert one and {row.directive.pk for row in one} == {other.pk}

    soon = client.get(URL, {"deadline": "sap-den-han"}).context["rows"]
    assert soon and {row.task.number for row in soon} == {"4.2"}

    coordinating = client.get(URL, {"role": "coordinating"}).context["rows"]
    assert [(row.task.number, row.unit.code) for row in coordinating] == [("2.2", "dd-lhh")]

    by = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    before = client.get(URL, {"deadline_by": by}).context["rows"]
    assert before and {row.task.number for row in before} == {"4.1", "4.2"}


@pytest.mark.parametrize(
    "query",
    [
        {"status": "nonsense"},
        {"directive": "999999"},
        {"directive": "abc"},
        {"deadline": "x"},
        {"deadline_by": "2026-12-31"},
        {"role": "boss"},
        {"trang": "-1"},
        {"unit": "x" * 500},
    ],
)
def test_nonsense_in_the_address_is_ignored_with_a_message(client, users, deadlines, query):
    client.force_login(users["reviewer"])
    response = client.get(URL, query)
    assert response.status_code == 200
    everything = client.get(URL).context["page"].paginator.count
    assert response.context["page"].paginator.count == everything


def test_the_page_reads_a_fixed_number_of_queries(
    client, users, deadlines, django_assert_num_queries
):
    _period_186, other, period = deadlines
    client.force_login(users["standing"])
    # 10 queries: session, user, memberships (roles and nav), the directives in force, the
    # counts of the rows by role and status (one grouped query, which also numbers the pages),
    # the page (UNION of the statuses it spans), the page's tasks, units and open
    # obligations; the unread notifications (nav badge).
    with django_assert_num_queries(10):
        client.get(URL)
    for i in range(30):
        unit = add_unit(period, f"more-{i}", tasks=[other.t21, other.t22])
        TaskCoordination.objects.create(task=other.t1, unit=unit)
    with django_assert_num_queries(10):
        response = client.get(URL, {"trang": "2"})
    assert response.context["page"].number == 2
    assert len(response.context["rows"]) > 0


def test_a_unit_filter_that_matches_nothing_shows_nothing(client, users, deadlines):
    client.force_login(users["reviewer"])
    response = client.get(URL, {"unit": "khong-co-don-vi-nay"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["counts"].total == 0
    assert 'id="no-work"' in response.content.decode()

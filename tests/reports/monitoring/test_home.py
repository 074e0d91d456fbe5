"""The page after sign-in: the unit's open periods and reports, the reviewer's periods, the
Standing Committee's links.

Every signed-in user has a home page, so there is no outsider (404) or read-only (403) case:
what each role sees is the access rule here."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.periods import services as periods
from reports.periods.models import ReportingPeriod
from reports.submissions import services
from reports.submissions.models import ReportStatus
from tests.conftest import make_unit
from tests.reports.reporting_data import REPORTING_UNITS, report_of, seed_186_with_period
from units.models import Unit, UnitKind

# The completion date a completed entry must state to be submitted.
DONE = datetime.date(2026, 1, 2)

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def period(db, today):
    """An open period of 186-CV/TU due in five days, for the five demo units."""
    _directive, period = seed_186_with_period(
        name="Kỳ thử",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=30),
        due_on=today + datetime.timedelta(days=5),
    )
    return period


@pytest.fixture
def users(period):
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.all()}


def fill_and_submit(report, user):
    report = services.report_save(
        report=report,
        user=user,
        expected_version=report.version,
        fields={"overall_assessment": "Đã triển khai nghiêm túc."},
        entries={
            entry.pk: {
                "status": "completed",
                "completed_on": DONE,
                "results": "Tổ chức 2 hội nghị, 120 người dự.",
            }
            for entry in report.entries.all()
        },
    )
    return services.report_submit(report=report, user=user, expected_version=report.version)


def todo_of(response, code):
    [todo] = [t for t in response.context["todos"] if t.unit.code == code]
    return todo


def test_unit_staff_see_their_open_period_with_days_left(client, users, period):
    client.force_login(users["lienhiephoi"])

    response = client.get(HOME)

    assert response.status_code == 200
    todo = todo_of(response, "dd-lhh")
    assert todo.period == period
    assert todo.days_left == 5
    assert todo.status == "none"
    assert [t.unit.code for t in response.context["todos"]] == ["dd-lhh"]
    assert reverse("report_open", args=[period.pk, "dd-lhh"]).encode() in response.content
    assert "5 ngày".encode() in response.content or b"5 days left" in response.content
    # Unit staff manage no period.
    assert response.context["reviewing"] == []
    assert reverse("period_create", args=[period.directive.slug]).encode() not in (response.content)


def test_overdue_days_are_counted_from_the_extension_if_any(client, users, period, today):
    period.due_on = today - datetime.timedelta(days=3)
    period.save()
    obligation = period.obligations.get(unit__code="dd-hdnd")
    periods.obligation_extend(
        obligation=obligation,
        due_on=today + datetime.timedelta(days=2),
        reason="Bão lũ",
        user=users["tuyengiao"],
    )
    client.force_login(users["lienhiephoi"])
    late = todo_of(client.get(HOME), "dd-lhh")
    client.force_login(users["hdnd"])
    response = client.get(HOME)
    extended = todo_of(response, "dd-hdnd")

    assert (late.days_left, late.is_overdue, late.days_overdue) == (-3, True, 3)
    assert extended.due_on == today + datetime.timedelta(days=2)
    assert extended.days_left == 2
    assert extended.has_extension
    # Both dates are shown: the one in force and the period's.
    assert period.due_on.strftime("%d/%m/%Y").encode() in response.content
    assert extended.due_on.strftime("%d/%m/%Y").encode() in response.content


def test_each_report_status_is_shown_with_a_link(client, users, period):
    report = report_of(period, "dd-lhh")
    submitted = fill_and_submit(report, users["lienhiephoi"])
    client.force_login(users["lienhiephoi"])

    response = client.get(HOME)

    todo = todo_of(response, "dd-lhh")
    assert todo.status == ReportStatus.SUBMITTED
    assert todo.report == submitted
    assert b'data-status="submitted"' in response.content


def test_a_returned_report_shows_the_reviewer_comment(client, users, period):
    report = fill_and_submit(report_of(period, "dd-lhh"), users["lienhiephoi"])
    services.report_return(
        report=report, reviewer=users["tuyengiao"], comment="Bổ sung số liệu hội nghị cấp xã."
    )
    client.force_login(users["lienhiephoi"])

    response = client.get(HOME)

    [returned] = response.context["returned"]
    assert returned.return_event.comment == "Bổ sung số liệu hội nghị cấp xã."
    assert returned.return_event.actor == users["tuyengiao"]
    assert "Bổ sung số liệu hội nghị cấp xã.".encode() in response.content
    # Names are written family name first.
    assert "Nguyễn Thị Tuyên".encode() in response.content
    assert "Lê Minh Hội".encode() in response.content
    assert b'id="returned"' in response.content


def test_closed_periods_leave_the_home_page(client, users, period):
    periods.period_close(period=period, user=users["tuyengiao"])
    client.force_login(users["lienhiephoi"])

    response = client.get(HOME)

    assert response.context["todos"] == []
    assert b'id="nothing-to-do"' in response.content


def test_reviewer_sees_the_periods_they_manage_with_counts(client, users, period):
    fill_and_submit(report_of(period, "dd-lhh"), users["lienhiephoi"])
    client.force_login(users["tuyengiao"])

    response = client.get(HOME)

    assert response.status_code == 200
    [(directive, managed)] = response.context["reviewing"]
    assert directive == period.directive
    [item] = managed
    assert item.period == period
    assert item.counts.total == len(REPORTING_UNITS)
    assert item.counts.submitted == 1
    assert reverse("period_dashboard", args=[period.pk]).encode() in response.content
    assert reverse("period_list", args=[directive.slug]).encode() in response.content
    assert reverse("period_create", args=[directive.slug]).encode() in response.content


def test_standing_committee_lands_on_the_figures(client, users, period):
    client.force_login(users["thuongvu"])

    response = client.get(HOME)

    assert response.status_code == 200
    assert response.context["todos"] == []
    assert response.context["reviewing"] == []
    assert reverse("standing_summary").encode() in response.content
    assert reverse("period_list", args=[period.directive.slug]).encode() in response.content
    [summary] = response.context["leadership_summaries"]
    assert summary.period == period
    assert reverse("period_dashboard", args=[period.pk]).encode() in response.content
    assert "Nộp đúng hạn" in response.content.decode()
    assert reverse("period_create", args=[period.directive.slug]).encode() not in (response.content)


def test_anonymous_is_sent_to_sign_in(client, period):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_refuses_post(client, users, period):
    client.force_login(users["lienhiephoi"])

    assert client.post(HOME).status_code == 405


def _more_units_and_periods(period, users, count=12):
    """More units in the user's reach and another open period: the page must not read more."""
    unit = Unit.objects.get(code="dd-lhh")
    extra = [make_unit(f"them-{n}", kind=UnitKind.DISTRICT_COMMITTEE) for n in range(count)]
    for other in extra[:3]:
        users["lienhiephoi"].memberships.create(unit=other)
    periods.period_open(
        directive=period.directive,
        name="Kỳ thứ hai",
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_on=period.due_on,
        units=[unit, *extra],
        user=users["tuyengiao"],
    )
    second = ReportingPeriod.objects.get(name="Kỳ thứ hai")
    report = fill_and_submit(report_of(second, "dd-lhh"), users["lienhiephoi"])
    services.report_return(report=report, reviewer=users["tuyengiao"], comment="Sửa lại.")


def test_unit_home_reads_a_fixed_number_of_queries(
    client, users, period, django_assert_num_queries
):
    report = fill_and_submit(report_of(period, "dd-lhh"), users["lienhiephoi"])
    services.report_return(report=report, reviewer=users["tuyengiao"], comment="Bổ sung.")
    client.force_login(users["lienhiephoi"])
    # Queries: session, user, the user's memberships with their units (roles and nav), the
    # obligations of the user's units in open periods, their reports, the return comments, the
    # directives the user reviews (none), the unread notifications (nav badge); the unit's work
    # across directives: its (task, unit) pairs with their statuses (one UNION query), their
    # tasks, units and open obligations.
    with django_assert_num_queries(12):
        client.get(HOME)

    _more_units_and_periods(period, users)
    client.force_login(users["lienhiephoi"])
    with django_assert_num_queries(12):
        response = client.get(HOME)
    assert len(response.context["todos"]) == 5
    assert len(response.context["returned"]) == 2


def test_reviewer_home_reads_a_fixed_number_of_queries(
    client, users, period, django_assert_num_queries
):
    client.force_login(users["tuyengiao"])
    # Queries: session, user, memberships with their units (roles and nav), the obligations of
    # the reviewer's own unit (Ban Tuyên giáo reports too), their reports, the directives it
    # reviews, their open periods, obligations + reports + reminders of those periods (stats),
    # the unread notifications (nav badge); the work of the reviewer's own unit across
    # directives (pairs, tasks, units, open obligations).
    with django_assert_num_queries(15):
        client.get(HOME)

    _more_units_and_periods(period, users)
    with django_assert_num_queries(15):
        response = client.get(HOME)
    [(_directive, managed)] = response.context["reviewing"]
    assert len(managed) == 2


def test_standing_committee_home_reads_a_fixed_number_of_queries(
    client, users, period, django_assert_num_queries
):
    client.force_login(users["thuongvu"])
    # Queries: session, user, memberships with their units (roles and nav), obligations of the
    # user's units (none), the directives the user reviews (none), all directives; the latest
    # summaries (stats.latest_period_summaries): latest periods, reports, reminders, units, leaf
    # tasks, lead units, lead groups' units, obligations, completed and regular entries, the
    # indicators, their figures; then the unread notifications (nav badge); the work of the
    # user's unit across directives (none: one query); the task statuses of every directive
    # (one grouped query over the pairs).
    with django_assert_num_queries(20):
        client.get(HOME)
    _more_units_and_periods(period, users)
    with django_assert_num_queries(20):
        response = client.get(HOME)
    assert len(response.context["leadership_summaries"]) == 1

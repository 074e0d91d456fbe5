"""The period dashboard, the matrix, the trend, the summary and reminders from the dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.monitoring.models import Reminder
from reports.monitoring.stats import CellStatus
from reports.notifications.models import Notification
from tests.reports.dashboard_data import add_units, make_state_period

pytestmark = pytest.mark.django_db

# The same for every page: session, user, the user's memberships with their units (roles and
# navigation, one read), the unread-notification badge.
BASE = 4


@pytest.fixture
def data():
    return make_state_period()


@pytest.fixture
def reviewer(client, data):
    client.force_login(data["reviewer"])
    return client


def dashboard_url(data, query=""):
    return reverse("period_dashboard", args=[data["period"].pk]) + query


def units_shown(response) -> list[str]:
    return [row.unit.code for row in response.context["rows"]]


# ---- dashboard -------------------------------------------------------------------------------


def test_dashboard_shows_counts_and_every_unit(reviewer, data):
    response = reviewer.get(dashboard_url(data))

    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts.total == 6
    assert counts["late"].count == 1
    assert set(units_shown(response)) == {
        "on-time",
        "late",
        "extended",
        "returned",
        "draft",
        "silent",
    }
    assert response.context["can_act"] is True
    assert b'id="reminder-form"' in response.content
    # One click into a report: the unit's name links to it.
    report = data["reports"]["late"]
    assert reverse("report_detail", args=[report.pk]).encode() in response.content
    # A unit with no report links to its page in the period (contacts, due date, reminders).
    silent = reverse("period_unit", args=[data["period"].pk, "silent"])
    assert f'href="{silent}"'.encode() in response.content
    assert reviewer.get(silent).status_code == 200


def test_dashboard_filters_by_status_and_kind(reviewer, data):
    overdue = reviewer.get(dashboard_url(data, "?status=overdue"))
    delegations = reviewer.get(dashboard_url(data, "?kind=dd"))

    # The real clock is long after 31/3/2026 and the extension to 20/4: three overdue units.
    assert set(units_shown(overdue)) == {"extended", "draft", "silent"}
    assert units_shown(delegations) == ["late"]
    # The counts stay those of the whole period.
    assert overdue.context["counts"].total == 6


def test_dashboard_sorts_by_a_column_both_ways(reviewer, data):
    def days(query):
        response = reviewer.get(dashboard_url(data, query))
        return [row.days_late for row in response.context["rows"]]

    assert days("?sort=days_late") == sorted(days(""))
    assert days("?sort=-days_late") == sorted(days(""), reverse=True)
    names = [
        r.unit.short_name for r in reviewer.get(dashboard_url(data, "?sort=-unit")).context["rows"]
    ]
    assert names == sorted(names, key=str.lower, reverse=True)


def test_nonsense_filters_are_ignored_with_a_message(reviewer, data):
    response = reviewer.get(dashboard_url(data, "?status=%3Cscript%3E&kind=zzz&sort=drop"))

    assert response.status_code == 200
    assert len(units_shown(response)) == 6
    content = response.content.decode()
    assert _("Unknown status “%(value)s”: ignored.") % {"value": "<script>"} not in content
    assert _("Unknown status “%(value)s”: ignored.") % {"value": "&lt;script&gt;"} in content
    assert _("Unknown unit kind “%(value)s”: ignored.") % {"value": "zzz"} in content
    assert _("Unknown sort order “%(value)s”: ignored.") % {"value": "drop"} in content
    assert "<script>" not in content.split("<main")[1]


def test_dashboard_refuses_post(reviewer, data):
    assert reviewer.post(dashboard_url(data)).status_code == 405


def test_unknown_period_is_404(reviewer):
    assert reviewer.get(reverse("period_dashboard", args=[999999])).status_code == 404


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_unit_staff_and_outsiders_get_404(client, data, persona):
    client.force_login(data[persona])

    assert client.get(dashboard_url(data)).status_code == 404
    assert client.get(reverse("period_matrix", args=[data["period"].pk])).status_code == 404


def test_standing_committee_reads_without_controls(client, data):
    client.force_login(data["leader"])

    response = client.get(dashboard_url(data))

    assert response.status_code == 200
    assert response.context["can_act"] is False
    assert b'id="reminder-form"' not in response.content
    assert b'name="units"' not in response.content
    assert b'id="read-only-badge"' in response.content


def test_anonymous_is_sent_to_sign_in(client, data):
    response = client.get(dashboard_url(data))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("extra", [0, 27])
def test_dashboard_query_count_does_not_grow_with_units(
    reviewer, data, extra, django_assert_num_queries
):
    add_units(data["period"], extra)

    # BASE + the period with its directive, reports, latest reminders, obligations with units,
    # the directive's indicators, the figures of submitted and accepted reports; the task
    # statuses of the period's units (one grouped query over the pairs)
    with django_assert_num_queries(BASE + 7):
        response = reviewer.get(dashboard_url(data))
    assert response.context["counts"].total == 6 + extra
    [conferences, _sessions] = response.context["indicators"].lines
    assert conferences.total == 3 + 5 + 2 * extra


def test_dashboard_sums_each_indicator_over_units_of_submitted_reports(reviewer, data):
    response = reviewer.get(dashboard_url(data))

    lines = {line.indicator.code: line for line in response.context["indicators"].lines}
    # Conferences: on-time 3 (awaiting review) + late 5 (accepted); the returned report's 100
    # and the draft's 50 are not counted. Sessions: under task 2.1, on-time's 4.
    assert (lines["hoi-nghi"].accepted_total, lines["hoi-nghi"].total) == (5, 8)
    assert (lines["hoi-nghi"].accepted_units, lines["hoi-nghi"].units) == (1, 2)
    assert (lines["buoi"].accepted_total, lines["buoi"].total) == (0, 4)
    content = response.content.decode()
    row = content.split('data-indicator="hoi-nghi"')[1].split("</tr>")[0]
    assert '<td class="text-end accepted-total">5</td>' in row
    assert '<td class="text-end indicator-total">8</td>' in row


# ---- reminders from the dashboard -------------------------------------------------------------


NOT_REPORTING = "One of the chosen units does not report in this period."


def remind_url(data):
    return reverse("period_remind", args=[data["period"].pk])


def test_reminder_goes_to_the_chosen_units_and_back_to_the_filtered_list(reviewer, data):
    units = data["units"]

    response = reviewer.post(
        remind_url(data),
        {
            "units": [units["draft"].pk, units["silent"].pk],
            "message": "Đề nghị gửi báo cáo ngay.",
            "filters": "status=overdue&evil=1",
        },
    )

    assert response.status_code == 302
    assert response.url == dashboard_url(data, "?status=overdue")
    reminders = Reminder.objects.filter(period=data["period"])
    assert {r.unit.code for r in reminders} == {"draft", "silent"}
    assert {r.sent_by for r in reminders} == {data["reviewer"]}
    assert Notification.objects.get(user=data["member"]).message == "Đề nghị gửi báo cáo ngay."
    listed = reviewer.get(response.url)
    # silent has no member: only draft counts as reached, and silent is named as not reached.
    shown = [str(m) for m in listed.context["messages"]]
    assert (
        ngettext("Reminder sent to %(count)d unit.", "Reminder sent to %(count)d units.", 1)
        % {"count": 1}
        in shown
    )
    assert (
        ngettext(
            "Not reached: %(units)s has no member account. The reminder is recorded; "
            "contact the unit another way.",
            "Not reached: %(units)s have no member account. The reminders are "
            "recorded; contact these units another way.",
            1,
        )
        % {"units": "ĐV silent"}
        in shown
    )
    row = next(r for r in listed.context["rows"] if r.unit.code == "draft")
    assert row.last_reminder_at is not None


def test_reminder_to_a_unit_that_submitted_is_refused_with_a_message(reviewer, data):
    units = data["units"]

    response = reviewer.post(
        remind_url(data),
        {"units": [units["draft"].pk, units["on_time"].pk], "message": "Nhắc."},
    )

    assert response.status_code == 400
    refusal = _(
        "%(units)s already submitted their report; a reminder is only sent to units that have not."
    ) % {"units": "ĐV on-time"}
    assert refusal in response.content.decode()
    assert Reminder.objects.count() == 0
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"message": "Nhắc."}, "Choose at least one unit to remind."),
        ({"units": ["abc"], "message": "Nhắc."}, NOT_REPORTING),
        ({"units": ["999999"], "message": "Nhắc."}, NOT_REPORTING),
        ({"message": "   "}, "Write the message of the reminder."),
    ],
)
def test_bad_reminder_input_is_explained_and_changes_nothing(reviewer, data, form, message):
    response = reviewer.post(remind_url(data), form)

    assert response.status_code == 400
    assert _(message) in response.content.decode()
    assert Reminder.objects.count() == 0


def test_reminder_refuses_get(reviewer, data):
    assert reviewer.get(remind_url(data)).status_code == 405


def test_standing_committee_cannot_send_reminders(client, data):
    client.force_login(data["leader"])

    response = client.post(
        remind_url(data), {"units": [data["units"]["draft"].pk], "message": "Nhắc."}
    )

    assert response.status_code == 403
    assert Reminder.objects.count() == 0


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_others_cannot_send_reminders(client, data, persona):
    client.force_login(data[persona])

    response = client.post(
        remind_url(data), {"units": [data["units"]["draft"].pk], "message": "Nhắc."}
    )

    assert response.status_code == 404
    assert Reminder.objects.count() == 0


def test_anonymous_cannot_send_reminders(client, data):
    response = client.post(remind_url(data), {"units": [data["units"]["draft"].pk]})

    assert response.status_code == 302
    assert Reminder.objects.count() == 0


# ---- matrix ----------------------------------------------------------------------------------


def matrix_url(data):
    return reverse("period_matrix", args=[data["period"].pk])


def test_matrix_shows_labelled_cells_linking_to_entries(reviewer, data):
    response = reviewer.get(matrix_url(data))

    assert response.status_code == 200
    content = response.content.decode()
    report = data["reports"]["on_time"]
    assert f'href="{reverse("report_detail", args=[report.pk])}#entry-2.1"' in content
    # Coloured by class and labelled in words.
    assert 'class="mx-cell mx-in_progress"' in content
    assert f"ĐV on-time: {CellStatus.labels['in_progress']}" in content
    counts = {row.task.number: row.counts for row in response.context["matrix"].leaf_rows}
    assert counts["1"]["not_reported"] == 3


def test_matrix_is_read_only_for_the_standing_committee(client, data):
    client.force_login(data["leader"])

    assert client.get(matrix_url(data)).status_code == 200


def test_matrix_refuses_post_and_unknown_period(reviewer, data):
    assert reviewer.post(matrix_url(data)).status_code == 405
    assert reviewer.get(reverse("period_matrix", args=[999999])).status_code == 404


def test_matrix_anonymous_is_sent_to_sign_in(client, data):
    assert client.get(matrix_url(data)).status_code == 302


@pytest.mark.parametrize("extra", [0, 27])
def test_matrix_query_count_does_not_grow_with_units(
    reviewer, data, extra, django_assert_num_queries
):
    add_units(data["period"], extra)

    # BASE + period, tasks, direct leads, group leads, units, reports, submitted entries,
    # the directive's indicators, their figures, the task statuses per task (one grouped
    # query over the pairs)
    with django_assert_num_queries(BASE + 10):
        response = reviewer.get(matrix_url(data))
    assert len(response.context["matrix"].units) == 6 + extra
    # A task's indicator under its task, summed over units: on-time's 4, then 3 per extra unit.
    row = response.content.decode().split('data-indicator="buoi"')[1]
    assert row.startswith(f'>Số buổi: <span class="indicator-total">{4 + 3 * extra}</span>')


# ---- across periods --------------------------------------------------------------------------


def trend_url(data):
    return reverse("directive_trend", args=[data["directive"].slug])


def test_trend_draws_a_chart_and_a_table(reviewer, data):
    response = reviewer.get(trend_url(data))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<svg" in content and 'role="img"' in content
    assert 'id="trend-table"' in content
    assert data["period"].name in content
    # Completed and carried out regularly apart; the indicators summed per period.
    [point] = response.context["points"]
    assert (point.completed_cells, point.regular_cells) == (1, 1)
    assert point.indicator_totals == [8, 4]
    assert '<td class="text-end indicator-total">8</td>' in content


def test_trend_access(client, data):
    assert client.get(trend_url(data)).status_code == 302
    client.force_login(data["member"])
    assert client.get(trend_url(data)).status_code == 404
    client.force_login(data["leader"])
    assert client.get(trend_url(data)).status_code == 200
    assert client.post(trend_url(data)).status_code == 405
    assert client.get(reverse("directive_trend", args=["khong-co"])).status_code == 404


@pytest.mark.parametrize("periods", [1, 4])
def test_trend_query_count_does_not_grow_with_periods(
    reviewer, data, periods, django_assert_num_queries
):
    from tests.reports.dashboard_data import make_period

    for year in range(periods - 1):
        make_period(
            data["directive"], name=f"Năm {2020 + year}", due_on=datetime.date(2020 + year, 12, 31)
        )

    # BASE + directive, periods, tasks, direct leads, group leads, obligations,
    # completed and regular entries, submissions, the indicators, their sums per period
    with django_assert_num_queries(BASE + 10):
        response = reviewer.get(trend_url(data))
    assert len(response.context["points"]) == periods


# ---- the Standing Committee's summary --------------------------------------------------------


def summary_url():
    return reverse("standing_summary")


def test_summary_shows_each_directive_with_its_latest_period(client, data):
    client.force_login(data["leader"])

    response = client.get(summary_url())

    assert response.status_code == 200
    [summary] = response.context["summaries"]
    assert summary.period == data["period"]
    assert summary.counts.as_dict()["overdue"] == 3
    content = response.content.decode()
    # Read only: the one form is the period chooser, which only reads (GET).
    main = content.split("<main")[1]
    assert 'method="post"' not in main and main.count("<form") == 1
    assert 'data-key="completion"' in content
    # Completed and carried out regularly are two figures: late's task 1 "regular" is not
    # counted as completed (issue 12.12). On-time's task 1 is the one completed.
    assert (summary.completed_cells, summary.regular_cells) == (1, 1)
    assert 'data-key="regular"' in content
    # The report-level indicators, summed as the dashboard sums them.
    assert [(line.indicator.code, line.total) for line in summary.indicators] == [("hoi-nghi", 8)]
    assert '<td class="text-end indicator-total">8</td>' in content


def test_summary_shows_the_latest_period_with_reports_not_a_newly_opened_one(client, data):
    from tests.reports.dashboard_data import make_period

    empty = make_period(data["directive"], name="Năm 2027", due_on=datetime.date(2027, 3, 31))
    client.force_login(data["leader"])

    [summary] = client.get(summary_url()).context["summaries"]

    assert summary.period == data["period"]
    assert summary.periods == [empty, data["period"]]  # the chooser, latest first


def test_the_reader_chooses_any_period(client, data):
    from tests.reports.dashboard_data import make_period

    empty = make_period(data["directive"], name="Năm 2027", due_on=datetime.date(2027, 3, 31))
    client.force_login(data["leader"])

    response = client.get(summary_url(), {"ky": [str(empty.pk)]})

    [summary] = response.context["summaries"]
    assert summary.period == empty
    assert summary.counts.total == 0
    content = response.content.decode()
    assert f'<option value="{empty.pk}" selected>Năm 2027' in content
    # A number that is no period of the reader's, or no number, leaves the default.
    for value in ("999999", "abc"):
        [summary] = client.get(summary_url(), {"ky": value}).context["summaries"]
        assert summary.period == data["period"]


def test_trend_never_plots_a_period_not_yet_due(reviewer, data):
    from tests.reports.dashboard_data import make_period

    make_period(data["directive"], name="Năm 2099", due_on=datetime.date(2099, 3, 31))

    response = reviewer.get(trend_url(data))

    content = response.content.decode()
    chart = content.split("<svg")[1].split("</svg>")[0]
    assert "Năm 2099" not in chart and data["period"].name in chart
    table = content.split('id="trend-table"')[1]
    assert "Năm 2099" in table and "not-yet-due" in table


def test_summary_for_a_reviewer_lists_the_directives_they_monitor(reviewer, data):
    from tests.reports.dashboard_data import make_directive

    make_directive()  # monitored by another unit

    response = reviewer.get(summary_url())

    assert [s.directive for s in response.context["summaries"]] == [data["directive"]]


def test_summary_access(client, data):
    assert client.get(summary_url()).status_code == 302
    client.force_login(data["member"])
    assert client.get(summary_url()).status_code == 404
    client.force_login(data["leader"])
    assert client.post(summary_url()).status_code == 405


@pytest.mark.parametrize("directives", [1, 4])
def test_summary_query_count_does_not_grow_with_directives(
    client, data, directives, django_assert_num_queries
):
    from tests.reports.dashboard_data import add_unit, make_directive, make_period

    for _number in range(directives - 1):
        other = make_period(make_directive())
        add_unit(other, f"u{other.pk}")
    client.force_login(data["leader"])

    # BASE + directives, latest periods, reports, reminders, obligations with units, tasks,
    # direct leads, group leads, obligations, completed and regular entries, the indicators,
    # their figures in the latest periods; the task statuses of every directive (one grouped
    # query over the pairs)
    with django_assert_num_queries(BASE + 13):
        response = client.get(summary_url())
    assert len(response.context["summaries"]) == directives

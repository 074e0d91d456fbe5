"""Reporting periods: the services and the reviewers' pages (list, open, edit, close, extend)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from directives.models import Task
from reports.periods import services as periods
from reports.periods.models import ReportingObligation, ReportingPeriod
from tests.conftest import make_unit
from tests.reports.reporting_data import REPORTING_UNITS, report_of
from units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

D = datetime.date


def unit_pks(*codes):
    return [str(pk) for pk in Unit.objects.filter(code__in=codes).values_list("pk", flat=True)]


def period_data(**changes):
    data = {
        "name": "6 tháng đầu năm 2027",
        "starts_on": "2027-01-01",
        "ends_on": "2027-06-30",
        "due_on": "2027-06-15",
        "units": unit_pks("dd-lhh", "dd-hdnd"),
    }
    data.update(changes)
    return data


def snapshot():
    """Everything the period pages can change, to show a refusal changed nothing."""
    return (
        list(
            ReportingPeriod.objects.order_by("pk").values_list(
                "pk", "name", "starts_on", "ends_on", "due_on", "status"
            )
        ),
        list(
            ReportingObligation.objects.order_by("pk").values_list(
                "period_id", "unit_id", "extended_due_on", "extension_reason"
            )
        ),
    )


def assert_field_error(response, field, message):
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert escape(message).encode() in response.content


@pytest.fixture
def reviewer(client, users):
    client.force_login(users["reviewer"])
    return client


# ---- services --------------------------------------------------------------------------------


def test_default_units_are_every_unit_with_a_leaf_task(period_186):
    units = set(periods.default_period_units(period_186.directive).values_list("code", flat=True))

    assert {"dd-lhh", "dd-hdnd", "bcsd-ubnd", "btgtu", "binhson", "mttq", "du-congan"} <= units
    # The leadership and the centre receive the directive; they do not report on it.
    assert not units & {"btvtu", "tinhuy", "bct"}


def test_a_unit_assigned_only_a_heading_task_is_not_a_default(period_186):
    directive = period_186.directive
    unit = make_unit("chi-de-muc", kind=UnitKind.ADVISORY_AGENCY)
    Task.objects.get(directive=directive, number="3").lead_units.add(unit)
    assert unit not in periods.default_period_units(directive)

    Task.objects.get(directive=directive, number="3.1").lead_units.add(unit)
    assert unit in periods.default_period_units(directive)


def test_period_open_creates_the_period_and_its_obligations(period_186, users):
    units = list(Unit.objects.filter(code__in=["dd-lhh", "mttq"]))

    period = periods.period_open(
        directive=period_186.directive,
        name=" Năm 2027 ",
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 12, 31),
        due_on=D(2027, 12, 15),
        units=units,
        user=users["reviewer"],
    )

    assert period.name == "Năm 2027"
    assert period.created_by == users["reviewer"]
    assert period.is_open
    assert set(period.units.values_list("code", flat=True)) == {"dd-lhh", "mttq"}


def test_period_open_reports_every_broken_rule_at_once(period_186, users):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        periods.period_open(
            directive=period_186.directive,
            name="Năm 2026",
            starts_on=D(2027, 1, 1),
            ends_on=D(2026, 12, 31),
            due_on=D(2026, 12, 15),
            units=[],
            user=users["reviewer"],
        )

    assert set(refused.value.message_dict) == {"name", "ends_on", "due_on", "units"}
    assert snapshot() == before


def test_obligation_extend_keeps_both_dates(period_186, users):
    obligation = period_186.obligations.get(unit__code="binhson")

    periods.obligation_extend(
        obligation=obligation,
        due_on=D(2026, 12, 30),
        reason="Bão lũ tháng 11",
        user=users["reviewer"],
    )

    obligation.refresh_from_db()
    assert obligation.due_on() == D(2026, 12, 30)
    assert obligation.period.due_on == D(2026, 12, 15)
    assert obligation.extension_reason == "Bão lũ tháng 11"


def test_obligation_extend_refuses_a_date_before_the_period_due_date(period_186, users):
    obligation = period_186.obligations.get(unit__code="binhson")

    with pytest.raises(ValidationError) as refused:
        periods.obligation_extend(
            obligation=obligation, due_on=D(2026, 12, 1), reason="Lý do", user=users["reviewer"]
        )

    assert "due_on" in refused.value.message_dict
    obligation.refresh_from_db()
    assert obligation.extended_due_on is None


def test_changing_a_closed_period_is_refused(period_186, users):
    periods.period_close(period=period_186, user=users["reviewer"])

    with pytest.raises(ValidationError):
        periods.obligation_extend(
            obligation=period_186.obligations.first(),
            due_on=D(2026, 12, 31),
            reason="Lý do",
            user=users["reviewer"],
        )


# ---- the list --------------------------------------------------------------------------------


def list_url(period):
    return reverse("period_list", args=[period.directive.slug])


def test_reviewer_sees_the_periods_with_their_figures(reviewer, period_186):
    response = reviewer.get(list_url(period_186))

    assert response.status_code == 200
    [(period, counts)] = response.context["items"]
    assert period == period_186
    assert counts.total == len(REPORTING_UNITS)
    assert response.context["can_act"] is True
    assert reverse("period_create", args=[period_186.directive.slug]).encode() in response.content
    assert reverse("period_close", args=[period_186.pk]).encode() in response.content


def test_standing_committee_reads_the_list_without_controls(client, users, period_186):
    client.force_login(users["standing"])

    response = client.get(list_url(period_186))

    assert response.status_code == 200
    assert response.context["can_act"] is False
    assert b'id="read-only-badge"' in response.content
    assert reverse("period_create", args=[period_186.directive.slug]).encode() not in (
        response.content
    )
    assert reverse("period_close", args=[period_186.pk]).encode() not in response.content


def test_unit_staff_are_told_the_list_does_not_exist(client, users, period_186):
    client.force_login(users["owner"])

    assert client.get(list_url(period_186)).status_code == 404


def test_anonymous_is_sent_to_sign_in_from_the_list(client, period_186):
    response = client.get(list_url(period_186))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_list_refuses_post(reviewer, period_186):
    assert reviewer.post(list_url(period_186)).status_code == 405


def test_the_list_reads_a_fixed_number_of_queries(
    reviewer, period_186, users, django_assert_num_queries
):
    # Queries: session, user, the user's memberships with their units (roles and nav), the
    # directive, its periods, obligations with units, reports, reminders
    # (stats.unit_rows_for_periods), the unread notifications (nav badge).
    with django_assert_num_queries(9):
        reviewer.get(list_url(period_186))

    more = [make_unit(f"them-{n}", kind=UnitKind.DISTRICT_COMMITTEE) for n in range(15)]
    periods.period_open(
        directive=period_186.directive,
        name="Năm 2027",
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 12, 31),
        due_on=D(2027, 12, 15),
        units=[*more, *Unit.objects.filter(code__in=REPORTING_UNITS)],
        user=users["reviewer"],
    )
    report_of(period_186, "dd-lhh")
    with django_assert_num_queries(9):
        response = reviewer.get(list_url(period_186))
    assert len(response.context["items"]) == 2


# ---- opening a period ------------------------------------------------------------------------


def create_url(period):
    return reverse("period_create", args=[period.directive.slug])


def test_the_form_ticks_the_default_units_grouped_by_kind(reviewer, period_186):
    response = reviewer.get(create_url(period_186))

    assert response.status_code == 200
    groups = dict(response.context["unit_groups"])
    checked = {unit.code for rows in groups.values() for unit, ticked, _o in rows if ticked}
    expected = set(
        periods.default_period_units(period_186.directive).values_list("code", flat=True)
    )
    assert checked == expected
    assert str(UnitKind.DISTRICT_COMMITTEE.label) in groups
    assert b'id="unit-binhson" checked' in response.content


def test_reviewer_opens_a_period(reviewer, period_186, users):
    response = reviewer.post(create_url(period_186), period_data())

    assert response.status_code == 302
    assert response.url == list_url(period_186)
    period = ReportingPeriod.objects.get(name="6 tháng đầu năm 2027")
    assert (period.starts_on, period.ends_on, period.due_on) == (
        D(2027, 1, 1),
        D(2027, 6, 30),
        D(2027, 6, 15),
    )
    assert period.directive == period_186.directive
    assert period.created_by == users["reviewer"]
    assert set(period.units.values_list("code", flat=True)) == {"dd-lhh", "dd-hdnd"}


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"due_on": "2026-12-31"},
            "due_on",
            "The due date must not be before the start date.",
        ),
        (
            {"ends_on": "2026-12-31"},
            "ends_on",
            "The end date must not be before the start date.",
        ),
        (
            {"name": "Năm 2026"},
            "name",
            "This directive already has a period with this name.",
        ),
        ({"units": []}, "units", "Choose at least one unit that must report."),
        ({"name": "  "}, "name", "Give the period a name, for example “Năm 2026”."),
        (
            {"starts_on": "30 tháng 2"},
            "starts_on",
            "Enter the date as dd/mm/yyyy (day, month, year), for example 31/12/2026.",
        ),
        (
            {"units": ["999999"]},
            "units",
            "One of the chosen units cannot report in this period.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    reviewer, period_186, changes, field, message
):
    before = snapshot()

    response = reviewer.post(create_url(period_186), period_data(**changes))

    assert_field_error(response, field, _(message))
    assert snapshot() == before


def test_a_refused_form_keeps_what_was_typed(reviewer, period_186):
    response = reviewer.post(create_url(period_186), period_data(due_on="2026-01-01"))

    assert b'value="6 th\xc3\xa1ng \xc4\x91\xe1\xba\xa7u n\xc4\x83m 2027"' in response.content
    assert b'id="unit-dd-lhh" checked' in response.content
    assert b'id="unit-binhson" checked' not in response.content


def test_standing_committee_cannot_open_a_period(client, users, period_186):
    client.force_login(users["standing"])
    before = snapshot()

    assert client.get(create_url(period_186)).status_code == 403
    assert client.post(create_url(period_186), period_data()).status_code == 403
    assert snapshot() == before


def test_unit_staff_cannot_open_a_period(client, users, period_186):
    client.force_login(users["owner"])
    before = snapshot()

    assert client.get(create_url(period_186)).status_code == 404
    assert client.post(create_url(period_186), period_data()).status_code == 404
    assert snapshot() == before


def test_anonymous_cannot_open_a_period(client, period_186):
    before = snapshot()

    response = client.post(create_url(period_186), period_data())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert snapshot() == before


def test_opening_refuses_other_methods(reviewer, period_186):
    assert reviewer.put(create_url(period_186)).status_code == 405


def test_a_reviewer_of_another_directive_is_an_outsider(client, period_186):
    from tests.conftest import make_user

    other_reviewer = make_user("btg-khac", make_unit("btg-khac", kind=UnitKind.ADVISORY_AGENCY))
    client.force_login(other_reviewer)

    assert client.get(list_url(period_186)).status_code == 404
    assert client.get(create_url(period_186)).status_code == 404


# ---- editing ---------------------------------------------------------------------------------


def edit_url(period):
    return reverse("period_edit", args=[period.pk])


def edit_data(period, **changes):
    data = {
        "name": period.name,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat(),
        "due_on": period.due_on.isoformat(),
        "units": unit_pks(*REPORTING_UNITS),
    }
    data.update(changes)
    return data


def test_the_edit_form_shows_the_period_units(reviewer, period_186):
    response = reviewer.get(edit_url(period_186))

    assert response.status_code == 200
    groups = dict(response.context["unit_groups"])
    checked = {unit.code for rows in groups.values() for unit, ticked, _o in rows if ticked}
    assert checked == set(REPORTING_UNITS)
    assert reverse("period_extend", args=[period_186.pk, "binhson"]).encode() in response.content


def test_reviewer_changes_dates_and_units(reviewer, period_186):
    data = edit_data(
        period_186,
        name="Cả năm 2026",
        due_on="2026-12-20",
        units=unit_pks("dd-lhh", "dd-hdnd", "bcsd-ubnd", "btgtu", "mttq"),
    )

    response = reviewer.post(edit_url(period_186), data)

    assert response.status_code == 302
    period_186.refresh_from_db()
    assert period_186.name == "Cả năm 2026"
    assert period_186.due_on == D(2026, 12, 20)
    assert set(period_186.units.values_list("code", flat=True)) == {
        "dd-lhh",
        "dd-hdnd",
        "bcsd-ubnd",
        "btgtu",
        "mttq",
    }


def test_a_unit_that_started_its_report_cannot_be_dropped(reviewer, period_186):
    report_of(period_186, "binhson")
    before = snapshot()

    response = reviewer.post(
        edit_url(period_186), edit_data(period_186, units=unit_pks("dd-lhh", "dd-hdnd"))
    )

    message = _("%(units)s already started a report for this period and must stay on the list.") % {
        "units": "Huyện ủy Bình Sơn"
    }
    assert_field_error(response, "units", message)
    assert snapshot() == before


def test_editing_keeps_the_period_own_name_free(reviewer, period_186):
    response = reviewer.post(edit_url(period_186), edit_data(period_186, ends_on="2026-12-30"))

    assert response.status_code == 302
    period_186.refresh_from_db()
    assert period_186.ends_on == D(2026, 12, 30)


def test_editing_refuses_a_due_date_before_the_start(reviewer, period_186):
    before = snapshot()

    response = reviewer.post(edit_url(period_186), edit_data(period_186, due_on="2025-12-31"))

    assert_field_error(response, "due_on", _("The due date must not be before the start date."))
    assert snapshot() == before


def test_editing_a_closed_period_is_refused(reviewer, period_186, users):
    periods.period_close(period=period_186, user=users["reviewer"])
    before = snapshot()

    response = reviewer.post(edit_url(period_186), edit_data(period_186, name="Đổi tên"))

    assert response.status_code == 400
    assert _("This period is closed. Reopen it before changing it.") in (
        response.context["form"].non_field_errors()
    )
    assert snapshot() == before


def test_edit_access(client, users, period_186):
    before = snapshot()
    client.force_login(users["standing"])
    assert client.get(edit_url(period_186)).status_code == 403
    assert client.post(edit_url(period_186), edit_data(period_186, name="X")).status_code == 403
    client.force_login(users["owner"])
    assert client.get(edit_url(period_186)).status_code == 404
    assert client.post(edit_url(period_186), edit_data(period_186, name="X")).status_code == 404
    client.logout()
    assert client.post(edit_url(period_186), edit_data(period_186, name="X")).status_code == 302
    client.force_login(users["reviewer"])
    assert client.delete(edit_url(period_186)).status_code == 405
    assert client.get(reverse("period_edit", args=[999999])).status_code == 404
    assert snapshot() == before


# ---- closing and reopening -------------------------------------------------------------------


def test_reviewer_closes_and_reopens_a_period(reviewer, period_186):
    response = reviewer.post(reverse("period_close", args=[period_186.pk]))

    assert response.status_code == 302
    period_186.refresh_from_db()
    assert period_186.status == ReportingPeriod.Status.CLOSED

    reviewer.post(reverse("period_reopen", args=[period_186.pk]))
    period_186.refresh_from_db()
    assert period_186.status == ReportingPeriod.Status.OPEN


@pytest.mark.parametrize("name", ["period_close", "period_reopen"])
def test_close_and_reopen_access(client, users, period_186, name):
    url = reverse(name, args=[period_186.pk])
    before = snapshot()
    client.force_login(users["reviewer"])
    assert client.get(url).status_code == 405
    client.force_login(users["standing"])
    assert client.post(url).status_code == 403
    client.force_login(users["owner"])
    assert client.post(url).status_code == 404
    client.logout()
    assert client.post(url).status_code == 302
    assert snapshot() == before


# ---- extensions ------------------------------------------------------------------------------


def extend_url(period, code="binhson"):
    return reverse("period_extend", args=[period.pk, code])


def test_reviewer_grants_an_extension(reviewer, period_186):
    response = reviewer.post(
        extend_url(period_186), {"due_on": "2026-12-28", "reason": "Ảnh hưởng bão số 13"}
    )

    assert response.status_code == 302
    obligation = period_186.obligations.get(unit__code="binhson")
    assert obligation.extended_due_on == D(2026, 12, 28)
    assert obligation.extension_reason == "Ảnh hưởng bão số 13"
    period_186.refresh_from_db()
    assert period_186.due_on == D(2026, 12, 15)


def test_an_extension_before_the_due_date_is_refused(reviewer, period_186):
    before = snapshot()

    response = reviewer.post(extend_url(period_186), {"due_on": "2026-12-10", "reason": "Lý do"})

    message = _("The new due date must be after the period's due date (%(date)s).") % {
        "date": "15/12/2026"
    }
    assert_field_error(response, "due_on", message)
    assert snapshot() == before


def test_an_extension_needs_a_reason(reviewer, period_186):
    before = snapshot()

    response = reviewer.post(extend_url(period_186), {"due_on": "2026-12-28", "reason": " "})

    assert_field_error(response, "reason", _("Give the reason for the extension."))
    assert snapshot() == before


def test_reviewer_withdraws_an_extension(reviewer, period_186, users):
    obligation = period_186.obligations.get(unit__code="binhson")
    periods.obligation_extend(
        obligation=obligation, due_on=D(2026, 12, 28), reason="Bão", user=users["reviewer"]
    )

    response = reviewer.post(extend_url(period_186), {"withdraw": "1"})

    assert response.status_code == 302
    obligation.refresh_from_db()
    assert (obligation.extended_due_on, obligation.extension_reason) == (None, "")


def test_extension_access(client, users, period_186):
    url = extend_url(period_186)
    data = {"due_on": "2026-12-28", "reason": "Lý do"}
    before = snapshot()
    client.force_login(users["reviewer"])
    assert client.get(url).status_code == 200
    assert client.put(url).status_code == 405
    # A unit that does not report in the period has nothing to extend.
    assert client.get(extend_url(period_186, "mttq")).status_code == 404
    client.force_login(users["standing"])
    assert client.post(url, data).status_code == 403
    client.force_login(users["owner"])
    assert client.post(url, data).status_code == 404
    client.logout()
    assert client.post(url, data).status_code == 302
    assert snapshot() == before


def test_a_name_taken_at_the_same_moment_is_refused_with_the_message(
    period_186, users, monkeypatch
):
    # The name check passed (another reviewer had not committed yet); the constraint decides.
    monkeypatch.setattr(periods, "_check_period", lambda **kwargs: None)

    with pytest.raises(ValidationError) as refused:
        periods.period_open(
            directive=period_186.directive,
            name="Năm 2026",
            starts_on=D(2026, 1, 1),
            ends_on=D(2026, 12, 31),
            due_on=D(2026, 12, 15),
            units=list(Unit.objects.filter(code="dd-lhh")),
            user=users["reviewer"],
        )

    assert refused.value.message_dict == {
        "name": [_("This directive already has a period with this name.")]
    }
    assert ReportingPeriod.objects.filter(name="Năm 2026").count() == 1


# ---- the next period -------------------------------------------------------------------------


def _period(directive, name, starts_on, ends_on, due_on, **extra):
    return ReportingPeriod(
        directive=directive, name=name, starts_on=starts_on, ends_on=ends_on, due_on=due_on, **extra
    )


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (("2026-01-01", "2026-12-31", "2027-01-15"),
         ("Năm 2027", "2027-01-01", "2027-12-31", "2028-01-15")),
        (("2026-01-01", "2026-06-30", "2026-07-10"),
         ("6 tháng cuối năm 2026", "2026-07-01", "2026-12-31", "2027-01-10")),
        (("2026-07-01", "2026-12-31", "2027-01-10"),
         ("6 tháng đầu năm 2027", "2027-01-01", "2027-06-30", "2027-07-10")),
        (("2026-10-01", "2026-12-31", "2027-01-31"),
         ("Quý I/2027", "2027-01-01", "2027-03-31", "2027-04-30")),
        (("2026-01-01", "2026-01-31", "2026-02-05"),
         ("Tháng 2/2026", "2026-02-01", "2026-02-28", "2026-03-05")),
    ],
)  # fmt: skip
def test_the_next_period_moves_every_date_by_the_period_length(dates, expected):
    day = datetime.date.fromisoformat
    period = _period(None, "x", *(day(d) for d in dates))
    name, *expected_dates = expected
    assert period.next_name() == name
    assert period.next_dates() == tuple(day(d) for d in expected_dates)


def test_a_period_of_no_whole_months_has_no_next_one():
    period = _period(
        None, "x", datetime.date(2026, 1, 15), datetime.date(2026, 4, 14), datetime.date(2026, 5, 1)
    )
    assert period.next_dates() is None and period.next_name() is None


def test_the_daily_run_opens_the_next_recurring_period_once(period_186):
    from reports.periods.services import periods_open_next

    period_186.recurring = True
    period_186.save()
    units = set(period_186.units.values_list("pk", flat=True))
    after_end = period_186.ends_on + datetime.timedelta(days=1)

    assert periods_open_next(today=period_186.ends_on) == []  # not ended yet
    [opened] = periods_open_next(today=after_end)
    assert periods_open_next(today=after_end) == []  # idempotent

    assert (opened.name, opened.starts_on) == (period_186.next_name(), after_end)
    assert opened.recurring and set(opened.units.values_list("pk", flat=True)) == units


def test_open_next_prefills_the_form_from_the_period_before(reviewer, period_186):
    response = reviewer.get(
        reverse("period_create", args=[period_186.directive.slug]) + f"?sau={period_186.pk}"
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == period_186.next_name()
    assert set(form.initial["units"]) == set(period_186.units.all())


def test_the_units_a_new_period_asks_are_told_in_the_app_and_by_email(
    period_186, users, mailoutbox, django_capture_on_commit_callbacks
):
    from reports.notifications.models import Notification

    lhh = Unit.objects.get(code="dd-lhh")
    with django_capture_on_commit_callbacks(execute=True):
        period = periods.period_open(
            directive=period_186.directive,
            name="Năm 2027",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
            due_on=datetime.date(2027, 12, 15),
            units=[lhh],
            user=users["reviewer"],
        )
    [notice] = Notification.objects.filter(user=users["owner"], message__contains="Năm 2027")
    assert notice.url == reverse("report_open", args=[period.pk, "dd-lhh"])
    assert "15/12/2027" in notice.message
    assert not Notification.objects.filter(user=users["other_unit"], message__contains="2027")
    assert any("Năm 2027" in mail.subject for mail in mailoutbox)

    # A unit added later hears it then; the unit already asked is not told twice.
    hdnd = Unit.objects.get(code="dd-hdnd")
    periods.period_update(
        period=period,
        name=period.name,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_on=period.due_on,
        units=[lhh, hdnd],
        user=users["reviewer"],
    )
    assert (
        Notification.objects.filter(user=users["other_unit"], message__contains="2027").count() == 1
    )
    assert Notification.objects.filter(user=users["owner"], message__contains="2027").count() == 1

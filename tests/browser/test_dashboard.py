"""tuyengiao chases the late units of 186-CV/TU from the dashboard in a real browser."""

import datetime

import pytest
from django.utils import timezone

from directives.seed import load_186
from reports.monitoring.models import Reminder
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.models import UnitReport
from tests.conftest import sign_in
from units.demo import create_demo_accounts
from units.models import Unit

pytestmark = pytest.mark.browser


def test_tuyengiao_filters_late_units_and_reminds_them(page, transactional_db):
    directive = load_186()
    create_demo_accounts()
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(
        directive=directive,
        name="Năm 2026",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=15),
        due_on=today - datetime.timedelta(days=10),
    )
    units = {u.code: u for u in Unit.objects.filter(code__in=["dd-lhh", "dd-hdnd", "bcsd-ubnd"])}
    for unit in units.values():
        ReportingObligation.objects.create(period=period, unit=unit)
    submitted = timezone.now() - datetime.timedelta(days=12)
    UnitReport.objects.create(
        period=period,
        unit=units["dd-lhh"],
        status="submitted",
        first_submitted_at=submitted,
        submitted_at=submitted,
    )
    UnitReport.objects.create(period=period, unit=units["dd-hdnd"])  # a draft, overdue
    # bcsd-ubnd has not opened its report: overdue too.

    sign_in(page, "tuyengiao", "demo")
    page.goto(f"/theo-doi/ky/{period.pk}/")
    assert page.locator("#unit-table tbody tr").count() == 3

    page.select_option("#id_status", "overdue")
    page.locator("#filters button[type=submit]").click()
    page.wait_for_url("**status=overdue**")
    rows = page.locator("#unit-table tbody tr")
    assert sorted(rows.nth(i).get_attribute("data-unit") for i in range(rows.count())) == [
        "bcsd-ubnd",
        "dd-hdnd",
    ]
    assert page.locator("#unit-table .last-reminder").all_inner_texts() == ["—", "—"]

    page.check("#select-all")
    message = page.locator("#reminder-form textarea")
    assert "đề nghị quý đơn vị" in message.input_value()
    page.click("#send-reminder")
    page.wait_for_url("**status=overdue**")

    assert page.get_by_role("alert").first.is_visible()
    stamps = page.locator("#unit-table .last-reminder").all_inner_texts()
    assert len(stamps) == 2 and "—" not in stamps
    assert set(Reminder.objects.values_list("unit__code", flat=True)) == {"bcsd-ubnd", "dd-hdnd"}


def test_tuyengiao_extends_and_reminds_a_unit_that_has_not_started(page, transactional_db):
    directive = load_186()
    create_demo_accounts()
    today = timezone.localdate()
    period = ReportingPeriod.objects.create(
        directive=directive,
        name="Năm 2026",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=15),
        due_on=today - datetime.timedelta(days=5),
    )
    ubnd = Unit.objects.get(code="bcsd-ubnd")
    ReportingObligation.objects.create(period=period, unit=ubnd)

    sign_in(page, "tuyengiao", "demo")
    page.goto(f"/theo-doi/ky/{period.pk}/")
    # Extend from the overdue row itself, and land back on the dashboard.
    page.locator("#unit-table tr[data-unit=bcsd-ubnd] .extend-link").click()
    later = today + datetime.timedelta(days=7)
    page.fill("#id_due_on", later.strftime("%d/%m/%Y"))
    page.fill("#id_reason", "Đơn vị đang kiện toàn nhân sự.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/theo-doi/ky/{period.pk}/")
    assert (
        later.strftime("%d/%m/%Y")
        in page.locator("#unit-table tr[data-unit=bcsd-ubnd]").inner_text()
    )

    # The unit's name leads to its page: due date, contacts, no reminder yet.
    page.locator("#unit-table tr[data-unit=bcsd-ubnd] a").first.click()
    page.wait_for_url(f"**/theo-doi/ky/{period.pk}/don-vi/bcsd-ubnd/")
    assert page.locator("#not-started").is_visible()
    assert later.strftime("%d/%m/%Y") in page.locator("#due-on").inner_text()
    assert page.locator("#contacts li").count() >= 1
    page.click("#send-reminder")
    page.wait_for_url(f"**/theo-doi/ky/{period.pk}/don-vi/bcsd-ubnd/")
    assert page.locator("#reminder-history tbody tr").count() == 1
    page.click("#back-to-period")
    page.wait_for_url(f"**/theo-doi/ky/{period.pk}/")


def test_the_reviewer_s_menu_leads_to_monitoring_and_a_unit_s_does_not(page, transactional_db):
    load_186()
    create_demo_accounts()
    sign_in(page, "tuyengiao", "demo")
    page.click("#nav-monitoring")
    page.wait_for_url("**/theo-doi/tong-hop/")
    page.locator("form[action='/dang-xuat/'] button").click()
    page.wait_for_load_state("networkidle")
    sign_in(page, "lienhiephoi", "demo")
    assert page.locator("#nav-monitoring").count() == 0

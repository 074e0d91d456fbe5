"""Indicators in a real browser: two units each state their report's figures once (whatever the
number of their tasks) and submit; the Department's dashboard shows the sums, and accepting
one report moves its figures into the "accepted" column."""

import pytest
from django.urls import reverse

from directives.models import Indicator
from reports.submissions.models import IndicatorValue, UnitReport
from tests.conftest import sign_in
from tests.reports.reporting_data import seed_186_with_period

pytestmark = pytest.mark.browser


def sign_out(page):
    page.locator("form[action='/dang-xuat/'] button").click()
    page.wait_for_load_state("networkidle")


def report_and_submit(page, period, username: str, unit_code: str, figures: dict[str, int]):
    sign_in(page, username, "demo")
    page.goto(reverse("report_open", args=[period.pk, unit_code]))
    page.locator("#report-actions a[href$='/sua/']").click()
    report = UnitReport.objects.get(period=period, unit__code=unit_code)
    # The report's figures are asked once, in their own card above the tasks: no task card
    # asks for them again.
    card = page.locator("#report-indicators")
    assert card.is_visible()
    assert page.locator(".entry-card input[id*='-indicator-']").count() <= 1
    for code, value in figures.items():
        indicator = Indicator.objects.get(directive=period.directive, code=code)
        page.fill(f"#id_indicator-{indicator.pk}", str(value))
    for entry in report.entries.all():
        page.select_option(f"#id_entry-{entry.pk}-status", "completed")
        page.fill(f"#id_entry-{entry.pk}-results", f"Đã tổ chức {figures['hoi-nghi']} hội nghị.")
        page.fill(f"#id_entry-{entry.pk}-completed_on", "02/01/2026")
    page.click("#save-and-submit")
    page.wait_for_url("**/nop/")
    # What is about to be sent shows the figures once.
    assert page.locator(
        "#report-indicators [data-indicator=hoi-nghi] .indicator-value"
    ).inner_text() == (str(figures["hoi-nghi"]))
    page.click("#confirm-submit")
    page.wait_for_url(f"**{report.get_absolute_url()}")
    sign_out(page)
    return report


def dashboard_cell(page, code: str, column: str) -> str:
    return page.locator(f"#indicator-table tr[data-indicator={code}] .{column}").inner_text()


def test_units_state_their_figures_once_and_the_dashboard_sums_them(page, transactional_db):
    _directive, period = seed_186_with_period()
    page.on("dialog", lambda dialog: dialog.accept())  # "Accept this report?"

    # Liên hiệp hội answers four tasks, HĐND two: each states its figures once.
    lhh = report_and_submit(
        page, period, "lienhiephoi", "dd-lhh", {"hoi-nghi": 3, "nguoi-tham-du": 120}
    )
    report_and_submit(page, period, "hdnd", "dd-hdnd", {"hoi-nghi": 2, "nguoi-tham-du": 85})
    assert lhh.entries.count() == 4
    assert IndicatorValue.objects.filter(task__isnull=False).count() == 0

    sign_in(page, "tuyengiao", "demo")
    page.goto(reverse("period_dashboard", args=[period.pk]))
    assert dashboard_cell(page, "hoi-nghi", "indicator-total") == "5"
    assert dashboard_cell(page, "nguoi-tham-du", "indicator-total") == "205"
    assert dashboard_cell(page, "hoi-nghi", "accepted-total") == "0"

    page.goto(lhh.get_absolute_url())
    page.click("#accept-report")
    page.wait_for_load_state("networkidle")
    page.goto(reverse("period_dashboard", args=[period.pk]))
    assert dashboard_cell(page, "hoi-nghi", "accepted-total") == "3"
    assert dashboard_cell(page, "nguoi-tham-du", "accepted-total") == "120"
    assert dashboard_cell(page, "nguoi-tham-du", "indicator-total") == "205"

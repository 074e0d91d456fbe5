"""The Propaganda Department opens a reporting period in a real browser."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from directives.seed import load_186
from reports.periods.models import ReportingPeriod
from reports.periods.services import default_period_units, period_open
from tests.conftest import sign_in
from units.demo import create_demo_accounts

pytestmark = pytest.mark.browser


def test_tuyengiao_opens_a_period_and_finds_it_in_the_list(page, transactional_db):
    directive = load_186()
    create_demo_accounts()
    defaults = default_period_units(directive).count()
    sign_in(page, "tuyengiao", "demo")

    # From the home page to the directive's periods, then the form.
    page.locator(f"a[href='{reverse('period_list', args=[directive.slug])}']").first.click()
    page.click("#open-period")
    page.wait_for_url(f"**{reverse('period_create', args=[directive.slug])}")
    assert page.locator("#unit-binhson").is_checked()

    page.fill("#id_name", "6 tháng đầu năm 2027")
    page.fill("#id_starts_on", "01/01/2027")
    page.fill("#id_ends_on", "30/06/2027")
    page.fill("#id_due_on", "20/12/2026")  # before the start: refused
    page.locator("#unit-binhson").uncheck()
    page.click("#save-period")
    assert page.get_by_text(_("The due date must not be before the start date.")).is_visible()
    assert not ReportingPeriod.objects.exists()
    # What was typed and unticked is still there.
    assert page.input_value("#id_name") == "6 tháng đầu năm 2027"
    assert not page.locator("#unit-binhson").is_checked()

    page.fill("#id_due_on", "15/06/2027")
    page.click("#save-period")
    page.wait_for_url(f"**{reverse('period_list', args=[directive.slug])}")

    row = page.locator("#periods .period-row", has_text="6 tháng đầu năm 2027")
    assert row.is_visible()
    assert "15/06/2027" in row.inner_text()
    period = ReportingPeriod.objects.get(name="6 tháng đầu năm 2027")
    assert period.units.count() == defaults - 1
    assert not period.units.filter(code="binhson").exists()


def test_tuyengiao_opens_the_next_period_in_one_step(page, transactional_db):
    directive = load_186()
    create_demo_accounts()
    reviewer = get_user_model().objects.get(username="tuyengiao")
    period_open(
        directive=directive,
        name="Quý III/2026",
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 9, 30),
        due_on=datetime.date(2026, 10, 10),
        units=default_period_units(directive)[:3],
        user=reviewer,
    )
    sign_in(page, "tuyengiao", "demo")
    page.goto(reverse("period_list", args=[directive.slug]))
    page.click("#open-next")
    assert page.input_value("#id_name") == "Quý IV/2026"
    assert page.input_value("#id_starts_on") == "01/10/2026"
    assert page.input_value("#id_ends_on") == "31/12/2026"
    assert page.input_value("#id_due_on") == "10/01/2027"
    page.click("#save-period")
    page.wait_for_url(f"**{reverse('period_list', args=[directive.slug])}")
    assert page.locator("#periods .period-row", has_text="Quý IV/2026").is_visible()
    following = ReportingPeriod.objects.get(name="Quý IV/2026")
    assert set(following.units.values_list("code", flat=True)) == set(
        ReportingPeriod.objects.get(name="Quý III/2026").units.values_list("code", flat=True)
    )

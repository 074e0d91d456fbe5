"""In Chromium: a unit's home lists its tasks of every directive, by status, with the report to
fill next; the Department filters every unit's tasks across directives with the GET form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directives.models import Task, TaskCoordination
from reports.submissions.models import ReportStatus
from tests.conftest import sign_in
from tests.reports.dashboard_data import add_unit, make_directive, make_period, make_report
from tests.reports.reporting_data import seed_186_with_period

pytestmark = pytest.mark.browser


def test_the_unit_home_and_the_filter_across_directives(page, transactional_db):
    _directive, period = seed_186_with_period()
    today = timezone.localdate()
    Task.objects.filter(directive=period.directive, number="4.1").update(
        deadline=today - datetime.timedelta(days=5)
    )
    Task.objects.filter(directive=period.directive, number="4.2").update(
        deadline=today + datetime.timedelta(days=3)
    )
    other = make_directive(monitoring_unit=period.directive.monitoring_unit)
    other_period = make_period(other, due_on=today + datetime.timedelta(days=30))
    lhh = period.units.get(code="dd-lhh")
    other.t21.lead_units.add(lhh)
    # lhh also coordinates 2.2 of the other directive, which another unit led and completed.
    leader = add_unit(other_period, "lead-22", tasks=[other.t22])
    make_report(
        other_period,
        leader,
        status=ReportStatus.ACCEPTED,
        submitted_on=today,
        entries={other.t1: "completed", other.t22: "completed"},
    )
    TaskCoordination.objects.create(task=other.t22, unit=lhh)

    # The unit: its tasks of both directives, grouped by status, the overdue group first.
    sign_in(page, "lienhiephoi", "demo")
    page.goto(reverse("home"))
    work = page.locator("#my-work")
    assert work.is_visible()
    groups = work.locator("h3.work-group")
    assert groups.first.get_attribute("data-status") == "qua-han"
    assert "Quá hạn chưa hoàn thành" in groups.first.inner_text()
    overdue = work.locator("tr.work-row[data-status='qua-han']")
    assert overdue.count() == 1 and "4.1." in overdue.inner_text()
    assert work.locator("tr.work-row .due-soon").count() == 1  # 4.2, in three days
    directives = {row.inner_text() for row in work.locator("tr.work-row td:first-child").all()}
    assert directives == {period.directive.reference, other.reference}
    # The task it coordinates shows the status its leading unit gave it.
    coordinated = work.locator(f"tr.work-row[data-task='{other.t22.pk}']")
    assert coordinated.get_attribute("data-status") == "dung-han"
    assert "Phối hợp" in coordinated.inner_text()
    assert "Hoàn thành đúng hạn" in coordinated.inner_text()
    # The report to fill next opens the unit's report of the period.
    overdue.locator(f"a[href='{reverse('report_open', args=[period.pk, 'dd-lhh'])}']").click()
    page.wait_for_url("**/bao-cao/*/")
    assert period.name in page.locator("main").inner_text()
    page.locator("form[action='/dang-xuat/'] button").click()

    # The Department: every unit's tasks; filter by status, then by unit and directive.
    sign_in(page, "tuyengiao", "demo")
    page.goto(reverse("work_across_directives"))
    everything = page.locator("tr.work-row").count()
    assert everything > 5
    page.select_option("#id_status", "qua-han")
    page.click("#work-filters button[type=submit]")
    page.wait_for_url("**status=qua-han**")
    rows = page.locator("tr.work-row")
    assert rows.count() >= 1
    assert {r.get_attribute("data-status") for r in rows.all()} == {"qua-han"}
    assert page.locator(".task-status-counts [data-status='qua-han'] .count").inner_text() == str(
        rows.count()
    )
    page.select_option("#id_status", "")
    page.fill("#id_unit", "dd-lhh")
    page.select_option("#id_directive", str(other.pk))
    page.click("#work-filters button[type=submit]")
    page.wait_for_url("**unit=dd-lhh**")
    rows = page.locator("tr.work-row")
    assert rows.count() == 2  # 2.1, which it leads; 2.2, which it coordinates
    assert {r.get_attribute("data-unit") for r in rows.all()} == {"dd-lhh"}
    assert all(other.reference in r.inner_text() for r in rows.all())
    # A date typed another way is refused with a message, and the list is not narrowed.
    page.fill("#id_deadline_by", "2026-12-31")
    page.click("#work-filters button[type=submit]")
    page.wait_for_load_state()
    assert "dd/mm/yyyy" in page.locator("#work-filters").inner_text()
    assert page.locator("tr.work-row").count() == 2
    # Nothing is wider than the phone's screen.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

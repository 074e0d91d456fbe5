"""Every figure of the consolidated report is the sum the dashboard shows, and both are the sum
in the database: on generated data (every unit of 186-CV/TU, reports in every state, several
tasks per unit whose words repeat the unit's figures task by task), checked three ways."""

import datetime
import random
import re

import pytest
from django.db.models import Sum
from django.urls import reverse

from directives.models import Indicator
from reports.consolidated import drafting
from reports.consolidated.services import consolidated_create
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.periods.services import default_period_units
from reports.submissions.models import (
    IndicatorValue,
    ReportStatus,
    TaskAnswer,
    TaskProgress,
    UnitReport,
)
from reports.submissions.services import reportable_tasks
from tests.conftest import make_user
from tests.reports.consolidated_data import at

pytestmark = pytest.mark.django_db

STATES = [
    ReportStatus.ACCEPTED,
    ReportStatus.ACCEPTED,
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.DRAFT,
    None,  # never opened
]
FIXED_STATES = {
    "bcsd-ubnd": ReportStatus.ACCEPTED,
    "btgtu": ReportStatus.ACCEPTED,
    "dd-lhh": ReportStatus.SUBMITTED,
}


@pytest.fixture
def generated(directive_186):
    """A period asking every unit of 186-CV/TU, filled at random (seeded, so reproducible)."""
    rng = random.Random(93)
    period = ReportingPeriod.objects.create(
        directive=directive_186,
        name="Năm 2021",
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2021, 12, 31),
        due_on=datetime.date(2021, 12, 15),
    )
    units = list(default_period_units(directive_186))
    ReportingObligation.objects.bulk_create(
        ReportingObligation(period=period, unit=unit) for unit in units
    )
    indicators = list(Indicator.objects.filter(directive=directive_186))
    several_tasks = 0
    for unit in units:
        # The single leads of the tasks with their own indicator report, so that those show.
        state = FIXED_STATES.get(unit.code) or rng.choice(STATES)
        if state is None:
            continue
        submitted = at(datetime.date(2021, 12, rng.randint(1, 20)))
        report = UnitReport.objects.create(
            period=period,
            unit=unit,
            status=state,
            first_submitted_at=None if state == ReportStatus.DRAFT else submitted,
            submitted_at=None if state == ReportStatus.DRAFT else submitted,
        )
        tasks = reportable_tasks(period=period, unit=unit)
        several_tasks += len(tasks) > 1
        figures = {i.pk: rng.randint(0, 40) * (100 if "nguoi" in i.code else 1) for i in indicators}
        for task in tasks:
            # As units wrote before the indicators: the same figures again under every task.
            conferences = figures[next(i.pk for i in indicators if i.code == "hoi-nghi")]
            TaskProgress.objects.create(
                report=report,
                task=task,
                status=rng.choice(["completed", "regular", "in_progress"]),
                results=f"Tổ chức {conferences} hội nghị quán triệt ({unit.code}, {task.number}).",
            )
        task_ids = {task.pk for task in tasks}
        for indicator in indicators:
            if indicator.task_id is not None and indicator.task_id not in task_ids:
                continue
            if indicator.task_id is None and rng.random() < 0.15:
                continue  # no figure given: not zero, not counted
            IndicatorValue.objects.create(
                report=report,
                indicator=indicator,
                task_id=indicator.task_id,
                value=figures[indicator.pk],
            )
    TaskAnswer.objects.refresh()  # made here, not through the workflow
    assert several_tasks >= 3  # units with several tasks, whose words repeat the figures
    reviewer = make_user("tuyengiao", units[0].__class__.objects.get(code="btgtu"))
    return {"period": period, "indicators": indicators, "reviewer": reviewer}


def database_sum(period, indicator, statuses) -> int:
    return (
        IndicatorValue.objects.filter(
            report__period=period, report__status__in=statuses, indicator=indicator
        ).aggregate(total=Sum("value"))["total"]
        or 0
    )


def dashboard_figures(client, period) -> dict[str, tuple[int, int]]:
    """Indicator code -> (accepted, with reports awaiting review), read from the page's HTML."""
    html = client.get(reverse("period_dashboard", args=[period.pk])).content.decode()
    table = html.split('id="indicator-table"')[1].split("</table>")[0]
    figures = {}
    # Thousands grouped as Vietnamese write them: 1.480.
    for code, accepted, total in re.findall(
        r'data-indicator="([a-z-]+)">.*?accepted-total">([\d.]+)<.*?indicator-total">([\d.]+)<',
        table,
        re.S,
    ):
        figures[code] = (int(accepted.replace(".", "")), int(total.replace(".", "")))
    assert "." in table.split('data-indicator="nguoi-tham-du"')[1].split("</tr>")[0]
    return figures


def vn(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@pytest.mark.parametrize("include_submitted", [False, True])
def test_every_figure_of_the_report_equals_the_dashboard_and_the_database(
    client, generated, include_submitted
):
    period, indicators = generated["period"], generated["indicators"]
    client.force_login(generated["reviewer"])
    statuses = drafting.included_statuses(include_submitted)

    dashboard = dashboard_figures(client, period)
    report = consolidated_create(
        period=period, user=generated["reviewer"], include_submitted=include_submitted
    )
    sections = {s.key: s.body for s in report.sections.all()}

    assert set(dashboard) == {i.code for i in indicators}
    checked = 0
    for indicator in indicators:
        expected = database_sum(period, indicator, statuses)
        shown = dashboard[indicator.code][1 if include_submitted else 0]
        assert shown == expected, indicator.code
        # Section I for the report's figures, the task's subsection for a task's.
        if indicator.task_id is None:
            body = sections["I"]
        else:
            task = indicator.task
            parent = task.parent if task.marker == task.Marker.BULLET else task
            body = sections[f"task-{parent.number}"]
        units = IndicatorValue.objects.filter(
            report__period=period, report__status__in=statuses, indicator=indicator
        ).count()
        if units:
            phrase = f"{indicator.name}: {vn(expected)} {indicator.unit_of_measure} ({units} đơn vị"
            assert phrase in body, (indicator.code, body[:500])
            checked += 1
        else:
            assert f"{indicator.name}:" not in body
    assert checked == (6 if include_submitted else 5)
    # The units listed in section I add up to the total it states, never more.
    for indicator in (i for i in indicators if i.task_id is None):
        listed = re.findall(
            rf"{re.escape(indicator.name)}: ([\d.]+) {re.escape(indicator.unit_of_measure)}[.;]",
            sections["I"],
        )
        assert sum(int(v.replace(".", "")) for v in listed) == database_sum(
            period, indicator, statuses
        )


def test_a_returned_or_draft_report_adds_nothing(client, generated):
    period = generated["period"]
    conferences = next(i for i in generated["indicators"] if i.code == "hoi-nghi")
    before = dashboard_figures(client_for(client, generated), period)["hoi-nghi"]

    returned = UnitReport.objects.filter(period=period, status=ReportStatus.RETURNED).first()
    IndicatorValue.objects.update_or_create(
        report=returned, indicator=conferences, task=None, defaults={"value": 999_999}
    )

    assert dashboard_figures(client, period)["hoi-nghi"] == before


def client_for(client, generated):
    client.force_login(generated["reviewer"])
    return client

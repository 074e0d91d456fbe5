import pytest
from django.core.management import CommandError, call_command

from directives.models import Directive
from reports.monitoring import stats
from reports.periods.models import ReportingPeriod
from reports.submissions.models import IndicatorValue, TaskProgress, UnitReport
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_it_refuses_a_database_not_named_for_benchmarks():
    with pytest.raises(CommandError, match="Refusing"):
        call_command("generate_scale_data", "--units", "10", "--directives", "1", "--periods", "1")
    assert not Unit.objects.exists()


def test_it_makes_marked_data_in_the_asked_shape():
    call_command(
        "generate_scale_data",
        "--units", "320", "--directives", "4", "--periods", "3", "--any-database",
    )  # fmt: skip

    assert Unit.objects.filter(code__startswith="scale-").count() == 320
    assert all("(dữ liệu thử)" in name for name in Unit.objects.values_list("name", flat=True))
    assert Directive.objects.filter(subject__startswith="[DỮ LIỆU THỬ NGHIỆM]").count() == 4
    assert ReportingPeriod.objects.count() == 12
    directive = Directive.objects.get(slug="scale-1")
    assert directive.tasks.count() == 12
    period = directive.periods.order_by("-starts_on").first()
    counts = stats.status_counts(period)
    # 320 units in 3 provinces of 106-107, one of them the monitoring Ban Tuyên giáo.
    assert 100 <= counts.total <= 110
    mix = counts.as_dict()
    assert mix["on_time"] and mix["late"] and mix["overdue"] and mix["returned"]
    assert TaskProgress.objects.filter(report__period=period).exists()
    assert UnitReport.objects.filter(period=period, status="draft").exists()
    # The figures once per report (a task's under that task only), summed over units.
    figures = stats.period_indicators(period)
    lines = {line.indicator.code: line for line in figures.lines}
    assert lines["hoi-nghi"].units > 0 and lines["hoi-nghi"].total <= 6 * lines["hoi-nghi"].units
    assert lines["co-so-du-lieu"].indicator.task.number == "3.1"
    assert all(
        v.task_id == v.indicator.task_id
        for v in IndicatorValue.objects.select_related("indicator")[:500]
    )

    with pytest.raises(CommandError, match="already holds"):
        call_command(
            "generate_scale_data",
            "--units", "10", "--directives", "1", "--periods", "1", "--any-database",
        )  # fmt: skip

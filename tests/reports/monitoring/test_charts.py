import datetime

import pytest

from reports.monitoring import stats
from reports.monitoring.charts import trend_svg
from tests.reports.dashboard_data import make_directive, make_period

pytestmark = pytest.mark.django_db


def test_no_period_no_chart():
    assert trend_svg([]) == ""


def test_each_period_gets_a_labelled_point_per_series_and_names_are_escaped():
    directive = make_directive()
    make_period(directive, name="Kỳ <script>", due_on=datetime.date(2025, 12, 31))
    make_period(directive, name="Năm 2026", due_on=datetime.date(2026, 12, 31))

    svg = str(trend_svg(stats.period_trend(directive, today=datetime.date(2027, 1, 15))))

    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<script>" not in svg and "Kỳ &lt;script&gt;" in svg
    # Four series (line, marker shape and dash differ), one marker per period each: completed
    # and carried out regularly are two lines, never one.
    assert svg.count("<polyline") == 4
    assert svg.count("<circle") == svg.count("<rect") == 2
    assert svg.count("<polygon") == 4  # triangles and diamonds
    assert "Năm 2026 – " in svg  # every marker has a title naming period and figure


def test_a_single_period_is_drawn_in_the_middle():
    directive = make_directive()
    make_period(directive, name="Năm 2026")

    svg = str(trend_svg(stats.period_trend(directive)))

    assert svg.count("<circle") == 1


def test_a_period_not_yet_due_is_left_out_not_drawn_at_zero():
    directive = make_directive()
    make_period(directive, name="Năm 2025", due_on=datetime.date(2025, 12, 31))
    make_period(directive, name="Năm 2026", due_on=datetime.date(2026, 12, 31))

    points = stats.period_trend(directive, today=datetime.date(2026, 12, 4))
    svg = str(trend_svg(points))

    assert [p.is_due for p in points] == [True, False]
    assert svg.count("<circle") == 1 and "Năm 2026" not in svg

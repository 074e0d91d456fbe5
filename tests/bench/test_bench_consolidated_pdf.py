"""`manage.py bench_consolidated_pdf`: the real consolidated report, drafted, issued and timed."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from reports.consolidated.models import ConsolidatedReport
from reports.periods.models import ReportingPeriod
from units.models import Unit

pytestmark = pytest.mark.pdf


# Issuing renders the PDF after the commit, as in production: real transactions needed.
@pytest.mark.django_db(transaction=True)
def test_it_issues_the_report_of_a_marked_period_and_prints_time_and_pages(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    figures = tmp_path / "figures.json"
    out = io.StringIO()
    call_command(
        "bench_consolidated_pdf",
        units=45,
        runs=1,
        json_path=str(figures),
        profile=str(tmp_path / "render.prof"),
        any_database=True,
        stdout=out,
        stderr=io.StringIO(),
    )
    # One rendering profiled and split by stage.
    assert re.search(r"layout \(all pages\) +\d+\.\d+ s +\d+\.\d %", out.getvalue())
    assert (tmp_path / "render.prof").stat().st_size
    assert re.search(r"45 đơn vị, 45 dòng phụ lục, \d+ trang, .*CPU \d+\.\d\d s", out.getvalue())
    # The synthetic part is marked, and the timed PDF is the one stored when issuing.
    period = ReportingPeriod.objects.get()
    assert period.name.startswith("[BENCH]")
    assert Unit.objects.filter(code__startswith="bench-", name__endswith="(dữ liệu thử)").count()
    report = ConsolidatedReport.objects.get()
    assert report.generation == ConsolidatedReport.Generation.DONE
    assert json.loads(figures.read_text())["pages"] == report.pdf_pages
    # Then the first rendering of a process, of that report (checked against the stored bytes).
    first = tmp_path / "first.json"
    call_command("bench_consolidated_pdf", first=True, json_path=str(first), any_database=True)
    assert json.loads(first.read_text())["first_cpu"] > 0


@pytest.mark.django_db
def test_it_refuses_a_database_not_named_for_benchmarks():
    with pytest.raises(CommandError, match="bench"):
        call_command("bench_consolidated_pdf", runs=1)
    assert not ReportingPeriod.objects.exists()

"""Two requests at the very same moment, in two database connections (PostgreSQL only: SQLite
serialises writers anyway, and its in-memory test database is not shared between threads)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from reports.submissions import services
from reports.submissions.models import ReportEvent, UnitReport
from tests.conftest import run_together
from tests.reports.reporting_data import report_of, seed_186_with_period

# The completion date a completed entry must state to be submitted.
DONE = datetime.date(2026, 1, 2)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two real database connections"
)


@pytest.fixture
def ready_report(transactional_db):
    _directive, period = seed_186_with_period()
    owner = get_user_model().objects.get(username="lienhiephoi")
    report = report_of(period, "dd-lhh")
    report = services.report_save(
        report=report,
        user=owner,
        expected_version=1,
        fields={},
        entries={
            e.pk: {
                "status": "completed",
                "completed_on": DONE,
                "results": "Xong",
            }
            for e in report.entries.all()
        },
    )
    return report, owner


def test_two_simultaneous_submits_record_one_submission(ready_report):
    report, owner = ready_report

    def submit():
        return services.report_submit(
            report=UnitReport.objects.get(pk=report.pk), user=owner, expected_version=2
        )

    outcomes = run_together(submit, submit)

    assert all(isinstance(o, UnitReport) for o in outcomes), outcomes
    assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1


def test_of_two_simultaneous_saves_one_is_refused(ready_report):
    report, owner = ready_report

    def save(text):
        return lambda: services.report_save(
            report=UnitReport.objects.get(pk=report.pk),
            user=owner,
            expected_version=2,
            fields={"overall_assessment": text},
            entries={},
        )

    outcomes = run_together(save("A"), save("B"))

    conflicts = [o for o in outcomes if isinstance(o, services.ConflictError)]
    saved = [o for o in outcomes if isinstance(o, UnitReport)]
    assert len(conflicts) == 1 and len(saved) == 1, outcomes
    report.refresh_from_db()
    assert report.version == 3
    assert report.overall_assessment == saved[0].overall_assessment

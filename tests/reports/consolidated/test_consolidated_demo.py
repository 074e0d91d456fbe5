"""load_demo drafts and issues one consolidated report for the demo period."""

import pytest

from reports.consolidated.demo import load_demo_consolidated
from reports.consolidated.models import ConsolidatedReport
from tests.reports.consolidated_data import make_186_period
from units.demo import create_demo_accounts

pytestmark = pytest.mark.django_db


def test_nothing_without_a_period(directive_186):
    assert load_demo_consolidated() is None
    assert not ConsolidatedReport.objects.exists()


def test_the_demo_period_gets_one_issued_report(directive_186, django_capture_on_commit_callbacks):
    make_186_period()
    create_demo_accounts()

    with django_capture_on_commit_callbacks(execute=True):
        report = load_demo_consolidated()
    again = load_demo_consolidated()

    report.refresh_from_db()
    assert report == again and ConsolidatedReport.objects.count() == 1
    assert report.is_issued and report.number == 1 and report.generation == "done"
    assert report.created_by.username == "tuyengiao"
    assert report.recipients.filter(unit__code="btvtu").exists()

"""Fixtures of the reports tests."""

import pytest
from django.contrib.auth import get_user_model

from tests.reports.reporting_data import report_of, seed_186_with_period


@pytest.fixture
def period_186(db):
    """186-CV/TU, the demo accounts, and an open period "Năm 2026" for five units."""
    _directive, period = seed_186_with_period()
    return period


@pytest.fixture
def lhh_report(period_186):
    """The Liên hiệp hội's report (tasks 1, 4.1, 4.2, 4.3), a fresh draft."""
    return report_of(period_186, "dd-lhh")


@pytest.fixture
def users(db, period_186):
    """The demo accounts by role."""
    User = get_user_model()
    return {
        "owner": User.objects.get(username="lienhiephoi"),
        "other_unit": User.objects.get(username="hdnd"),
        "reviewer": User.objects.get(username="tuyengiao"),
        "standing": User.objects.get(username="thuongvu"),
        "admin": User.objects.get(username="admin"),
    }

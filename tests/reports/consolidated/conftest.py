"""Fixtures of the consolidated-report tests: 186-CV/TU with a hand-built period, its people,
and a draft."""

import datetime

import pytest
from django.utils import translation

from reports.consolidated.services import consolidated_create
from tests.reports.consolidated_data import drawn_on, make_186_period, make_people

# The day the tests' drafts are drawn: after the 2021 period's due date, before the documents.
DRAWN_ON = datetime.date(2021, 12, 20)


@pytest.fixture
def english():
    """Messages are checked in their English msgid form, whatever the catalogue says (the view
    tests check the Vietnamese that users see)."""
    with translation.override("en"):
        yield


@pytest.fixture
def data(directive_186):
    """The period, its units and reports (make_186_period) and the people (make_people)."""
    data = make_186_period()
    data.update(make_people(data["units"]))
    return data


@pytest.fixture
def draft(data):
    report = consolidated_create(period=data["period"], user=data["reviewer"])
    return drawn_on(report)

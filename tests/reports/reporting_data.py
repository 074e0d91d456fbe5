"""Test data for the unit-report tests: the real 186-CV/TU seed, the demo accounts, one period."""

import datetime

from directives.seed import load_186
from reports.periods.models import ReportingObligation, ReportingPeriod
from reports.submissions.models import UnitReport
from reports.submissions.services import report_get_or_create
from units.demo import create_demo_accounts
from units.models import Unit

# The units that answer 186-CV/TU in these tests; each has a demo account.
REPORTING_UNITS = ["dd-lhh", "dd-hdnd", "bcsd-ubnd", "btgtu", "binhson"]

# A 1x1 PDF: the smallest file every PDF reader opens.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 1 1]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def seed_186_with_period(
    *,
    name: str = "Năm 2026",
    starts_on: datetime.date = datetime.date(2026, 1, 1),
    ends_on: datetime.date = datetime.date(2026, 12, 31),
    due_on: datetime.date = datetime.date(2026, 12, 15),
):
    directive = load_186()
    create_demo_accounts()
    return directive, make_period(
        directive, name=name, starts_on=starts_on, ends_on=ends_on, due_on=due_on
    )


def make_period(directive, *, name, starts_on, ends_on, due_on) -> ReportingPeriod:
    period = ReportingPeriod.objects.create(
        directive=directive, name=name, starts_on=starts_on, ends_on=ends_on, due_on=due_on
    )
    for unit in Unit.objects.filter(code__in=REPORTING_UNITS):
        ReportingObligation.objects.create(period=period, unit=unit)
    return period


def report_of(period, code: str) -> UnitReport:
    return report_get_or_create(period=period, unit=Unit.objects.get(code=code))

"""Demo data of the consolidated report: `load_demo` drafts and issues one for the demo period,
so the download page and the PDF can be seen right after `make run`. Never for production."""

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from reports.consolidated.models import ConsolidatedReport
from reports.consolidated.services import (
    consolidated_create,
    consolidated_issue,
    consolidated_submit,
    load_document_terms,
    proposed_number,
)
from reports.periods.models import ReportingPeriod
from reports.submissions.demo import DUMMY_MAIL
from units.names import display_name


def load_demo_consolidated() -> ConsolidatedReport | None:
    """Issue one consolidated report for a demo period of 186-CV/TU: the latest closed one (its
    reports are complete), else the latest. Idempotent: a period that already has an issued
    report is left alone. Returns the report, or None without a period."""
    load_document_terms()
    periods = list(
        ReportingPeriod.objects.filter(directive__slug="186-cv-tu")
        .select_related("directive__monitoring_unit")
        .order_by("-starts_on")
    )
    closed = [p for p in periods if p.status == ReportingPeriod.Status.CLOSED]
    period = (closed or periods or [None])[0]
    if period is None:
        return None
    issued = period.consolidated_reports.filter(status=ConsolidatedReport.Status.ISSUED).first()
    if issued is not None:
        return issued
    users = get_user_model().objects.in_bulk(["tuyengiao", "phobantg"], field_name="username")
    specialist, signer = users.get("tuyengiao"), users.get("phobantg")
    # The in-app notifications of trình ký and issue stay; their emails would go to made-up
    # addresses, through a real mail server if EMAIL_URL names one.
    with override_settings(MAILERS={"default": {"BACKEND": DUMMY_MAIL}}):
        return _draft_submit_issue(period, specialist, signer)


def _draft_submit_issue(period, specialist, signer) -> ConsolidatedReport:
    # The demo period may have few accepted reports yet: the submitted ones make a fuller draft.
    report = consolidated_create(period=period, user=specialist, include_submitted=True)
    # Trình ký as in the Department: the specialist submits, the deputy head signs and issues.
    report = consolidated_submit(report=report, user=specialist)
    day = max(timezone.localdate(), period.starts_on)
    report = consolidated_issue(
        report=report,
        user=signer,
        number=proposed_number(report, day),
        issued_on=day,
        place=report.place,
        signing_authority="K/T TRƯỞNG BAN",
        signer_position="PHÓ TRƯỞNG BAN",
        signer_name=display_name(signer),
        recipients=[r.text for r in report.recipients.order_by("position")],
    )
    # The PDF was made after the commit (at once with the default task backend).
    report.refresh_from_db()
    return report

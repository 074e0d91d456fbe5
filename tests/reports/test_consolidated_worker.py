"""The PDF made by a separate worker: TASKS_BACKEND=reports.task_backends.DatabaseQueueBackend
queues nothing in memory, and `manage.py consolidated_pdf_worker` generates what is pending."""

import datetime
import hashlib

import pytest
from django.core.management import call_command
from django.tasks import task_backends

from reports import services_consolidated
from reports.models import ConsolidatedReport
from reports.services_consolidated import consolidated_create, consolidated_issue
from tests.reports.consolidated_data import (  # noqa: F401
    english,
    fast_passwords,
    make_186_period,
    make_people,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    monkeypatch.setitem(
        task_backends.settings, "queue", {"BACKEND": "reports.task_backends.DatabaseQueueBackend"}
    )
    monkeypatch.setattr(
        services_consolidated,
        "generate_consolidated_pdf",
        services_consolidated.generate_consolidated_pdf.using(backend="queue"),
    )


def test_the_worker_generates_what_the_queue_holds(
    directive_186, queued, django_capture_on_commit_callbacks
):
    data = make_186_period()
    people = make_people(data["units"])
    report = consolidated_create(period=data["period"], user=people["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        consolidated_issue(
            report=report,
            user=people["reviewer"],
            number=3,
            issued_on=datetime.date(2021, 12, 28),
            place="Quảng Ngãi",
            signing_authority="K/T TRƯỞNG BAN",
            signer_position="PHÓ TRƯỞNG BAN",
            signer_name="Nguyễn Văn A",
            recipients=["Ban Thường vụ Tỉnh ủy (b/c)"],
        )
    report.refresh_from_db()
    assert report.generation == ConsolidatedReport.Generation.PENDING and not report.pdf
    assert task_backends["queue"].results == []  # nothing kept in the web process

    call_command("consolidated_pdf_worker")

    report.refresh_from_db()
    assert report.generation == ConsolidatedReport.Generation.DONE
    assert report.pdf_sha256 == hashlib.sha256(report.pdf.read()).hexdigest()


def test_a_report_left_generating_by_a_stopped_worker_is_taken_again(directive_186):
    data = make_186_period()
    people = make_people(data["units"])
    report = consolidated_create(period=data["period"], user=people["reviewer"])
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        status="issued",
        number=4,
        term=services_consolidated.term_for(report, datetime.date(2021, 12, 28)),
        issued_on=datetime.date(2021, 12, 28),
        issued_at=datetime.datetime(2021, 12, 28, tzinfo=datetime.UTC),
        generation=ConsolidatedReport.Generation.GENERATING,
    )

    call_command("consolidated_pdf_worker")

    report.refresh_from_db()
    assert report.generation == ConsolidatedReport.Generation.DONE and report.pdf

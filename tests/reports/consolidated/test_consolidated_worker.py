"""The PDF made in the background, as in production: TASKS_BACKEND=django_tasks_db.DatabaseBackend
stores the task as a row, and `manage.py db_worker` runs it. The report says "generating" until the
worker has run, a failed or stalled generation can be retried, and a task run twice writes once."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.consolidated.models import ConsolidatedReport
from reports.consolidated.services import (
    consolidated_create,
    consolidated_generation_retry,
    consolidated_issue,
    generate_consolidated_pdf,
)

# Real transactions: between tasks the worker closes connections it finds inside a transaction,
# which would end the rollback-only transaction of a plain django_db test on PostgreSQL.
from tests.reports.consolidated_data import drawn_on

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]

TASK_PATH = "reports.consolidated.services.generate_consolidated_pdf"


@pytest.fixture(autouse=True)
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Pages are checked by their English msgids, whatever the Vietnamese catalogue says.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def issued(data, django_capture_on_commit_callbacks):
    report = drawn_on(consolidated_create(period=data["period"], user=data["reviewer"]))
    with django_capture_on_commit_callbacks(execute=True):
        consolidated_issue(
            report=report,
            user=data["signer"],
            number=3,
            issued_on=datetime.date(2021, 12, 28),
            place="Quảng Ngãi",
            signing_authority="K/T TRƯỞNG BAN",
            signer_position="PHÓ TRƯỞNG BAN",
            signer_name="Nguyễn Văn A",
            recipients=["Ban Thường vụ Tỉnh ủy (b/c)"],
        )
    report.refresh_from_db()
    return report


def run_worker() -> str:
    """What one `manage.py db_worker` process does, until the queue is empty."""
    out = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out)
    return out.getvalue()


def test_issuing_queues_a_task_row_and_the_report_says_generating(client, data, issued):
    assert issued.generation == ConsolidatedReport.Generation.PENDING and not issued.pdf
    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.args_kwargs, queued.status) == (
        TASK_PATH,
        {"args": [issued.pk], "kwargs": {}},
        TaskResultStatus.READY,
    )

    client.force_login(data["reviewer"])
    page = client.get(issued.get_absolute_url()).content.decode()
    assert "Generating the PDF…" in page
    assert f'hx-get="{reverse("consolidated_generation", args=[issued.pk])}"' in page
    response = client.get(reverse("consolidated_pdf", args=[issued.pk]))
    assert response.status_code == 302 and response["Location"] == issued.get_absolute_url()


def test_the_worker_generates_the_pdf_once(client, data, issued):
    run_worker()

    issued.refresh_from_db()
    assert issued.generation == ConsolidatedReport.Generation.DONE
    assert issued.pdf_sha256 == hashlib.sha256(issued.pdf.read()).hexdigest()
    task_row = DBTaskResult.objects.get()
    assert (task_row.status, task_row.return_value) == (TaskResultStatus.SUCCESSFUL, "done")
    client.force_login(data["reviewer"])
    fragment = client.get(reverse("consolidated_generation", args=[issued.pk])).content.decode()
    assert "Download PDF" in fragment and "hx-get" not in fragment

    # The same task queued again (a retry, a duplicate enqueue) leaves the stored PDF alone.
    generated_at, name = issued.generated_at, issued.pdf.name
    generate_consolidated_pdf.enqueue(issued.pk)
    run_worker()
    issued.refresh_from_db()
    assert (issued.generated_at, issued.pdf.name) == (generated_at, name)
    assert DBTaskResult.objects.order_by("enqueued_at").last().return_value == "skipped"


def test_a_failed_generation_is_shown_and_can_be_retried(
    client, data, issued, monkeypatch, django_capture_on_commit_callbacks
):
    from documents import pdf

    def broken(doc):
        raise RuntimeError("font missing")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    run_worker()
    issued.refresh_from_db()
    assert issued.generation == ConsolidatedReport.Generation.FAILED and not issued.pdf
    assert issued.generation_error == "RuntimeError: font missing"
    client.force_login(data["reviewer"])
    page = client.get(issued.get_absolute_url()).content.decode()
    assert "The PDF could not be generated." in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consolidated_generation_retry", args=[issued.pk]))
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.generation == ConsolidatedReport.Generation.PENDING  # queued, not yet run
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1

    run_worker()
    issued.refresh_from_db()
    assert issued.generation == ConsolidatedReport.Generation.DONE and issued.pdf_sha256


def test_a_generation_stopped_midway_can_be_retried_once_stalled(
    client, data, issued, django_capture_on_commit_callbacks
):
    # A worker took the job, then died (killed, machine restarted): the report stays
    # "generating" and its task row "running"; no worker will pick that row again.
    started = timezone.now()
    ConsolidatedReport.objects.filter(pk=issued.pk).update(
        generation=ConsolidatedReport.Generation.GENERATING, generation_started_at=started
    )
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=started)
    issued.refresh_from_db()

    # While it may still be running, nobody can start it a second time.
    assert not issued.generation_stalled
    assert generate_consolidated_pdf.call(issued.pk) == "skipped"
    client.force_login(data["reviewer"])
    client.post(reverse("consolidated_generation_retry", args=[issued.pk]))
    issued.refresh_from_db()
    assert issued.generation == ConsolidatedReport.Generation.GENERATING

    # Long after any real run would have finished, the page says so and offers to try again.
    ConsolidatedReport.objects.filter(pk=issued.pk).update(
        generation_started_at=started - ConsolidatedReport.GENERATION_STALLED_AFTER
    )
    page = client.get(issued.get_absolute_url()).content.decode()
    assert "The PDF generation stopped before it finished." in page
    assert f'hx-get="{reverse("consolidated_generation", args=[issued.pk])}"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consolidated_generation_retry", args=[issued.pk]))
    run_worker()
    issued.refresh_from_db()
    assert issued.generation == ConsolidatedReport.Generation.DONE and issued.pdf


def test_retrying_a_report_that_is_ready_is_refused(data, issued):
    run_worker()
    issued.refresh_from_db()
    with pytest.raises(Exception, match="The PDF is not in a failed state."):
        consolidated_generation_retry(report=issued, user=data["reviewer"])
    assert DBTaskResult.objects.count() == 1


def test_a_pdf_over_the_time_limit_is_stopped_and_shown_as_failed(
    data, issued, monkeypatch, settings
):
    """The worker runs tasks in its main thread, where the time limit (SIGALRM) applies."""
    import time

    from documents import pdf

    def endless(doc):
        # Five seconds, "for ever" next to the limit (bounded, so that without the limit the
        # test fails instead of hanging).
        until = time.monotonic() + 5
        while time.monotonic() < until:
            time.sleep(0.01)
        return b"%PDF-1.7", 1

    settings.PDF_TASK_TIME_LIMIT = 0.3
    monkeypatch.setattr(pdf, "render_pdf", endless)
    started = time.monotonic()
    run_worker()
    assert time.monotonic() - started < 4.5
    issued.refresh_from_db()
    assert issued.generation == ConsolidatedReport.Generation.FAILED and not issued.pdf
    assert issued.generation_error.startswith("RenderingTimedOut: the PDF took longer than 0.3 s")

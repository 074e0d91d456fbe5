"""The services that change a unit's report: create, save, submit, return, accept."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.notifications.models import Notification
from reports.submissions import services
from reports.submissions.models import (
    Evidence,
    ReportEvent,
    ReportRevision,
    ReportStatus,
    UnitReport,
)
from tests.reports.reporting_data import TINY_PDF, TINY_PNG, report_of

# The completion date a completed entry must state to be submitted.
DONE = datetime.date(2026, 1, 2)


def complete(report, user, *, text="Đã quán triệt đến toàn thể cán bộ."):
    return services.report_save(
        report=report,
        user=user,
        expected_version=report.version,
        fields={"overall_assessment": "Tốt"},
        entries={
            e.pk: {
                "status": "completed",
                "completed_on": DONE,
                "results": text,
            }
            for e in report.entries.all()
        },
    )


def test_it_creates_one_entry_per_leaf_task_in_document_order(lhh_report, period_186):
    assert [e.task.number for e in lhh_report.entries.order_by("task__position")] == [
        "1",
        "4.1",
        "4.2",
        "4.3",
    ]
    ubnd = report_of(period_186, "bcsd-ubnd")
    # Task 3 is only a heading: the unit answers on 3.1-3.3.
    assert [e.task.number for e in ubnd.entries.order_by("task__position")] == [
        "1",
        "3.1",
        "3.2",
        "3.3",
    ]
    btg = report_of(period_186, "btgtu")
    assert [e.task.number for e in btg.entries.order_by("task__position")] == ["1", "5.a", "5.b"]


def test_get_or_create_twice_gives_the_same_report(lhh_report, period_186):
    assert report_of(period_186, "dd-lhh") == lhh_report
    assert lhh_report.entries.count() == 4


def test_save_bumps_the_version_and_records_a_revision(lhh_report, users):
    report = complete(lhh_report, users["owner"])
    assert report.version == 2
    revision = ReportRevision.objects.get(report=report)
    assert revision.version == 2
    assert revision.author == users["owner"]
    assert revision.content["overall_assessment"] == "Tốt"
    assert revision.content["entries"][0]["results"] == "Đã quán triệt đến toàn thể cán bộ."


def test_a_save_from_a_stale_version_is_refused(lhh_report, users):
    complete(lhh_report, users["owner"], text="Bản thứ nhất")
    with pytest.raises(services.ConflictError) as caught:
        services.report_save(
            report=lhh_report,
            user=users["owner"],
            expected_version=1,
            fields={"overall_assessment": "Ghi đè"},
            entries={},
        )
    assert caught.value.current_version == 2
    lhh_report.refresh_from_db()
    assert lhh_report.overall_assessment == "Tốt"
    assert ReportRevision.objects.count() == 1


def test_save_ignores_entries_of_another_report(lhh_report, period_186, users):
    other = report_of(period_186, "dd-hdnd")
    other_entry = other.entries.first()
    services.report_save(
        report=lhh_report,
        user=users["owner"],
        expected_version=1,
        fields={},
        entries={other_entry.pk: {"results": "Chen vào"}},
    )
    other_entry.refresh_from_db()
    assert other_entry.results == ""


def test_submit_needs_a_status_and_results_on_every_entry(lhh_report, users):
    with pytest.raises(services.IncompleteReportError) as caught:
        services.report_submit(report=lhh_report, user=users["owner"], expected_version=1)
    assert len(caught.value.entry_errors) == 4
    lhh_report.refresh_from_db()
    assert lhh_report.status == ReportStatus.DRAFT
    assert not ReportEvent.objects.exists()


def test_submit_twice_submits_once_and_notifies_reviewers(
    lhh_report, users, django_capture_on_commit_callbacks
):
    report = complete(lhh_report, users["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, user=users["owner"], expected_version=2)
        services.report_submit(report=report, user=users["owner"], expected_version=2)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.first_submitted_at is not None
    assert not report.submitted_late
    assert ReportEvent.objects.filter(action="submitted").count() == 1
    assert Notification.objects.filter(user=users["reviewer"]).count() == 1
    # Every member of the monitoring unit: the specialist and the signer.
    assert sorted(m.to for m in mail.outbox) == [["phobantg@example.vn"], ["tuyengiao@example.vn"]]


def test_a_submission_after_the_due_date_is_marked_late(lhh_report, users, period_186):
    period_186.starts_on = period_186.due_on = period_186.starts_on.replace(year=2020)
    period_186.save()
    report = complete(UnitReport.objects.get(pk=lhh_report.pk), users["owner"])
    report = services.report_submit(report=report, user=users["owner"], expected_version=2)
    assert report.submitted_late


def test_return_needs_a_comment_and_notifies_the_unit(lhh_report, users):
    report = complete(lhh_report, users["owner"])
    services.report_submit(report=report, user=users["owner"], expected_version=2)
    with pytest.raises(ValidationError):
        services.report_return(report=report, reviewer=users["reviewer"], comment="  ")
    assert UnitReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    services.report_return(report=report, reviewer=users["reviewer"], comment="Bổ sung số liệu")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert Notification.objects.get(user=users["owner"]).message.endswith("Bổ sung số liệu")


def test_a_reviewer_cannot_review_their_own_units_report(period_186, users):
    btg = report_of(period_186, "btgtu")
    btg = complete(btg, users["reviewer"])
    services.report_submit(report=btg, user=users["reviewer"], expected_version=2)
    with pytest.raises(ValidationError):
        services.report_accept(report=btg, reviewer=users["reviewer"])
    assert UnitReport.objects.get(pk=btg.pk).status == ReportStatus.SUBMITTED
    services.report_accept(report=btg, reviewer=users["admin"])
    assert UnitReport.objects.get(pk=btg.pk).status == ReportStatus.ACCEPTED


def test_evidence_add_keeps_the_name_and_checks_the_content(lhh_report, period_186, users):
    entry = lhh_report.entries.order_by("task__position").first()
    evidence = services.evidence_add(
        report=lhh_report,
        entry=entry,
        uploaded_file=SimpleUploadedFile("Ảnh hội nghị.png", TINY_PNG),
        user=users["owner"],
    )
    assert (evidence.original_name, evidence.content_type) == ("Ảnh hội nghị.png", "image/png")
    assert evidence.file.read() == TINY_PNG

    with pytest.raises(ValidationError):
        services.evidence_add(
            report=lhh_report,
            entry=entry,
            uploaded_file=SimpleUploadedFile("Ảnh.pdf", TINY_PNG),
            user=users["owner"],
        )
    other_entry = report_of(period_186, "dd-hdnd").entries.first()
    with pytest.raises(ValidationError):
        services.evidence_add(
            report=lhh_report,
            entry=other_entry,
            uploaded_file=SimpleUploadedFile("Kế hoạch.pdf", TINY_PDF),
            user=users["owner"],
        )
    assert Evidence.objects.count() == 1


def test_evidence_cannot_be_added_to_a_submitted_report(lhh_report, users):
    report = complete(lhh_report, users["owner"])
    services.report_submit(report=report, user=users["owner"], expected_version=2)
    with pytest.raises(ValidationError):
        services.evidence_add(
            report=report,
            entry=None,
            uploaded_file=SimpleUploadedFile("Kế hoạch.pdf", TINY_PDF),
            user=users["owner"],
        )
    assert not Evidence.objects.exists()


def test_the_unit_is_emailed_when_its_report_is_accepted(
    lhh_report, users, django_capture_on_commit_callbacks
):
    report = complete(lhh_report, users["owner"])
    services.report_submit(report=report, user=users["owner"], expected_version=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(report=report, reviewer=users["reviewer"])
    assert [m.to for m in mail.outbox] == [["lienhiephoi@example.vn"]]
    assert Notification.objects.get(user=users["owner"]).url == report.get_absolute_url()

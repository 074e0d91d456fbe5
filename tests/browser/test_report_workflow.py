"""The heart of the mission in a real browser: a unit reports, the department reviews.

lienhiephoi fills its report with a PDF and submits; tuyengiao returns it with a comment;
lienhiephoi reads the comment, corrects and submits again; tuyengiao accepts; the timeline
shows all four steps."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from directives.models import Indicator
from reports.submissions import services
from reports.submissions.models import Evidence, ReportStatus, UnitReport
from tests.conftest import sign_in
from tests.reports.reporting_data import TINY_PDF, report_of, seed_186_with_period

# The completion date a completed entry must state to be submitted.
DONE = datetime.date(2026, 1, 2)

pytestmark = pytest.mark.browser


def sign_out(page):
    page.locator("form[action='/dang-xuat/'] button").click()
    page.wait_for_load_state("networkidle")


def fill_entry(page, report, number: str, *, status: str, results: str):
    entry = report.entries.get(task__number=number)
    page.select_option(f"#id_entry-{entry.pk}-status", status)
    if status == "completed":
        page.fill(f"#id_entry-{entry.pk}-completed_on", "02/01/2026")
    page.fill(f"#id_entry-{entry.pk}-results", results)
    return entry


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(directive__slug="186-cv-tu", code=code)


def test_a_report_goes_from_the_unit_to_the_department_and_back(page, transactional_db):
    _directive, period = seed_186_with_period()
    page.on("dialog", lambda dialog: dialog.accept())  # "Accept this report?"

    # lienhiephoi opens its report for the period and fills every task.
    sign_in(page, "lienhiephoi", "demo")
    page.goto(reverse("report_open", args=[period.pk, "dd-lhh"]))
    page.locator("#report-actions a[href$='/sua/']").click()
    report = UnitReport.objects.get(period=period, unit__code="dd-lhh")
    for number in ("1", "4.1", "4.2"):
        fill_entry(page, report, number, status="completed", results=f"Đã thực hiện {number}")
    entry = fill_entry(page, report, "4.3", status="in_progress", results="Đang tổ chức hội thảo")
    page.set_input_files(
        f"#id_entry-{entry.pk}-evidence",
        files=[
            {"name": "Kế hoạch hội thảo.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}
        ],
    )
    page.fill("#id_overall_assessment", "Cơ bản hoàn thành nhiệm vụ")
    page.click("#save-and-submit")
    page.wait_for_url("**/nop/")
    assert page.get_by_text("Kế hoạch hội thảo.pdf").is_visible()
    page.click("#confirm-submit")
    page.wait_for_url(f"**{report.get_absolute_url()}")
    assert page.locator("#report-status [data-status=submitted]").is_visible()
    assert Evidence.objects.get().original_name == "Kế hoạch hội thảo.pdf"
    sign_out(page)

    # tuyengiao is notified, opens the report from the notification and returns it.
    sign_in(page, "tuyengiao", "demo")
    assert page.locator("#nav-notifications .badge").inner_text().startswith("1")
    page.click("#nav-notifications")
    page.locator("form[action$='/doc/'] button").first.click()
    page.wait_for_url(f"**{report.get_absolute_url()}")
    page.click("#return-report")
    page.fill("#id_comment", "Đề nghị bổ sung số hội nghị và số người tham dự nhiệm vụ 4.3.")
    page.fill(f"#id_entry-{entry.pk}-comment", "Nêu rõ thời gian tổ chức hội thảo.")
    page.click("#confirm-return")
    page.wait_for_url(f"**{report.get_absolute_url()}")
    assert page.locator("#report-status [data-status=returned]").is_visible()
    sign_out(page)

    # lienhiephoi sees the comment, corrects and submits again.
    sign_in(page, "lienhiephoi", "demo")
    page.goto(report.get_absolute_url())
    assert "bổ sung số hội nghị" in page.locator("#return-comment").inner_text()
    page.locator("#report-actions a[href$='/sua/']").click()
    # The comment on task 4.3 stands beside that task, where the unit corrects it.
    beside = page.locator("[id='entry-4.3'] .entry-review-comment")
    assert "thời gian tổ chức hội thảo" in beside.inner_text()
    # The report's figures once, above the tasks; task 4.3's own figure in its card.
    page.fill(f"#id_indicator-{indicator('hoi-nghi').pk}", "3")
    page.fill(f"#id_indicator-{indicator('nguoi-tham-du').pk}", "240")
    page.fill(f"#id_entry-{entry.pk}-indicator-{indicator('tu-van-phan-bien').pk}", "5")
    page.select_option(f"#id_entry-{entry.pk}-status", "completed")
    page.fill(f"#id_entry-{entry.pk}-completed_on", "02/01/2026")
    page.click("#save-and-submit")
    page.wait_for_url("**/nop/")
    page.click("#confirm-submit")
    page.wait_for_url(f"**{report.get_absolute_url()}")
    sign_out(page)

    # tuyengiao accepts.
    sign_in(page, "tuyengiao", "demo")
    page.goto(report.get_absolute_url())
    page.click("#accept-report")
    page.wait_for_load_state("networkidle")
    assert page.locator("#report-status [data-status=accepted]").is_visible()

    steps = page.locator("#timeline [data-action]")
    assert [steps.nth(i).get_attribute("data-action") for i in range(steps.count())] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    assert "bổ sung số hội nghị" in steps.nth(1).inner_text()
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    figures = {v.indicator.code: v for v in report.indicator_values.select_related("indicator")}
    assert (figures["nguoi-tham-du"].value, figures["nguoi-tham-du"].task_id) == (240, None)
    assert (figures["tu-van-phan-bien"].value, figures["tu-van-phan-bien"].task_id) == (
        5,
        entry.task_id,
    )


def test_a_late_submission_is_told_so_before_it_is_sent(page, transactional_db):
    today = timezone.localdate()
    _directive, period = seed_186_with_period(due_on=today - datetime.timedelta(days=3))
    report = report_of(period, "dd-lhh")
    services.report_save(
        report=report,
        user=get_user_model().objects.get(username="lienhiephoi"),
        expected_version=report.version,
        fields={"overall_assessment": "Tốt"},
        entries={
            e.pk: {
                "status": "completed",
                "completed_on": DONE,
                "results": "Đã làm",
            }
            for e in report.entries.all()
        },
        files=[],
    )

    sign_in(page, "lienhiephoi", "demo")
    page.goto(reverse("report_submit", args=[report.pk]))
    warning = page.locator("#submit-late")
    assert warning.is_visible()
    assert "3" in warning.inner_text() and "muộn" in warning.inner_text()
    page.click("#confirm-submit")
    page.wait_for_url(f"**{report.get_absolute_url()}")
    assert UnitReport.objects.get(pk=report.pk).submitted_late

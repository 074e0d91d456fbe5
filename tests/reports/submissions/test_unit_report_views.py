"""The report pages: saving, conflicts, submitting, reviewing, bad input, history.

Messages are looked up through gettext under Vietnamese, so with the catalogue built each
assertion checks the Vietnamese text the user reads."""

import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from directives.models import Indicator
from reports.notifications.models import Notification
from reports.submissions import services
from reports.submissions.models import (
    Evidence,
    IndicatorValue,
    ReportEvent,
    ReportRevision,
    ReportStatus,
    TaskProgress,
    UnitReport,
)
from tests.conftest import make_user
from tests.reports.reporting_data import TINY_PDF, TINY_PNG, report_of
from units.models import Unit

# The completion date a completed entry must state to be submitted.
DONE = datetime.date(2026, 1, 2)


def vi(message: str, **params) -> str:
    """The message as a Vietnamese page shows it (translated, then HTML-escaped)."""
    with translation.override("vi"):
        text = gettext(message)
    return escape(text % params if params else text)


def page_text(response) -> str:
    return response.content.decode()


def state(report):
    return (
        list(UnitReport.objects.filter(pk=report.pk).values()),
        list(TaskProgress.objects.filter(report=report).order_by("pk").values()),
        Evidence.objects.filter(report=report).count(),
        ReportEvent.objects.filter(report=report).count(),
        ReportRevision.objects.filter(report=report).count(),
        list(IndicatorValue.objects.filter(report=report).order_by("pk").values()),
    )


def form_data(report, *, version=None, text="Đã tổ chức quán triệt", status="completed"):
    data = {
        "version": report.version if version is None else version,
        "overall_assessment": "Nhìn chung thực hiện tốt",
        "difficulties": "",
        "recommendations": "",
    }
    for entry in report.entries.all():
        data[f"entry-{entry.pk}-status"] = status
        data[f"entry-{entry.pk}-results"] = text
        if status == "completed":
            data[f"entry-{entry.pk}-completed_on"] = "02/01/2026"
    return data


def first_entry(report):
    return report.entries.order_by("task__position").first()


@pytest.fixture
def owner_client(client, users):
    client.force_login(users["owner"])
    return client


# ---- saving --------------------------------------------------------------------------------


def test_saving_a_draft_stores_the_text_and_a_revision(owner_client, lhh_report, users):
    data = form_data(lhh_report)
    data.pop(f"entry-{first_entry(lhh_report).pk}-status")  # a draft may be incomplete

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 302
    lhh_report.refresh_from_db()
    assert lhh_report.version == 2
    assert lhh_report.overall_assessment == "Nhìn chung thực hiện tốt"
    assert lhh_report.updated_by == users["owner"]
    assert first_entry(lhh_report).status == ""
    assert first_entry(lhh_report).results == "Đã tổ chức quán triệt"
    assert ReportRevision.objects.get().author == users["owner"]


def test_saving_with_a_pdf_attaches_it_to_the_task(owner_client, lhh_report):
    entry = first_entry(lhh_report)
    data = form_data(lhh_report)
    data[f"entry-{entry.pk}-evidence"] = SimpleUploadedFile("Kế hoạch số 12.pdf", TINY_PDF)

    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    evidence = Evidence.objects.get()
    assert evidence.entry == entry
    assert evidence.original_name == "Kế hoạch số 12.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(TINY_PDF)
    assert "Kế" not in evidence.file.name  # a random name on disk


def test_download_gives_back_the_vietnamese_name(owner_client, lhh_report):
    data = form_data(lhh_report)
    data["evidence"] = SimpleUploadedFile("Báo cáo kết quả.pdf", TINY_PDF)
    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    response = owner_client.get(reverse("evidence_download", args=[Evidence.objects.get().pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%20k%E1%BA%BFt%20qu%E1%BA%A3.pdf"
    )
    assert b"".join(response.streaming_content) == TINY_PDF


def test_the_previous_periods_answer_is_shown_beside_each_task(
    owner_client, lhh_report, period_186, users
):
    from tests.reports.reporting_data import make_period

    earlier = make_period(
        period_186.directive,
        name="Năm 2025",
        starts_on=period_186.starts_on.replace(year=2025),
        ends_on=period_186.ends_on.replace(year=2025),
        due_on=period_186.due_on.replace(year=2025),
    )
    old = report_of(earlier, "dd-lhh")
    services.report_save(
        report=old,
        user=users["owner"],
        expected_version=1,
        fields={},
        entries={first_entry(old).pk: {"status": "regular", "results": "Kết quả năm trước"}},
    )

    response = owner_client.get(reverse("report_edit", args=[lhh_report.pk]))

    assert "Kết quả năm trước" in page_text(response)
    assert "Năm 2025" in page_text(response)


# ---- no lost work -------------------------------------------------------------------------


def test_the_second_of_two_concurrent_saves_is_refused(client, lhh_report, users):
    colleague = make_user("lhh2", Unit.objects.get(code="dd-lhh"), first_name="Hai")
    first, second = client, client.__class__()
    first.force_login(users["owner"])
    second.force_login(colleague)
    url = reverse("report_edit", args=[lhh_report.pk])
    assert 'name="version" value="1"' in page_text(first.get(url))
    assert 'name="version" value="1"' in page_text(second.get(url))

    assert first.post(url, form_data(lhh_report, text="Bản của người thứ nhất")).status_code == 302
    response = second.post(url, form_data(lhh_report, text="Bản của người thứ hai", version=1))

    assert response.status_code == 200
    text = page_text(response)
    assert 'id="conflict"' in text
    assert "Bản của người thứ nhất" in text  # the other person's version, to compare
    assert "Bản của người thứ hai" in text  # the typed text is kept in the form
    assert 'name="version" value="2"' in text
    assert first_entry(lhh_report).results == "Bản của người thứ nhất"
    assert ReportRevision.objects.count() == 1


def test_double_submit_submits_once(owner_client, lhh_report):
    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), form_data(lhh_report))
    url = reverse("report_submit", args=[lhh_report.pk])

    first = owner_client.post(url, {"version": 2})
    second = owner_client.post(url, {"version": 2})

    assert first.status_code == second.status_code == 302
    assert ReportEvent.objects.filter(action="submitted").count() == 1
    assert UnitReport.objects.get(pk=lhh_report.pk).status == ReportStatus.SUBMITTED


def test_a_failed_upload_keeps_the_typed_text(owner_client, lhh_report):
    data = form_data(lhh_report, text="Văn bản tôi vừa gõ")
    data["evidence"] = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\x00" * 100)
    before = state(lhh_report)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 200
    assert "Văn bản tôi vừa gõ" in page_text(response)
    assert state(lhh_report) == before


# ---- bad input ----------------------------------------------------------------------------

WRONG_TYPE = (
    "This type of file is not accepted. Attach a PDF, Word (.doc, .docx), "
    "Excel (.xls, .xlsx) or image (.png, .jpg, .gif, .webp) file."
)
RENAMED = (
    "The file's name does not match its content: “%(name)s” is really a "
    "%(kind)s file. Attach the original file without renaming it."
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("chuong-trinh.exe", b"MZ\x90\x00" + b"\x00" * 64, WRONG_TYPE),
        ("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 64, WRONG_TYPE),
        ("ghi-chu.txt", "Chỉ là văn bản".encode(), WRONG_TYPE),
        ("anh-hoi-nghi.pdf", TINY_PNG, RENAMED),
        ("tai-lieu.docx", TINY_PDF, RENAMED),
    ],
)
def test_a_wrong_or_renamed_file_is_refused_with_a_message(
    owner_client, lhh_report, name, content, message
):
    entry = first_entry(lhh_report)
    data = form_data(lhh_report)
    data[f"entry-{entry.pk}-evidence"] = SimpleUploadedFile(name, content)
    before = state(lhh_report)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 200
    kind = "PNG" if content == TINY_PNG else "PDF"
    expected = vi(message, name=name, kind=kind) if "%(" in message else vi(message)
    assert expected in page_text(response)
    assert state(lhh_report) == before


def test_a_zip_that_is_not_an_office_file_is_refused(owner_client, lhh_report):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("payload/run.sh", "echo")
    data = form_data(lhh_report)
    data["evidence"] = SimpleUploadedFile("so-lieu.xlsx", buffer.getvalue())
    before = state(lhh_report)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert vi(WRONG_TYPE) in page_text(response)
    assert state(lhh_report) == before


def test_office_files_are_accepted(owner_client, lhh_report):
    import io

    import docx
    import openpyxl

    word, sheet = io.BytesIO(), io.BytesIO()
    docx.Document().save(word)
    openpyxl.Workbook().save(sheet)
    data = form_data(lhh_report)
    entries = list(lhh_report.entries.order_by("task__position"))
    data[f"entry-{entries[0].pk}-evidence"] = SimpleUploadedFile("Kế hoạch.docx", word.getvalue())
    data[f"entry-{entries[1].pk}-evidence"] = SimpleUploadedFile("Số liệu.xlsx", sheet.getvalue())

    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == [
        "Kế hoạch.docx",
        "Số liệu.xlsx",
    ]


def test_a_file_over_the_size_limit_is_refused(owner_client, lhh_report, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    data = form_data(lhh_report)
    data["evidence"] = SimpleUploadedFile("Báo cáo.pdf", TINY_PDF)  # 189 bytes
    before = state(lhh_report)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 200
    assert vi(
        "The file is too large (%(size)s). The limit is %(limit)s per file.",
        size="189\xa0bytes",
        limit="100\xa0bytes",
    ).split("(")[0] in page_text(response)
    assert state(lhh_report) == before


def test_submitting_with_a_missing_status_names_the_task(owner_client, lhh_report):
    data = form_data(lhh_report)
    entry = lhh_report.entries.get(task__number="4.2")
    data[f"entry-{entry.pk}-status"] = ""
    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)
    before = state(lhh_report)

    response = owner_client.post(reverse("report_submit", args=[lhh_report.pk]), {"version": 2})

    assert response.status_code == 200
    assert vi("Task %(number)s: choose a status.", number="4.2") in page_text(response)
    assert state(lhh_report) == before


def test_a_submitted_report_cannot_be_edited(owner_client, lhh_report, users):
    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), form_data(lhh_report))
    owner_client.post(reverse("report_submit", args=[lhh_report.pk]), {"version": 2})
    report = UnitReport.objects.get(pk=lhh_report.pk)
    before = state(report)

    response = owner_client.post(
        reverse("report_edit", args=[report.pk]),
        form_data(report, text="Sửa sau khi nộp"),
        follow=True,
    )

    assert vi(
        "This report has been submitted and can no longer be changed. If something must be "
        "corrected, ask the reviewing department to return it."
    ) in page_text(response)
    assert state(report) == before
    response = owner_client.get(reverse("report_edit", args=[report.pk]), follow=True)
    assert response.redirect_chain[-1][0] == report.get_absolute_url()


def test_a_reviewer_cannot_review_their_own_units_report(client, period_186, users):
    btg = report_of(period_186, "btgtu")
    client.force_login(users["reviewer"])  # tuyengiao belongs to Ban Tuyên giáo
    client.post(reverse("report_edit", args=[btg.pk]), form_data(btg))
    client.post(reverse("report_submit", args=[btg.pk]), {"version": 2})
    btg.refresh_from_db()
    assert btg.status == ReportStatus.SUBMITTED
    before = state(btg)

    response = client.post(reverse("report_return", args=[btg.pk]), {"comment": "Sửa lại"})
    assert response.status_code == 200
    message = vi(
        "You cannot review a report of your own unit. Another reviewer of the department "
        "must do it."
    )
    assert message in page_text(response)
    response = client.post(reverse("report_accept", args=[btg.pk]), follow=True)
    assert message in page_text(response)
    assert state(btg) == before


def test_returning_without_a_comment_is_refused(client, lhh_report, users):
    services.report_save(
        report=lhh_report,
        user=users["owner"],
        expected_version=1,
        fields={},
        entries={
            e.pk: {
                "status": "completed",
                "completed_on": DONE,
                "results": "Xong",
            }
            for e in lhh_report.entries.all()
        },
    )
    services.report_submit(report=lhh_report, user=users["owner"], expected_version=2)
    client.force_login(users["reviewer"])
    before = state(lhh_report)

    response = client.post(reverse("report_return", args=[lhh_report.pk]), {"comment": "  "})

    assert response.status_code == 200
    assert vi(
        "Write what the unit must correct before returning the report: for the "
        "whole report, or beside the tasks concerned."
    ) in page_text(response)
    assert state(lhh_report) == before


def test_posting_to_another_units_report_by_url_is_not_found(owner_client, period_186):
    other = report_of(period_186, "dd-hdnd")
    before = state(other)

    response = owner_client.post(reverse("report_edit", args=[other.pk]), form_data(other))

    assert response.status_code == 404
    assert state(other) == before


def test_posting_another_units_entry_in_the_form_changes_nothing_there(
    owner_client, lhh_report, period_186
):
    other = report_of(period_186, "dd-hdnd")
    other_entry = first_entry(other)
    data = form_data(lhh_report)
    data[f"entry-{other_entry.pk}-status"] = "completed"
    data[f"entry-{other_entry.pk}-results"] = "Chen vào báo cáo đơn vị khác"
    before = state(other)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 302
    assert state(other) == before


def test_a_bad_number_is_refused_next_to_the_field(owner_client, lhh_report):
    data = form_data(lhh_report)
    participants = Indicator.objects.get(directive__slug="186-cv-tu", code="nguoi-tham-du")
    data[f"indicator-{participants.pk}"] = "-5"
    before = state(lhh_report)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 200
    assert "is-invalid" in page_text(response)
    assert state(lhh_report) == before


def test_the_report_figures_are_entered_once_and_a_task_figure_under_its_task(
    owner_client, lhh_report
):
    indicators = {i.code: i for i in Indicator.objects.filter(directive__slug="186-cv-tu")}
    task_43 = lhh_report.entries.get(task__number="4.3")
    data = form_data(lhh_report)
    data[f"indicator-{indicators['hoi-nghi'].pk}"] = "3"
    data[f"indicator-{indicators['nguoi-tham-du'].pk}"] = "120"
    data[f"entry-{task_43.pk}-indicator-{indicators['tu-van-phan-bien'].pk}"] = "5"
    # Task 5.a is not the Liên hiệp hội's: a figure posted for it is not asked, so not kept.
    data[f"entry-{task_43.pk}-indicator-{indicators['tin-bai'].pk}"] = "99"
    data[f"indicator-{indicators['tin-bai'].pk}"] = "99"

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 302
    stored = {
        (v.indicator.code, v.task.number if v.task else None): v.value
        for v in IndicatorValue.objects.filter(report=lhh_report).select_related(
            "indicator", "task"
        )
    }
    assert stored == {
        ("hoi-nghi", None): 3,
        ("nguoi-tham-du", None): 120,
        ("tu-van-phan-bien", "4.3"): 5,
    }
    revision = lhh_report.revisions.order_by("-version").first()
    assert [(i["code"], i["task"], i["value"]) for i in revision.content["indicators"]] == [
        ("hoi-nghi", "", 3),
        ("nguoi-tham-du", "", 120),
        ("tu-van-phan-bien", "4.3", 5),
    ]

    # A field emptied removes the figure (no figure is not zero); a zero is kept as zero.
    lhh_report.refresh_from_db()
    data = form_data(lhh_report)
    data[f"indicator-{indicators['hoi-nghi'].pk}"] = "0"
    data[f"indicator-{indicators['nguoi-tham-du'].pk}"] = ""
    data[f"entry-{task_43.pk}-indicator-{indicators['tu-van-phan-bien'].pk}"] = "6"
    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    values = IndicatorValue.objects.filter(report=lhh_report)
    assert {(v.indicator.code, v.value) for v in values.select_related("indicator")} == {
        ("hoi-nghi", 0),
        ("tu-van-phan-bien", 6),
    }
    detail = page_text(owner_client.get(reverse("report_detail", args=[lhh_report.pk])))
    assert 'data-indicator="hoi-nghi"' in detail and 'data-indicator="tu-van-phan-bien"' in detail


def test_a_forged_version_is_refused(owner_client, lhh_report):
    before = state(lhh_report)
    response = owner_client.post(
        reverse("report_edit", args=[lhh_report.pk]), form_data(lhh_report, version="abc")
    )
    assert response.status_code == 200
    assert state(lhh_report) == before


# ---- review and notifications ---------------------------------------------------------------


def test_return_then_accept_notifies_the_unit(client, lhh_report, users):
    client.force_login(users["owner"])
    client.post(reverse("report_edit", args=[lhh_report.pk]), form_data(lhh_report))
    client.post(reverse("report_submit", args=[lhh_report.pk]), {"version": 2})
    assert Notification.objects.filter(user=users["reviewer"]).count() == 1

    client.force_login(users["reviewer"])
    response = client.post(
        reverse("report_return", args=[lhh_report.pk]), {"comment": "Bổ sung số người dự"}
    )
    assert response.status_code == 302
    assert UnitReport.objects.get(pk=lhh_report.pk).status == ReportStatus.RETURNED

    client.force_login(users["owner"])
    response = client.get(reverse("report_detail", args=[lhh_report.pk]))
    assert "Bổ sung số người dự" in page_text(response)
    assert Notification.objects.filter(user=users["owner"], read_at__isnull=True).count() == 1
    client.post(reverse("report_edit", args=[lhh_report.pk]), form_data(lhh_report, version=4))
    client.post(reverse("report_submit", args=[lhh_report.pk]), {"version": 5})

    client.force_login(users["reviewer"])
    assert client.post(reverse("report_accept", args=[lhh_report.pk])).status_code == 302
    report = UnitReport.objects.get(pk=lhh_report.pk)
    assert report.status == ReportStatus.ACCEPTED
    assert report.accepted_at is not None
    assert list(report.events.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    assert Notification.objects.filter(user=users["owner"]).count() == 2


def test_marking_a_notification_read_opens_its_link(client, users):
    notification = Notification.objects.create(
        user=users["owner"], message="Báo cáo bị trả lại", url="/bao-cao/1/"
    )
    client.force_login(users["owner"])
    assert ">1<" in page_text(client.get(reverse("notification_list")))

    response = client.post(reverse("notification_read", args=[notification.pk]))

    assert response.url == "/bao-cao/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


# ---- history -------------------------------------------------------------------------------


def test_the_diff_shows_what_changed_between_two_submissions(client, lhh_report, users):
    client.force_login(users["owner"])
    url = reverse("report_edit", args=[lhh_report.pk])
    client.post(url, form_data(lhh_report, text="Tổ chức 3 hội nghị"))
    client.post(reverse("report_submit", args=[lhh_report.pk]), {"version": 2})
    services.report_return(report=lhh_report, reviewer=users["reviewer"], comment="Thêm số liệu")
    client.post(url, form_data(lhh_report, text="Tổ chức 5 hội nghị", version=4))
    client.post(reverse("report_submit", args=[lhh_report.pk]), {"version": 5})

    client.force_login(users["reviewer"])
    detail = page_text(client.get(reverse("report_detail", args=[lhh_report.pk])))
    assert 'class="compare-link"' in detail
    assert "?a=2&amp;b=5" in detail
    history = client.get(reverse("report_history", args=[lhh_report.pk]))
    assert history.context["default_pair"] == (2, 5)
    response = client.get(reverse("report_diff", args=[lhh_report.pk]) + "?a=2&b=5")

    text = page_text(response)
    assert "<del" in text and ">3</del>" in text
    assert ">5</ins>" in text


def test_a_diff_of_a_missing_version_goes_back_to_the_history(owner_client, lhh_report):
    response = owner_client.get(reverse("report_diff", args=[lhh_report.pk]) + "?a=1&b=99")
    assert response.status_code == 302
    assert response.url == reverse("report_history", args=[lhh_report.pk])


def test_a_closed_periods_report_cannot_be_changed(owner_client, lhh_report, period_186):
    period_186.status = period_186.Status.CLOSED
    period_186.save()
    before = state(lhh_report)

    response = owner_client.post(
        reverse("report_edit", args=[lhh_report.pk]), form_data(lhh_report), follow=True
    )

    assert vi("This period is closed: its reports can no longer be changed.") in page_text(response)
    assert state(lhh_report) == before
    with pytest.raises(ValidationError):
        services.report_submit(
            report=lhh_report, user=lhh_report.unit.memberships.get().user, expected_version=1
        )
    assert f'href="{reverse("report_edit", args=[lhh_report.pk])}"' not in page_text(
        owner_client.get(reverse("report_detail", args=[lhh_report.pk]))
    )


# ---- opening a report and removing a file ---------------------------------------------------


def test_opening_the_period_starts_the_units_report_once(owner_client, period_186):
    url = reverse("report_open", args=[period_186.pk, "dd-lhh"])

    first = owner_client.get(url)
    second = owner_client.get(url)

    report = UnitReport.objects.get(period=period_186, unit__code="dd-lhh")
    assert first.url == second.url == report.get_absolute_url()
    assert report.entries.count() == 4


def test_a_reviewer_opening_a_report_not_yet_started_creates_nothing(client, period_186, users):
    client.force_login(users["reviewer"])

    response = client.get(reverse("report_open", args=[period_186.pk, "dd-hdnd"]), follow=True)

    # Taken to the unit's page in the period, which says so and offers a way on.
    assert response.redirect_chain[-1][0] == reverse("period_unit", args=[period_186.pk, "dd-hdnd"])
    assert vi("This unit has not started its report yet.") in page_text(response)
    assert not UnitReport.objects.exists()


def test_a_unit_without_an_obligation_in_the_period_is_not_found(owner_client, period_186):
    response = owner_client.get(reverse("report_open", args=[period_186.pk, "bcsd-ubnd-x"]))
    assert response.status_code == 404
    period_186.obligations.filter(unit__code="dd-lhh").delete()
    response = owner_client.get(reverse("report_open", args=[period_186.pk, "dd-lhh"]))
    assert response.status_code == 404
    assert not UnitReport.objects.exists()


def test_removing_a_file_while_the_report_is_a_draft(
    owner_client, lhh_report, django_capture_on_commit_callbacks
):
    data = form_data(lhh_report)
    data["evidence"] = SimpleUploadedFile("Nhầm tệp.pdf", TINY_PDF)
    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)
    evidence = Evidence.objects.get()
    stored = evidence.file.path

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("evidence_delete", args=[evidence.pk]))

    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not os.path.exists(stored)


def test_a_file_of_a_submitted_report_cannot_be_removed(owner_client, lhh_report):
    data = form_data(lhh_report)
    data["evidence"] = SimpleUploadedFile("Kế hoạch.pdf", TINY_PDF)
    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)
    owner_client.post(reverse("report_submit", args=[lhh_report.pk]), {"version": 2})
    evidence = Evidence.objects.get()

    response = owner_client.post(reverse("evidence_delete", args=[evidence.pk]), follow=True)

    assert vi(
        "This report has been submitted and can no longer be changed. If something must be "
        "corrected, ask the reviewing department to return it."
    ) in page_text(response)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_history_says_why_version_numbers_are_skipped(client, lhh_report, users):
    client.force_login(users["owner"])
    for text in ("Lần một", "Lần hai"):
        lhh_report.refresh_from_db()
        client.post(reverse("report_edit", args=[lhh_report.pk]), form_data(lhh_report, text=text))
    lhh_report.refresh_from_db()
    client.post(reverse("report_submit", args=[lhh_report.pk]), {"version": lhh_report.version})
    services.report_return(
        report=UnitReport.objects.get(pk=lhh_report.pk), reviewer=users["reviewer"], comment="Sửa."
    )
    lhh_report.refresh_from_db()
    client.post(reverse("report_edit", args=[lhh_report.pk]), form_data(lhh_report, text="Ba"))

    response = client.get(reverse("report_history", args=[lhh_report.pk]))
    rows = response.context["rows"]
    labels = [row["label"] if row.get("skipped") else f"v{row['revision'].version}" for row in rows]
    # Every number from the newest down to 1 is accounted for, newest first.
    numbers = []
    for label in labels:
        first, _, last = label.lstrip("v").partition("–v")
        numbers += list(range(int(last or first), int(first) - 1, -1))
    assert numbers == list(range(numbers[0], 0, -1))
    steps = next(row["note"] for row in rows if row.get("skipped") and row["label"] != "v1")
    assert vi("Submitted") in steps and vi("Returned") in steps


def test_a_reviewer_returns_with_a_comment_beside_a_task_and_the_unit_sees_it(
    client, lhh_report, users
):
    services.report_save(
        report=lhh_report,
        user=users["owner"],
        expected_version=lhh_report.version,
        fields={},
        entries={
            e.pk: {
                "status": "completed",
                "completed_on": DONE,
                "results": "Đã làm",
            }
            for e in lhh_report.entries.all()
        },
        files=[],
    )
    lhh_report.refresh_from_db()
    services.report_submit(
        report=lhh_report, user=users["owner"], expected_version=lhh_report.version
    )
    entry = lhh_report.entries.get(task__number="4.2")
    client.force_login(users["reviewer"])

    response = client.post(
        reverse("report_return", args=[lhh_report.pk]),
        {"comment": "", f"entry-{entry.pk}-comment": "Bổ sung số liệu hội thảo."},
    )

    assert response.status_code == 302
    event = ReportEvent.objects.get(report=lhh_report, action="returned")
    assert "4.2" in event.comment  # the whole-report line names the tasks commented on
    assert [(c.entry_id, c.comment) for c in event.entry_comments.all()] == [
        (entry.pk, "Bổ sung số liệu hội thảo.")
    ]
    client.force_login(users["owner"])
    page = client.get(reverse("report_edit", args=[lhh_report.pk]))
    card = page.content.decode().split('id="entry-4.2"')[1].split("entry-card")[0]
    assert "Bổ sung số liệu hội thảo." in card


def test_a_comment_on_a_task_of_another_report_is_refused(lhh_report, period_186, users):
    other = report_of(period_186, "dd-hdnd")
    with pytest.raises(ValidationError):
        services.report_return(
            report=lhh_report,
            reviewer=users["reviewer"],
            comment="Sửa.",
            entry_comments={other.entries.first().pk: "x"},
        )


# ---- the completion date ---------------------------------------------------------------------


def test_a_completed_task_keeps_the_date_typed_as_dd_mm_yyyy(owner_client, lhh_report):
    entry = first_entry(lhh_report)
    data = form_data(lhh_report)
    data[f"entry-{entry.pk}-completed_on"] = "31/05/2025"

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.completed_on == datetime.date(2025, 5, 31)
    page = owner_client.get(reverse("report_edit", args=[lhh_report.pk])).content.decode()
    assert 'value="31/05/2025"' in page


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31/5/25x", "dd/mm/yyyy"),
        ("31/13/2025", "dd/mm/yyyy"),
        ("30/02/2025", "“30/02/2025” không có thật: tháng 2 năm 2025 có 28 ngày."),
        ("31/05/25", "Xin ghi năm đủ bốn chữ số, ví dụ 31/05/2025."),
    ],
)
def test_a_date_not_written_dd_mm_yyyy_is_refused_and_nothing_saved(
    owner_client, lhh_report, typed, message
):
    entry = first_entry(lhh_report)
    data = form_data(lhh_report)
    data[f"entry-{entry.pk}-completed_on"] = typed
    before = state(lhh_report)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert state(lhh_report) == before


def test_an_iso_date_is_read_as_the_same_day_as_every_date_field(owner_client, lhh_report):
    # Unambiguous (year first), as the shared parser reads it in every form of the app.
    entry = first_entry(lhh_report)
    data = form_data(lhh_report)
    data[f"entry-{entry.pk}-status"] = "completed"
    data[f"entry-{entry.pk}-completed_on"] = "2025-05-31"
    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.completed_on == datetime.date(2025, 5, 31)


def test_a_completion_date_in_the_future_is_refused(owner_client, lhh_report):
    entry = first_entry(lhh_report)
    data = form_data(lhh_report)
    data[f"entry-{entry.pk}-completed_on"] = "01/01/2999"
    before = state(lhh_report)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 200
    assert state(lhh_report) == before


def test_the_date_is_dropped_when_the_task_is_not_completed(owner_client, lhh_report):
    entry = first_entry(lhh_report)
    data = form_data(lhh_report, status="in_progress")
    data[f"entry-{entry.pk}-completed_on"] = "31/05/2025"

    owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    entry.refresh_from_db()
    assert entry.status == "in_progress" and entry.completed_on is None


def test_a_completed_task_without_its_date_cannot_be_submitted(lhh_report, users):
    services.report_save(
        report=lhh_report,
        user=users["owner"],
        expected_version=1,
        fields={},
        entries={
            e.pk: {"status": "completed", "results": "Xong"} for e in lhh_report.entries.all()
        },
    )
    with pytest.raises(services.IncompleteReportError) as error:
        services.report_submit(report=lhh_report, user=users["owner"], expected_version=2)
    assert "ghi ngày hoàn thành" in str(error.value)
    lhh_report.refresh_from_db()
    assert lhh_report.status == "draft"

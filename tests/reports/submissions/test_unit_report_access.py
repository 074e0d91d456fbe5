"""Who may open and change a unit's report: every URL x every role x every method.

Owner: a member of the report's unit (lienhiephoi of dd-lhh). Other unit: hdnd. Reviewer:
tuyengiao of Ban Tuyên giáo, which monitors 186-CV/TU. Standing: thuongvu of Ban Thường vụ, who
reads everything and changes nothing. A refusal never changes the database."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.notifications.models import Notification
from reports.submissions import services
from reports.submissions.models import (
    Evidence,
    ReportEvent,
    ReportRevision,
    TaskProgress,
    UnitReport,
)
from tests.reports.reporting_data import TINY_PDF

# The completion date a completed entry must state to be submitted.
DONE = datetime.date(2026, 1, 2)

ROLES = ["owner", "other_unit", "reviewer", "standing", "anonymous"]


def db_state():
    return (
        list(UnitReport.objects.order_by("pk").values()),
        list(TaskProgress.objects.order_by("pk").values()),
        list(Evidence.objects.order_by("pk").values_list("pk", "file")),
        ReportEvent.objects.count(),
        ReportRevision.objects.count(),
        Notification.objects.count(),
    )


@pytest.fixture
def draft(lhh_report, users):
    """A draft saved once (v2), complete enough to submit, with one evidence file."""
    report = services.report_save(
        report=lhh_report,
        user=users["owner"],
        expected_version=1,
        fields={"overall_assessment": "Cơ bản hoàn thành"},
        entries={
            e.pk: {"status": "completed", "completed_on": DONE, "results": "Đã triển khai"}
            for e in lhh_report.entries.all()
        },
        files=[(None, SimpleUploadedFile("Kế hoạch.pdf", TINY_PDF))],
    )
    report.evidence_pk = Evidence.objects.get().pk
    return report


@pytest.fixture
def submitted(draft, users):
    return services.report_submit(report=draft, user=users["owner"], expected_version=2)


def edit_data(report):
    data = {"version": report.version, "overall_assessment": "Sửa đổi"}
    for entry in report.entries.all():
        data[f"entry-{entry.pk}-status"] = "in_progress"
        data[f"entry-{entry.pk}-results"] = "Đang làm"
    return data


# (url name, which report, method, expected status for owner, other unit, reviewer, standing,
#  anonymous). 302 for the anonymous user is a redirect to the sign-in page.
MATRIX = [
    ("report_detail", "draft", "get", [200, 404, 200, 200, 302]),
    ("report_detail", "draft", "post", [405, 405, 405, 405, 405]),
    ("report_edit", "draft", "get", [200, 404, 403, 403, 302]),
    ("report_edit", "draft", "post", [302, 404, 403, 403, 302]),
    ("report_submit", "draft", "get", [200, 404, 403, 403, 302]),
    ("report_submit", "draft", "post", [302, 404, 403, 403, 302]),
    ("report_history", "draft", "get", [200, 404, 200, 200, 302]),
    ("report_history", "draft", "post", [405, 405, 405, 405, 405]),
    ("report_diff", "draft", "get", [200, 404, 200, 200, 302]),
    ("report_diff", "draft", "post", [405, 405, 405, 405, 405]),
    ("evidence_download", "draft", "get", [200, 404, 200, 200, 302]),
    ("evidence_download", "draft", "post", [405, 405, 405, 405, 405]),
    ("evidence_delete", "draft", "get", [405, 405, 405, 405, 405]),
    ("evidence_delete", "draft", "post", [302, 404, 403, 403, 302]),
    ("report_return", "submitted", "get", [403, 404, 200, 403, 302]),
    ("report_return", "submitted", "post", [403, 404, 302, 403, 302]),
    ("report_accept", "submitted", "get", [405, 405, 405, 405, 405]),
    ("report_accept", "submitted", "post", [403, 404, 302, 403, 302]),
    ("report_open", "draft", "get", [302, 404, 302, 302, 302]),
    ("report_open", "draft", "post", [405, 405, 405, 405, 405]),
]

CASES = [
    pytest.param(name, which, method, role, statuses[i], id=f"{name}-{method}-{role}")
    for name, which, method, statuses in MATRIX
    for i, role in enumerate(ROLES)
]


def url_for(name, report):
    if name in ("evidence_download", "evidence_delete"):
        return reverse(name, args=[report.evidence_pk])
    if name == "report_open":
        return reverse(name, args=[report.period_id, report.unit.code])
    url = reverse(name, args=[report.pk])
    return url + "?a=2&b=2" if name == "report_diff" else url


def payload(name, report):
    if name == "report_edit":
        return edit_data(report)
    if name == "report_submit":
        return {"version": report.version}
    if name == "report_return":
        return {"comment": "Bổ sung số liệu hội nghị"}
    return {}


@pytest.mark.parametrize(("name", "which", "method", "role", "expected"), CASES)
def test_access_matrix(client, request, users, name, which, method, role, expected):
    report = request.getfixturevalue(which)
    if which == "submitted":
        report.evidence_pk = Evidence.objects.get().pk
    if role != "anonymous":
        client.force_login(users[role])
    url = url_for(name, report)
    before = db_state()

    response = getattr(client, method)(url, payload(name, report))

    assert response.status_code == expected
    if role == "anonymous" and expected == 302:
        assert response.url.startswith(reverse("login"))
    refused = expected in (403, 404, 405) or role == "anonymous"
    if refused or method == "get":
        assert db_state() == before


def test_the_admin_may_edit_and_review_any_report(client, submitted, users):
    client.force_login(users["admin"])
    assert client.get(reverse("report_detail", args=[submitted.pk])).status_code == 200
    response = client.post(reverse("report_accept", args=[submitted.pk]))
    assert response.status_code == 302
    assert UnitReport.objects.get(pk=submitted.pk).status == "accepted"


def test_another_users_notification_is_not_found(client, submitted, users):
    notification = Notification.objects.get(user=users["reviewer"])
    client.force_login(users["owner"])
    response = client.post(reverse("notification_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None

"""Trình ký: the specialist submits the draft to the signer, who returns it with comments or
issues it; only a signer of the monitoring unit (as it is on the document's date) issues; every
step is in the report's history; the "Nơi nhận" are told when it is issued."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from reports.consolidated.models import ConsolidatedReport, ConsolidatedSigningStep
from reports.consolidated.services import (
    consolidated_issue,
    consolidated_return,
    consolidated_section_update,
    consolidated_submit,
)
from reports.notifications.models import Notification
from tests.conftest import make_unit, make_user
from units.models import MembershipRole

pytestmark = pytest.mark.django_db

RECIPIENTS = [
    "Ban Thường vụ Tỉnh ủy (b/c)",
    "Đảng đoàn HĐND tỉnh",
    "Ban Tuyên giáo Trung ương",
    "Lưu VP Ban",
]


def issue_values(**overrides):
    values = {
        "number": 7,
        "issued_on": datetime.date(2021, 12, 28),
        "place": "Quảng Ngãi",
        "signing_authority": "K/T TRƯỞNG BAN",
        "signer_position": "PHÓ TRƯỞNG BAN",
        "signer_name": "Đặng Văn Thành",
        "recipients": RECIPIENTS,
    }
    values.update(overrides)
    return values


def issue_form(**overrides):
    values = issue_values(**overrides)
    values["issued_on"] = values["issued_on"].isoformat()
    values["recipients"] = "\n".join(values["recipients"])
    return values


def kinds(report):
    return list(report.signing_steps.values_list("kind", flat=True))


# ---- services -----------------------------------------------------------------------------


def test_submit_return_resubmit_issue_records_every_step(
    data, draft, django_capture_on_commit_callbacks
):
    specialist, signer = data["reviewer"], data["signer"]
    consolidated_submit(report=draft, user=specialist)
    consolidated_submit(report=draft, user=specialist)  # a double click
    draft.refresh_from_db()
    assert draft.status == ConsolidatedReport.Status.SUBMITTED
    assert kinds(draft) == ["submitted"]
    assert Notification.objects.filter(user=signer, url=draft.get_absolute_url()).count() == 1

    consolidated_return(report=draft, user=signer, comment="Bổ sung số liệu mục I.")
    consolidated_return(report=draft, user=signer, comment="Bổ sung số liệu mục I.")  # again
    draft.refresh_from_db()
    assert draft.status == ConsolidatedReport.Status.RETURNED
    assert kinds(draft) == ["submitted", "returned"]
    returned = draft.signing_steps.get(kind="returned")
    assert returned.actor == signer and returned.comment == "Bổ sung số liệu mục I."
    assert Notification.objects.filter(user=specialist, message__contains="mục I").exists()

    consolidated_submit(report=draft, user=specialist)
    with django_capture_on_commit_callbacks(execute=True):
        consolidated_issue(report=draft, user=signer, **issue_values())
        consolidated_issue(report=draft, user=signer, **issue_values())  # a double click
    draft.refresh_from_db()
    assert draft.is_issued and draft.issued_by == signer
    assert kinds(draft) == ["submitted", "returned", "submitted", "issued"]
    assert [s.actor for s in draft.signing_steps.all()] == [specialist, signer, specialist, signer]


def test_a_specialist_cannot_issue_or_return(data, draft):
    consolidated_submit(report=draft, user=data["reviewer"])
    with pytest.raises(ValidationError, match="Only a signer|Chỉ"):
        consolidated_issue(report=draft, user=data["reviewer"], **issue_values())
    with pytest.raises(ValidationError):
        consolidated_return(report=draft, user=data["reviewer"], comment="Không")
    draft.refresh_from_db()
    assert draft.status == ConsolidatedReport.Status.SUBMITTED and draft.number is None
    assert kinds(draft) == ["submitted"]


def test_a_signer_of_another_unit_cannot_issue(data, draft):
    other = make_user("kyhuyen", data["units"]["binhson"], role=MembershipRole.SIGNER)
    with pytest.raises(ValidationError):
        consolidated_issue(report=draft, user=other, **issue_values())
    draft.refresh_from_db()
    assert not draft.is_issued


def test_the_signer_is_of_the_unit_in_force_on_the_documents_date(
    data, draft, django_capture_on_commit_callbacks
):
    """After a merger the successor's signer signs; the old unit's signer no longer does."""
    old = data["units"]["btgtu"]
    old.valid_to = datetime.date(2021, 12, 26)
    old.save()
    merged = make_unit(
        "btgdvtu", kind=old.kind, parent=old.parent, valid_from=datetime.date(2021, 12, 27)
    )
    merged.predecessors.add(old)
    new_signer = make_user("kymoi", merged, role=MembershipRole.SIGNER)
    # A draft of the merged unit (one made before the merger cannot be issued after it:
    # test_names_by_date), as a draft made after it would be.
    type(draft).objects.filter(pk=draft.pk).update(issuing_unit=merged)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        consolidated_issue(report=draft, user=data["signer"], **issue_values())
    with django_capture_on_commit_callbacks(execute=False):
        consolidated_issue(report=draft, user=new_signer, **issue_values())
    draft.refresh_from_db()
    assert draft.is_issued and draft.issued_by == new_signer


def test_the_text_is_locked_while_with_the_signer(data, draft):
    consolidated_submit(report=draft, user=data["reviewer"])
    section = draft.sections.get(key="I")
    with pytest.raises(ValidationError):
        consolidated_section_update(section=section, user=data["reviewer"], body="Sửa")
    consolidated_return(report=draft, user=data["signer"], comment="Sửa mục I.")
    consolidated_section_update(section=section, user=data["reviewer"], body="Sửa")
    section.refresh_from_db()
    assert section.body == "Sửa"


def test_a_return_needs_a_comment(data, draft):
    consolidated_submit(report=draft, user=data["reviewer"])
    with pytest.raises(ValidationError):
        consolidated_return(report=draft, user=data["signer"], comment="   ")
    draft.refresh_from_db()
    assert draft.status == ConsolidatedReport.Status.SUBMITTED


def test_the_database_refuses_a_return_without_comment_and_an_unknown_state(data, draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsolidatedSigningStep.objects.create(report=draft, kind="returned", comment="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsolidatedReport.objects.filter(pk=draft.pk).update(status="signed")
    with pytest.raises(IntegrityError), transaction.atomic():
        # Issued without a number.
        ConsolidatedReport.objects.filter(pk=draft.pk).update(status="issued")


def test_issuing_tells_the_recipients_with_the_download_link(
    data, draft, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://theodoi.example.vn"
    data["recipient"].email = "hdnd@example.vn"
    data["recipient"].save()
    with django_capture_on_commit_callbacks(execute=True):
        consolidated_issue(report=draft, user=data["signer"], **issue_values())
    link = reverse("consolidated_pdf", args=[draft.pk])
    told = Notification.objects.filter(url=link)
    assert {n.user for n in told} == {data["leader"], data["recipient"]}
    assert any(link in m.body and m.to == ["hdnd@example.vn"] for m in mail.outbox)
    reached = dict(draft.recipients.values_list("text", "reached"))
    # Ban Tuyên giáo Trung ương has no account; the file copy is nobody to tell.
    assert reached == {
        "Ban Thường vụ Tỉnh ủy (b/c)": 1,
        "Đảng đoàn HĐND tỉnh": 1,
        "Ban Tuyên giáo Trung ương": 0,
        "Lưu VP Ban": None,
    }


# ---- pages --------------------------------------------------------------------------------


def test_the_specialist_sees_submit_not_issue_and_a_post_is_refused_in_vietnamese(
    client, data, draft
):
    client.force_login(data["reviewer"])
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="submit-for-signature"' in page and 'id="issue-report"' not in page
    url = reverse("consolidated_issue", args=[draft.pk])
    response = client.post(url, issue_form(), follow=True)
    assert response.status_code == 200
    assert "Chỉ người ký" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_issued


def test_the_signer_returns_and_the_specialist_reads_the_comment(client, data, draft):
    client.force_login(data["reviewer"])
    assert client.post(reverse("consolidated_submit", args=[draft.pk])).status_code == 302
    client.force_login(data["signer"])
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="return-form"' in page and 'id="issue-report"' in page
    response = client.post(
        reverse("consolidated_return", args=[draft.pk]), {"comment": "Viết lại mục II."}
    )
    assert response.status_code == 302
    client.force_login(data["reviewer"])
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Viết lại mục II." in page and 'id="submit-for-signature"' in page
    history = client.get(reverse("consolidated_report_history", args=[draft.pk]))
    assert history.status_code == 200
    assert "Viết lại mục II." in history.content.decode()
    assert len(history.context["steps"]) == 2


def test_signing_views_answer_post_only_and_refuse_outsiders(client, data, draft):
    for name in ("consolidated_submit", "consolidated_return"):
        url = reverse(name, args=[draft.pk])
        client.force_login(data["reviewer"])
        assert client.get(url).status_code == 405
        client.force_login(data["outsider"])
        assert client.post(url, {"comment": "x"}).status_code == 404
        client.force_login(data["leader"])
        assert client.post(url, {"comment": "x"}).status_code == 403
        client.logout()
        assert client.post(url).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ConsolidatedReport.Status.DRAFT and not kinds(draft)


def test_the_issued_page_names_the_recipients_not_reached(
    client, data, draft, django_capture_on_commit_callbacks
):
    client.force_login(data["signer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("consolidated_issue", args=[draft.pk]), issue_form(), follow=True
        )
    page = response.content.decode()
    assert "Ban Tuyên giáo Trung ương" in page
    assert page.count("not-reached") == 1 and 'id="unreached"' in page


def test_the_issue_form_proposes_the_signers_own_name(client, data, draft):
    client.force_login(data["signer"])
    response = client.get(reverse("consolidated_issue", args=[draft.pk]))
    assert response.context["form"].initial["signer_name"] == "Đặng Văn Thành"

"""Bad input and lost files on the consolidated report: a Vietnamese message or a 404, never a
500; one click, one draft; a stale section save refused with both texts (issue 13.4, 13.6, 9.8)."""

import logging
import uuid

import pytest
from django.urls import reverse

from reports.consolidated.models import ConsolidatedReport, ConsolidatedSection
from reports.consolidated.services import consolidated_section_update
from tests.reports.consolidated.test_consolidated_views import (
    as_user,
    issue_data,
    issued,  # noqa: F401 - the fixture
    section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_number_beyond_the_database_column_is_a_form_error(client, data, draft):
    response = as_user(client, data["signer"]).post(
        reverse("consolidated_issue", args=[draft.pk]), issue_data(number="2147483648")
    )
    assert response.status_code == 200
    assert "Số văn bản không được lớn hơn 2147483647." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_issued and draft.number is None


def test_a_recipient_line_over_255_characters_is_a_form_error(client, data, draft):
    long_line = "Ban " + "rất dài " * 40
    response = as_user(client, data["signer"]).post(
        reverse("consolidated_issue", args=[draft.pk]),
        issue_data(recipients=f"Ban Thường vụ Tỉnh ủy (b/c)\n{long_line}"),
    )
    assert response.status_code == 200
    assert "Mỗi dòng nơi nhận có tối đa 255 ký tự" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_issued
    assert not draft.recipients.filter(text__startswith="Ban rất dài").exists()


def test_issuing_twice_with_the_same_form_issues_once(client, data, draft):
    as_user(client, data["signer"])
    url = reverse("consolidated_issue", args=[draft.pk])
    first = client.post(url, issue_data())
    second = client.post(url, issue_data())
    assert first.status_code == second.status_code == 302
    draft.refresh_from_db()
    assert draft.is_issued and draft.number == 12
    assert ConsolidatedReport.objects.filter(number=12).count() == 1


def test_a_missing_stored_pdf_answers_404_and_is_logged(client, data, issued, caplog):  # noqa: F811
    issued.pdf.storage.delete(issued.pdf.name)
    with caplog.at_level(logging.ERROR, logger="reports.consolidated.views"):
        response = as_user(client, data["reviewer"]).get(
            reverse("consolidated_pdf", args=[issued.pk])
        )
    assert response.status_code == 404
    assert any(
        record.levelno == logging.ERROR and issued.pdf.name in record.getMessage()
        for record in caplog.records
    )


def test_a_double_submitted_draft_form_makes_one_draft(client, data):
    as_user(client, data["reviewer"])
    url = reverse("consolidated_create", args=[data["period"].pk])
    token = str(uuid.uuid4())
    first = client.post(url, {"token": token})
    second = client.post(url, {"token": token})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ConsolidatedReport.objects.filter(period=data["period"]).count() == 1


def test_two_draft_forms_make_two_drafts(client, data):
    as_user(client, data["reviewer"])
    url = reverse("consolidated_create", args=[data["period"].pk])
    client.post(url, {"token": str(uuid.uuid4())})
    client.post(url, {"token": str(uuid.uuid4())})
    assert ConsolidatedReport.objects.filter(period=data["period"]).count() == 2


def test_the_draft_form_carries_a_fresh_token(client, data):
    as_user(client, data["reviewer"])
    url = reverse("consolidated_create", args=[data["period"].pk])
    tokens = {client.get(url).context["form"]["token"].value() for _ in range(2)}
    assert len(tokens) == 2


def _post_section(client, report, target, *, version, body):
    return client.post(
        reverse("consolidated_section_save", args=[report.pk, target.pk]),
        {
            f"s{target.pk}-version": version,
            f"s{target.pk}-heading": target.heading,
            f"s{target.pk}-body": body,
        },
        headers={"HX-Request": "true"},
    )


def test_a_stale_section_save_is_refused_with_both_texts(client, data, draft):
    target = section(draft, "V")
    read_at = target.version
    consolidated_section_update(
        section=target,
        user=data["reviewer"],
        body="Văn bản của đồng nghiệp",
        heading=target.heading,
        expected_version=read_at,
    )
    as_user(client, data["reviewer"])

    response = _post_section(client, draft, target, version=read_at, body="Văn bản của tôi")

    assert response.status_code == 409
    html = response.content.decode()
    assert "Văn bản của đồng nghiệp" in html and "Văn bản của tôi" in html
    assert "Chưa lưu" in html
    target.refresh_from_db()
    assert target.body == "Văn bản của đồng nghiệp" and target.version == read_at + 1


def test_a_save_at_the_current_version_goes_through_and_bumps_it(client, data, draft):
    target = section(draft, "V")
    as_user(client, data["reviewer"])
    first = _post_section(client, draft, target, version=target.version, body="Một")
    second = _post_section(client, draft, target, version=target.version + 1, body="Hai")
    assert first.status_code == second.status_code == 200
    # The answer gives the editor the new version for its next save.
    assert f'value="{target.version + 2}"' in second.content.decode()
    target.refresh_from_db()
    assert target.body == "Hai"


def test_a_stale_save_without_htmx_shows_the_conflict_page(client, data, draft):
    target = section(draft, "V")
    ConsolidatedSection.objects.filter(pk=target.pk).update(version=target.version + 3)
    response = as_user(client, data["reviewer"]).post(
        reverse("consolidated_section_save", args=[draft.pk, target.pk]),
        {
            f"s{target.pk}-version": target.version,
            f"s{target.pk}-heading": target.heading,
            f"s{target.pk}-body": "Của tôi",
        },
    )
    assert response.status_code == 409
    assert "Của tôi" in response.content.decode()
    target.refresh_from_db()
    assert target.body != "Của tôi"


def test_issuing_is_refused_while_a_marker_is_left_and_names_the_section(client, data, draft):
    target = section(draft, "III-4")
    ConsolidatedSection.objects.filter(pk=target.pk).update(
        body="- [cần bổ sung: bài học kinh nghiệm]"
    )
    response = as_user(client, data["signer"]).post(
        reverse("consolidated_issue", args=[draft.pk]), issue_data()
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "cần bổ sung" in html and target.heading in html
    draft.refresh_from_db()
    assert not draft.is_issued and draft.number is None

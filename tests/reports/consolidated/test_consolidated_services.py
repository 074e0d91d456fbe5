"""Issuing, freezing, editing and correcting the consolidated report; bad input refused."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError

from reports.consolidated.models import (
    ConsolidatedReport,
    ConsolidatedSectionRevision,
    DocumentTerm,
)
from reports.consolidated.services import (
    consolidated_correct,
    consolidated_create,
    consolidated_issue,
    consolidated_section_regenerate,
    consolidated_section_update,
    proposed_number,
)
from tests.reports.consolidated_data import drawn_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ISSUED_ON = datetime.date(2021, 12, 28)


def issue(report, user, **overrides):
    values = {
        "number": 25,
        "issued_on": ISSUED_ON,
        "place": "Quảng Ngãi",
        "signing_authority": "K/T TRƯỞNG BAN",
        "signer_position": "PHÓ TRƯỞNG BAN",
        "signer_name": "Nguyễn Văn A",
        "recipients": ["- Ban Thường vụ Tỉnh ủy (b/c),", "- Đảng đoàn HĐND tỉnh,", "- Lưu VP Ban."],
    }
    values.update(overrides)
    return consolidated_issue(report=report, user=user, **values)


def snapshot(report):
    report = ConsolidatedReport.objects.get(pk=report.pk)
    return (
        report.status,
        report.number,
        report.issued_on,
        report.term_id,
        report.generation,
        list(report.recipients.values_list("text", "unit_id")),
        list(report.sections.values_list("key", "body")),
    )


def test_issuing_numbers_freezes_and_generates_the_pdf_once(
    data, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        issue(draft, data["signer"])
    assert len(callbacks) == 1

    report = ConsolidatedReport.objects.get(pk=draft.pk)
    assert report.is_issued and report.number_line == "Số 25-BC/BTGTU"
    assert report.term.name == "Nhiệm kỳ 2020-2025"
    assert report.generation == ConsolidatedReport.Generation.DONE
    content = report.pdf.read()
    assert content.startswith(b"%PDF")
    assert report.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert report.pdf_pages >= 2
    # Recipient lines are stored as printed (without dash and comma) and linked to units.
    assert list(report.recipients.values_list("text", "unit__code")) == [
        ("Ban Thường vụ Tỉnh ủy (b/c)", "btvtu"),
        ("Đảng đoàn HĐND tỉnh", "dd-hdnd"),
        ("Lưu VP Ban", None),
    ]

    # A second run of the task (a retry, a second worker) writes nothing.
    from reports.consolidated.services import generate_consolidated_pdf

    generated_at, name = report.generated_at, report.pdf.name
    generate_consolidated_pdf.enqueue(report.pk)
    report.refresh_from_db()
    assert (report.generated_at, report.pdf.name) == (generated_at, name)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"number": None}, "number", "Enter the document number."),
        ({"issued_on": None}, "issued_on", "Enter the date of the document."),
        (
            {"issued_on": datetime.date(2020, 12, 31)},
            "issued_on",
            "The date cannot be before the start of the period (01/01/2021).",
        ),
        ({"signer_name": "  "}, "signer_name", "This field is required."),
        ({"recipients": ["", "  "]}, "recipients", "List at least one recipient."),
    ],
)
def test_bad_issue_input_is_refused_and_nothing_changes(data, draft, overrides, field, message):
    before = snapshot(draft)

    with pytest.raises(ValidationError) as caught:
        issue(draft, data["signer"], **overrides)

    assert caught.value.message_dict[field] == [message]
    assert snapshot(draft) == before


def test_a_duplicate_number_in_the_same_term_is_refused(
    data, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        issue(draft, data["signer"], number=25)
    second = drawn_on(consolidated_create(period=data["period"], user=data["reviewer"]))
    before = snapshot(second)

    with pytest.raises(ValidationError) as caught:
        issue(second, data["signer"], number=25, issued_on=datetime.date(2022, 1, 5))

    assert caught.value.message_dict["number"] == [
        "Number 25 is already used by another báo cáo of this term. The next free number is 26."
    ]
    assert snapshot(second) == before
    assert proposed_number(second, datetime.date(2022, 1, 5)) == 26


def test_numbering_restarts_in_a_new_term(data, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        issue(draft, data["signer"], number=25)
        second = drawn_on(consolidated_create(period=data["period"], user=data["reviewer"]))
        assert proposed_number(second, datetime.date(2025, 10, 1)) == 1
        issue(second, data["signer"], number=25, issued_on=datetime.date(2025, 10, 1))

    second.refresh_from_db()
    assert second.term.name == "Nhiệm kỳ 2025-2030" and second.number == 25


def test_a_date_no_term_covers_is_refused(data, draft):
    DocumentTerm.objects.all().delete()

    with pytest.raises(ValidationError) as caught:
        issue(draft, data["signer"])

    assert (
        "No term of the issuing body covers this date" in caught.value.message_dict["issued_on"][0]
    )


def test_an_issued_report_cannot_be_edited_or_issued_again(
    data, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        issue(draft, data["signer"])
    section = draft.sections.get(key="I")
    before = snapshot(draft)

    for change in (
        lambda: consolidated_section_update(section=section, user=data["reviewer"], body="x"),
        lambda: consolidated_section_regenerate(section=section, user=data["reviewer"]),
        lambda: issue(draft, data["signer"], number=30),
    ):
        with pytest.raises(ValidationError) as caught:
            change()
        assert "has been issued and can no longer be changed" in caught.value.messages[0]
    assert snapshot(draft) == before
    assert not ConsolidatedSectionRevision.objects.exists()


def test_pasted_script_is_stored_as_typed(data, draft):
    section = draft.sections.get(key="III-3")
    text = '<script>alert("x")</script> **đậm** <img src=x onerror=alert(1)>'

    consolidated_section_update(section=section, user=data["reviewer"], body=text)

    section.refresh_from_db()
    assert section.body == text


def test_an_edit_keeps_the_previous_text_once_per_burst(data, draft):
    section = draft.sections.get(key="IV")
    original = section.body

    consolidated_section_update(section=section, user=data["reviewer"], body="Một")
    consolidated_section_update(section=section, user=data["reviewer"], body="Một hai")

    revisions = list(section.revisions.all())
    assert [(r.kind, r.old_body) for r in revisions] == [("edited", original)]
    section.refresh_from_db()
    assert section.body == "Một hai" and section.updated_by == data["reviewer"]


def test_regenerating_one_section_leaves_the_others(data, draft):
    sections = {s.key: s for s in draft.sections.all()}
    consolidated_section_update(section=sections["I"], user=data["reviewer"], body="Sửa I")
    consolidated_section_update(section=sections["V"], user=data["reviewer"], body="Sửa V")

    consolidated_section_regenerate(section=sections["I"], user=data["reviewer"])

    after = {s.key: s.body for s in draft.sections.all()}
    assert after["I"].startswith("Tính đến ngày")
    assert after["V"] == "Sửa V"
    kinds = list(sections["I"].revisions.values_list("kind", "old_body"))
    assert kinds[0] == ("regenerated", "Sửa I")


def test_a_correction_is_a_new_version_replacing_the_issued_one(
    data, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issue(draft, data["signer"])
    draft.refresh_from_db()
    sha, name = draft.pdf_sha256, draft.pdf.name

    correction = consolidated_correct(report=draft, user=data["reviewer"])

    assert correction.replaces == draft and not correction.is_issued
    assert list(correction.sections.values_list("key", "body")) == list(
        draft.sections.values_list("key", "body")
    )
    with pytest.raises(ValidationError):
        consolidated_correct(report=draft, user=data["reviewer"])
    with pytest.raises(ValidationError):
        consolidated_correct(report=correction, user=data["reviewer"])
    draft.refresh_from_db()
    assert (draft.pdf_sha256, draft.pdf.name) == (sha, name)

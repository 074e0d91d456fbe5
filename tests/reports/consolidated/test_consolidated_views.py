"""Pages of the consolidated report: access matrix, editing, issuing, downloads, query counts."""

import datetime
import hashlib

import pytest
from django.urls import reverse

from reports.consolidated.models import ConsolidatedReport
from reports.consolidated.services import consolidated_create, consolidated_issue
from tests.reports.consolidated_data import drawn_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def issued(data, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        consolidated_issue(
            report=draft,
            user=data["signer"],
            number=25,
            issued_on=datetime.date(2021, 12, 28),
            place="Quảng Ngãi",
            signing_authority="K/T TRƯỞNG BAN",
            signer_position="PHÓ TRƯỞNG BAN",
            signer_name="Nguyễn Văn A",
            recipients=["Ban Thường vụ Tỉnh ủy (b/c)", "Đảng đoàn HĐND tỉnh", "Lưu VP Ban"],
        )
    draft.refresh_from_db()
    return draft


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def section(report, key):
    return report.sections.get(key=key)


# ---- access matrix -----------------------------------------------------------------------------

READERS_OF_DRAFT = {"reviewer": 200, "leader": 200, "recipient": 404, "outsider": 404}
READERS_OF_ISSUED = {"reviewer": 200, "leader": 200, "recipient": 200, "outsider": 404}


@pytest.mark.parametrize(("persona", "status"), READERS_OF_DRAFT.items())
def test_draft_page_access(client, data, draft, persona, status):
    response = as_user(client, data[persona]).get(draft.get_absolute_url())
    assert response.status_code == status


@pytest.mark.parametrize(("persona", "status"), READERS_OF_ISSUED.items())
def test_issued_pdf_download_follows_the_distribution(client, data, issued, persona, status):
    response = as_user(client, data[persona]).get(reverse("consolidated_pdf", args=[issued.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(("persona", "status"), READERS_OF_ISSUED.items())
def test_issued_docx_download_follows_the_distribution(client, data, issued, persona, status):
    response = as_user(client, data[persona]).get(reverse("consolidated_docx", args=[issued.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    "name", ["consolidated_detail", "consolidated_pdf", "consolidated_docx", "consolidated_issue"]
)
def test_anonymous_users_are_sent_to_sign_in(client, issued, name):
    response = client.get(reverse(name, args=[issued.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_unit_not_on_the_list_cannot_download_and_nothing_changes(client, data, issued):
    response = as_user(client, data["outsider"]).get(reverse("consolidated_pdf", args=[issued.pk]))
    assert response.status_code == 404
    # The index does not list it either.
    response = client.get(reverse("consolidated_index"))
    assert issued.number_line not in response.content.decode()


def test_the_stored_pdf_is_served_identically_twice(client, data, issued):
    as_user(client, data["leader"])
    url = reverse("consolidated_pdf", args=[issued.pk])

    first = b"".join(client.get(url).streaming_content)
    second_response = client.get(url)
    second = b"".join(second_response.streaming_content)

    assert first == second
    assert hashlib.sha256(first).hexdigest() == issued.pdf_sha256
    disposition = second_response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # RFC 6266: an ASCII fallback and the UTF-8 name.
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20s%E1%BB%91%2025-BC-BTGTU" in disposition


def test_a_draft_has_no_pdf_download_but_a_watermarked_preview(client, data, draft):
    as_user(client, data["reviewer"])
    assert client.get(reverse("consolidated_pdf", args=[draft.pk])).status_code == 404
    response = client.get(reverse("consolidated_preview", args=[draft.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# ---- creating ----------------------------------------------------------------------------------


def test_reviewer_creates_a_draft(client, data):
    url = reverse("consolidated_create", args=[data["period"].pk])
    as_user(client, data["reviewer"])
    assert client.get(url).status_code == 200

    response = client.post(url, {"include_submitted": "on"})

    report = ConsolidatedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.include_submitted and report.created_by == data["reviewer"]


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("recipient", 404), ("outsider", 404)]
)
def test_only_reviewers_create(client, data, persona, status):
    url = reverse("consolidated_create", args=[data["period"].pk])
    response = as_user(client, data[persona]).post(url, {})
    assert response.status_code == status
    assert not ConsolidatedReport.objects.exists()


def test_create_refuses_other_methods(client, data):
    url = reverse("consolidated_create", args=[data["period"].pk])
    assert as_user(client, data["reviewer"]).put(url).status_code == 405


# ---- editing -----------------------------------------------------------------------------------


def save_url(report, key):
    return reverse("consolidated_section_save", args=[report.pk, section(report, key).pk])


def test_autosave_stores_the_section_and_answers_with_the_indicator(client, data, draft):
    target = section(draft, "III-3")
    as_user(client, data["reviewer"])

    response = client.post(
        save_url(draft, "III-3"),
        {
            f"s{target.pk}-version": target.version,
            f"s{target.pk}-heading": "3. Nguyên nhân",
            f"s{target.pk}-body": "Văn bản **mới**",
        },
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã lưu lúc" in html and "<strong>mới</strong>" in html
    target.refresh_from_db()
    assert target.body == "Văn bản **mới**"
    assert target.revisions.count() == 1


def test_pasted_script_is_stored_and_shown_as_text(client, data, draft):
    target = section(draft, "V")
    as_user(client, data["reviewer"])
    script = '<script>alert("x")</script>'

    client.post(
        save_url(draft, "V"),
        {
            f"s{target.pk}-version": target.version,
            f"s{target.pk}-heading": target.heading,
            f"s{target.pk}-body": script,
        },
        headers={"HX-Request": "true"},
    )
    page = client.get(draft.get_absolute_url()).content.decode()

    target.refresh_from_db()
    assert target.body == script
    assert script not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("recipient", 404), ("outsider", 404)]
)
def test_only_reviewers_edit_sections(client, data, draft, persona, status):
    target = section(draft, "V")
    before = target.body
    response = as_user(client, data[persona]).post(
        save_url(draft, "V"),
        {
            f"s{target.pk}-version": target.version,
            f"s{target.pk}-body": "x",
            f"s{target.pk}-heading": "V- x",
        },
    )
    assert response.status_code == status
    target.refresh_from_db()
    assert target.body == before


def test_section_save_refuses_get(client, data, draft):
    assert as_user(client, data["reviewer"]).get(save_url(draft, "V")).status_code == 405


def test_editing_an_issued_report_is_refused_with_a_message(client, data, issued):
    target = section(issued, "V")
    before = target.body
    response = as_user(client, data["reviewer"]).post(
        save_url(issued, "V"),
        {
            f"s{target.pk}-version": target.version,
            f"s{target.pk}-body": "x",
            f"s{target.pk}-heading": "V- x",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Báo cáo này đã ban hành, không thể sửa nữa." in response.content.decode()
    target.refresh_from_db()
    assert target.body == before


def test_regenerate_one_section_and_history_page(client, data, draft):
    target = section(draft, "I")
    other = section(draft, "V")
    as_user(client, data["reviewer"])
    client.post(
        save_url(draft, "V"),
        {
            f"s{other.pk}-version": other.version,
            f"s{other.pk}-body": "Giữ nguyên",
            f"s{other.pk}-heading": other.heading,
        },
        headers={"HX-Request": "true"},
    )
    client.post(
        save_url(draft, "I"),
        {
            f"s{target.pk}-version": target.version,
            f"s{target.pk}-body": "Sửa",
            f"s{target.pk}-heading": target.heading,
        },
        headers={"HX-Request": "true"},
    )

    url = reverse("consolidated_section_regenerate", args=[draft.pk, target.pk])
    response = client.post(url)

    assert response.status_code == 302
    target.refresh_from_db()
    other.refresh_from_db()
    assert target.body.startswith("Tính đến ngày") and other.body == "Giữ nguyên"
    history = client.get(reverse("consolidated_section_history", args=[draft.pk, target.pk]))
    assert "Sửa" in history.content.decode()
    assert as_user(client, data["leader"]).post(url).status_code == 403


# ---- issuing -----------------------------------------------------------------------------------


def issue_data(**overrides):
    values = {
        "number": "12",
        "issued_on": "2021-12-28",
        "place": "Quảng Ngãi",
        "signing_authority": "K/T TRƯỞNG BAN",
        "signer_position": "PHÓ TRƯỞNG BAN",
        "signer_name": "Nguyễn Văn A",
        "recipients": "- Ban Thường vụ Tỉnh ủy (b/c),\n- Lưu VP Ban.",
    }
    values.update(overrides)
    return values


def test_issue_form_proposes_the_next_number(client, data, draft):
    response = as_user(client, data["signer"]).get(reverse("consolidated_issue", args=[draft.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["number"] == 1


def test_signer_issues(client, data, draft, django_capture_on_commit_callbacks):
    as_user(client, data["signer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consolidated_issue", args=[draft.pk]), issue_data())

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_issued and draft.number == 12 and draft.generation == "done"
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Số 12-BC/BTGTU" in page and "Tải PDF" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"number": ""}, "Nhập số văn bản."),
        ({"number": "abc"}, "Nhập số văn bản là một số nguyên."),
        ({"issued_on": "2020-06-01"}, "Ngày văn bản không được trước ngày bắt đầu kỳ báo cáo"),
    ],
)
def test_bad_issue_input_shows_the_message_by_the_field(client, data, draft, overrides, message):
    response = as_user(client, data["signer"]).post(
        reverse("consolidated_issue", args=[draft.pk]), issue_data(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_issued and draft.number is None


def test_a_duplicate_number_is_refused_by_the_form(client, data, issued):
    second = drawn_on(consolidated_create(period=data["period"], user=data["reviewer"]))
    response = as_user(client, data["signer"]).post(
        reverse("consolidated_issue", args=[second.pk]), issue_data(number="25")
    )
    assert response.status_code == 200
    assert "Số 25 đã được dùng" in response.content.decode()
    second.refresh_from_db()
    assert not second.is_issued


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("recipient", 404), ("outsider", 404)]
)
def test_only_reviewers_issue(client, data, draft, persona, status):
    response = as_user(client, data[persona]).post(
        reverse("consolidated_issue", args=[draft.pk]), issue_data()
    )
    assert response.status_code == status
    draft.refresh_from_db()
    assert not draft.is_issued


def test_issue_refuses_other_methods(client, data, draft):
    url = reverse("consolidated_issue", args=[draft.pk])
    assert as_user(client, data["reviewer"]).delete(url).status_code == 405


def test_correcting_drafts_a_replacing_version(client, data, issued):
    response = as_user(client, data["reviewer"]).post(
        reverse("consolidated_correct", args=[issued.pk])
    )
    correction = ConsolidatedReport.objects.get(replaces=issued)
    assert response.status_code == 302 and response["Location"] == correction.get_absolute_url()
    assert (
        as_user(client, data["leader"])
        .post(reverse("consolidated_correct", args=[issued.pk]))
        .status_code
        == 403
    )


# ---- the download page and query counts ----------------------------------------------------------


def test_the_index_lists_what_each_person_may_download(client, data, issued, draft):
    leader_page = (
        as_user(client, data["leader"]).get(reverse("consolidated_index")).content.decode()
    )
    assert "Số 25-BC/BTGTU" in leader_page
    assert reverse("consolidated_pdf", args=[issued.pk]) in leader_page

    client.logout()
    recipient_page = as_user(client, data["recipient"]).get(reverse("consolidated_index"))
    assert "Số 25-BC/BTGTU" in recipient_page.content.decode()

    client.logout()
    outsider_page = as_user(client, data["outsider"]).get(reverse("consolidated_index"))
    assert "Số 25-BC/BTGTU" not in outsider_page.content.decode()


def test_index_query_count_does_not_grow(client, data, issued, django_assert_num_queries):
    for _ in range(3):
        consolidated_create(period=data["period"], user=data["reviewer"])
    as_user(client, data["leader"])
    # 1 session, 2 user, 3 memberships with their units (roles and nav), 4 directives,
    # 5 periods, 6 consolidated reports, 7 unread notifications (nav badge)
    with django_assert_num_queries(7):
        response = client.get(reverse("consolidated_index"))
    assert response.status_code == 200


def test_detail_query_count(client, data, draft, django_assert_num_queries):
    as_user(client, data["reviewer"])
    # 1 session, 2 user, 3 report with period, directive, term, 4 recipients, 5 sections,
    # 6 memberships with their units (roles and nav), 7 correction (replaced_by), 8 unread
    # notifications (nav badge)
    with django_assert_num_queries(8):
        response = client.get(draft.get_absolute_url())
    assert response.status_code == 200


def test_pdf_download_query_count(client, data, issued, django_assert_num_queries):
    as_user(client, data["recipient"])
    url = reverse("consolidated_pdf", args=[issued.pk])
    # 1 session, 2 user, 3 report, 4 recipients, 5 sections, 6 memberships (roles)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)


# ---- background generation ---------------------------------------------------------------------


class QueuedTask:
    """Stands in for a task backend with a separate worker: enqueue records, runs nothing."""

    def __init__(self):
        self.queued = []

    def enqueue(self, report_id):
        self.queued.append(report_id)


def test_while_the_pdf_is_generated_the_page_says_so(
    client, data, draft, monkeypatch, django_capture_on_commit_callbacks
):
    from reports.consolidated import services as services_consolidated

    queue = QueuedTask()
    monkeypatch.setattr(services_consolidated, "generate_consolidated_pdf", queue)
    as_user(client, data["signer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consolidated_issue", args=[draft.pk]), issue_data())
    assert queue.queued == [draft.pk]

    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Đang tạo tệp PDF…" in page
    assert f'hx-get="{reverse("consolidated_generation", args=[draft.pk])}"' in page
    response = client.get(reverse("consolidated_pdf", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()

    # The worker runs the task: the polled fragment now offers the download and stops polling.
    monkeypatch.undo()
    services_consolidated.generate_consolidated_pdf.enqueue(draft.pk)
    fragment = client.get(reverse("consolidated_generation", args=[draft.pk])).content.decode()
    assert "Tải PDF" in fragment and "hx-get" not in fragment


def test_a_failed_generation_can_be_retried(
    client, data, draft, monkeypatch, django_capture_on_commit_callbacks
):
    from documents import pdf

    def broken(doc):
        raise RuntimeError("font missing")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    as_user(client, data["signer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consolidated_issue", args=[draft.pk]), issue_data())
    draft.refresh_from_db()
    assert draft.generation == "failed" and not draft.pdf
    assert "Không tạo được tệp PDF." in client.get(draft.get_absolute_url()).content.decode()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consolidated_generation_retry", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.generation == "done" and draft.pdf_sha256


def test_the_word_copy_holds_the_same_headings(client, data, issued):
    import io

    import docx

    response = as_user(client, data["leader"]).get(reverse("consolidated_docx", args=[issued.pk]))
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    for section in issued.sections.exclude(key="opening"):
        # Main parts (I- ... V-) are printed in capitals.
        heading = section.heading.upper() if section.level == 1 else section.heading
        assert heading in text
    assert "I- TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT" in text
    assert "Số 25-BC/BTGTU" in text


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("consolidated_detail", "post"),
        ("consolidated_pdf", "post"),
        ("consolidated_docx", "post"),
        ("consolidated_preview", "post"),
        ("consolidated_generation", "post"),
        ("consolidated_correct", "get"),
        ("consolidated_generation_retry", "get"),
        ("consolidated_annex_regenerate", "get"),
    ],
)
def test_views_refuse_the_other_method(client, data, issued, name, method):
    response = getattr(as_user(client, data["reviewer"]), method)(reverse(name, args=[issued.pk]))
    assert response.status_code == 405
    assert not ConsolidatedReport.objects.filter(replaces=issued).exists()


def _docx_bytes(client, report):
    response = client.get(reverse("consolidated_docx", args=[report.pk]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_the_issued_word_copy_is_stored_once_and_served_identically(
    client, data, issued, monkeypatch
):
    assert issued.docx and len(issued.docx_sha256) == 64
    as_user(client, data["leader"])
    response, first = _docx_bytes(client, issued)
    assert hashlib.sha256(first).hexdigest() == issued.docx_sha256
    assert response["X-Content-SHA256"] == issued.docx_sha256
    # A later change of the writer never alters an issued document.
    from reports.consolidated import views

    monkeypatch.setattr(views, "render_docx", lambda document: b"changed")
    _response, second = _docx_bytes(client, issued)
    assert second == first


def test_the_word_copy_is_vietnamese_with_the_issuing_body_as_author(client, data, issued):
    import io

    import docx
    from docx.oxml.ns import qn

    _response, content = _docx_bytes(as_user(client, data["leader"]), issued)
    document = docx.Document(io.BytesIO(content))
    properties = document.core_properties
    assert properties.author == issued.issuing_body
    assert properties.created.date() == issued.issued_on
    assert issued.number_line in properties.title
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "vi-VN"
    assert all(p.text.strip() != "-----" for p in document.paragraphs)
    rules = [
        p
        for p in document.paragraphs
        if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
    ]
    assert len(rules) == 1


def test_a_missing_stored_word_copy_answers_404(client, data, issued):
    issued.docx.storage.delete(issued.docx.name)
    response = as_user(client, data["leader"]).get(reverse("consolidated_docx", args=[issued.pk]))
    assert response.status_code == 404

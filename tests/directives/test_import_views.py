"""The Department's import screens: upload, review and correct, save a draft, publish."""

import pytest
from django.urls import reverse

from directives.models import Directive, DirectiveStatus
from directives.seed import load_186
from units.demo import create_demo_accounts

from ..documents.reading import shapes


@pytest.fixture
def accounts(db):
    load_186()
    create_demo_accounts()


def signed_in(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


def upload(client, data=None, name="kh.docx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = shapes.ke_hoach() if data is None else data
    return client.post(reverse("directive_import"), {"file": SimpleUploadedFile(name, data)})


def review_form(client) -> dict:
    """The review form as the browser would send it back unchanged."""
    plan = client.session["directive_import"]["plan"]
    from directives.importing.review import show_day, tasks_in_order

    data = {
        "document_type": plan["document_type"],
        "number": plan["number"],
        "symbol": plan["symbol"],
        "issuer": plan["issuer"] or "",
        "issuer_heading": plan["issuer_heading"],
        "place": plan["place"],
        "issued_on": show_day(plan["issued_on"]),
        "subject": plan["subject"],
        "signer_name": plan["signer_name"],
        "monitoring_unit": "btgtu",
    }
    for i, (task, _parent) in enumerate(tasks_in_order(plan)):
        data[f"t{i}-number"] = task["number"]
        data[f"t{i}-text"] = task["text"]
        data[f"t{i}-lead"] = task["lead"]
        data[f"t{i}-lead_groups"] = task["lead_groups"]
        data[f"t{i}-coordinating"] = task["coordinating"]
        data[f"t{i}-deadline"] = show_day(task["deadline"])
        data[f"t{i}-deadline_text"] = task["deadline_text"]
        if task["recurring"]:
            data[f"t{i}-recurring"] = "on"
        data[f"t{i}-deliverable"] = task["deliverable"]
    return data


def index_of(client, number: str) -> int:
    from directives.importing.review import tasks_in_order

    plan = client.session["directive_import"]["plan"]
    return next(i for i, (t, _p) in enumerate(tasks_in_order(plan)) if t["number"] == number)


def test_the_department_imports_corrects_saves_and_publishes(client, accounts):
    signed_in(client, "tuyengiao")
    response = upload(client)
    assert response.status_code == 302 and response.url == reverse("directive_import_review")
    page = client.get(reverse("directive_import_review"))
    assert page.status_code == 200
    assert "Sở Khoa học và Công nghệ" in page.content.decode()  # flagged, unmatched
    assert not Directive.objects.filter(number="25").exists()  # nothing saved yet

    data = review_form(client)
    first = index_of(client, "II.1")
    data[f"t{first}-lead"] = ["btgtu", "bdvtu"]  # a unit link corrected
    data[f"t{first}-deadline"] = "15/07/2026"  # and a deadline
    last = index_of(client, "III.1")
    data[f"t{last}-coordinating-u0"] = "new"  # added to the registry
    data[f"t{last}-coordinating-u0-kind"] = "tw"
    data[f"t{index_of(client, 'I')}-remove"] = "on"
    data["action"] = "save"
    response = client.post(reverse("directive_import_review"), data)
    directive = Directive.objects.get(number="25", symbol="KH/TU")
    assert response.status_code == 302
    assert response.url == reverse("directive_import_done", args=[directive.slug])
    assert directive.status == DirectiveStatus.DRAFT
    task = directive.tasks.get(number="II.1")
    assert sorted(u.code for u in task.lead_units.all()) == ["bdvtu", "btgtu"]
    assert task.deadline.isoformat() == "2026-07-15"
    coordinating = directive.tasks.get(number="III.1").coordinating_units.get()
    assert coordinating.name == "Sở Khoa học và Công nghệ"
    assert not directive.tasks.filter(number="I").exists()
    assert directive.tasks.get(number="I.1").parent is None  # moved up
    # The history starts with the import, by whom, with the header and the number of tasks.
    [imported] = directive.changes.all()
    assert (imported.action, imported.user.username) == ("imported", "tuyengiao")
    fields = {row["field"]: row["new"] for row in imported.changes}
    assert fields["number"] == "25" and fields["task_count"] == str(directive.tasks.count())
    done = client.get(reverse("directive_import_done", args=[directive.slug])).content.decode()
    assert reverse("directive_tasks_edit", args=[directive.slug]) in done  # edit before publishing
    history = client.get(reverse("directive_history", args=[directive.slug])).content.decode()
    assert "Nhập từ tệp, lưu bản nháp" in history

    assert client.get(reverse("directive_import_publish", args=[directive.slug])).status_code == 405
    response = client.post(reverse("directive_import_publish", args=[directive.slug]))
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.PUBLISHED
    assert [c.action for c in directive.changes.order_by("at", "pk")] == ["imported", "published"]


def test_a_bad_date_is_refused_with_a_message_and_nothing_saved(client, accounts):
    signed_in(client, "tuyengiao")
    upload(client)
    data = review_form(client)
    data[f"t{index_of(client, 'II.1')}-deadline"] = "31/02/2026"
    data["action"] = "save"
    response = client.post(reverse("directive_import_review"), data)
    assert response.status_code == 400
    assert "“31/02/2026” không có thật: tháng 2 năm 2026 có 28 ngày." in response.content.decode()
    assert not Directive.objects.filter(number="25").exists()


def test_a_failed_save_changes_nothing(client, accounts):
    signed_in(client, "tuyengiao")
    upload(client, (shapes.ke_hoach()))
    data = review_form(client)
    data["number"], data["symbol"], data["issuer"] = "186", "CV/TU", "tinhuy"  # already there
    last = index_of(client, "III.1")
    data[f"t{last}-coordinating-u0"] = "new"
    data[f"t{last}-coordinating-u0-kind"] = "tw"
    data["action"] = "save"
    response = client.post(reverse("directive_import_review"), data)
    assert response.status_code == 400
    assert "đã có văn bản số 186-CV/TU" in response.content.decode()
    from units.models import Unit

    assert not Unit.objects.filter(name="Sở Khoa học và Công nghệ").exists()  # rolled back


def test_a_bad_file_gets_a_vietnamese_message(client, accounts):
    signed_in(client, "tuyengiao")
    response = upload(client, b"not a word file at all", name="x.docx")
    assert response.status_code == 400
    assert "không phải là tệp Word" in response.content.decode()
    assert "directive_import" not in client.session


def test_pasted_text_is_read_too(client, accounts):
    from directives.seed import SEED_186

    signed_in(client, "tuyengiao")
    response = client.post(reverse("directive_import"), {"text": SEED_186.read_text()})
    assert response.status_code == 302
    assert client.session["directive_import"]["plan"]["number"] == "186"


@pytest.mark.parametrize(("username", "status"), [("hdnd", 404), ("thuongvu", 403), (None, 302)])
def test_only_the_department_imports(client, accounts, username, status):
    if username:
        signed_in(client, username)
    assert client.get(reverse("directive_import")).status_code == status
    assert client.get(reverse("directive_import_review")).status_code == status
    directive = Directive.objects.get(slug="186-cv-tu")
    assert (
        client.post(reverse("directive_import_publish", args=[directive.slug])).status_code
        == status
    )


def test_the_list_links_to_the_import_for_the_department_only(client, accounts):
    signed_in(client, "tuyengiao")
    assert reverse("directive_import") in client.get(reverse("directive_list")).content.decode()
    client.logout()
    signed_in(client, "hdnd")
    assert reverse("directive_import") not in client.get(reverse("directive_list")).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "9" * 25, "số: Giá trị này chỉ có tối đa 20"),
        ("t0-number", "1" * 25, "Nhiệm vụ"),
        ("t1-number", "I", "Hai nhiệm vụ trùng số: I."),
        ("document_type", "XX", "Chọn loại văn bản."),
    ],
)
def test_values_the_database_would_refuse_get_a_message_not_an_error(
    client, accounts, field, value, message
):
    signed_in(client, "tuyengiao")
    upload(client)
    data = review_form(client)
    data[field] = value
    data["action"] = "save"
    response = client.post(reverse("directive_import_review"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Directive.objects.filter(symbol="KH/TU").exists()


EDGES = [
    "", "-1", "2147483648", "9" * 40, "31/02/2026", "2026-13-45", "NaN",
    "<script>alert(1)</script>\x00", "../../etc/passwd", "ạ" * 300, "x" * 70_000,
]  # fmt: skip


@pytest.mark.parametrize(
    "field",
    ["number", "symbol", "place", "issued_on", "issuer", "t0-number", "t1-text", "t3-deadline",
     "t3-deliverable", "t3-deadline_text", "t3-lead", "monitoring_unit"],
)  # fmt: skip
def test_no_value_in_any_review_field_answers_a_server_error(client, accounts, field):
    signed_in(client, "tuyengiao")
    upload(client)
    data = review_form(client)
    for edge in EDGES:
        response = client.post(reverse("directive_import_review"), {**data, field: edge})
        assert response.status_code in (200, 400), (field, edge[:20])
    response = client.post(
        reverse("directive_import_review"), {**data, field: "x" * 70_000, "action": "save"}
    )
    assert response.status_code in (302, 400)


@pytest.mark.parametrize(
    "text", ["", "x" * 70_000, "<script>alert(1)</script>\x00", "ạ" * 300, "Số 1-CV/TU\x00"]
)
def test_no_pasted_text_answers_a_server_error(client, accounts, text):
    signed_in(client, "tuyengiao")
    response = client.post(reverse("directive_import"), {"text": text})
    assert response.status_code in (302, 400)


def test_the_review_page_reads_a_fixed_number_of_queries(
    client, accounts, django_assert_num_queries
):
    signed_in(client, "tuyengiao")
    upload(client)
    # session, user, memberships (with "monitors a directive"), unread notifications (the
    # navigation), units and groups for every task's selects, read once however many tasks
    with django_assert_num_queries(6):
        assert client.get(reverse("directive_import_review")).status_code == 200

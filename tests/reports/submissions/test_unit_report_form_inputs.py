"""The report form's inputs, which the edit template writes itself rather than through the
form renderer (for speed): each carries its name, id, label, stored or typed value, and its
errors are linked to it for screen readers."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from directives.models import Indicator
from reports.submissions import services
from tests.reports.submissions.test_unit_report_views import first_entry, form_data, state


@pytest.fixture
def owner_client(client, users):
    client.force_login(users["owner"])
    return client


class Elements(HTMLParser):
    """Every element with an id (its tag, attributes and text), and every label's target."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.labels: dict[str, str] = {}
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        if "id" in element["attrs"]:
            self.by_id[element["attrs"]["id"]] = element
        if tag == "label":
            self._label_for = element["attrs"].get("for")
            self._label_text = ""
        if tag not in {"input", "br", "meta", "link", "img"}:
            self._open.append(element)

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = self._label_text.strip()
            self._label_for = None
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data
        if getattr(self, "_label_for", None):
            self._label_text += data


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(directive__slug="186-cv-tu", code=code)


def test_the_form_shows_each_stored_answer_in_its_input(owner_client, lhh_report, users):
    entry = first_entry(lhh_report)
    task_43 = lhh_report.entries.get(task__number="4.3")
    conferences, participants = indicator("hoi-nghi"), indicator("nguoi-tham-du")
    advice = indicator("tu-van-phan-bien")
    services.report_save(
        report=lhh_report,
        user=users["owner"],
        expected_version=lhh_report.version,
        fields={"overall_assessment": "Tốt <b>lắm</b>", "difficulties": "", "recommendations": ""},
        entries={
            entry.pk: {
                "status": "in_progress",
                "results": 'Đã tổ chức "hội nghị" & tọa đàm',
            }
        },
        indicator_values={conferences.pk: 0, participants.pk: 1200, advice.pk: 5},
    )

    response = owner_client.get(reverse("report_edit", args=[lhh_report.pk]))

    page = Elements(response.content.decode())
    prefix = f"id_entry-{entry.pk}"
    status = page.by_id[f"{prefix}-status"]
    assert status["tag"] == "select"
    assert status["attrs"]["name"] == f"entry-{entry.pk}-status"
    results = page.by_id[f"{prefix}-results"]
    assert results["tag"] == "textarea"
    assert results["text"].strip() == 'Đã tổ chức "hội nghị" & tọa đàm'
    # The report's figures once, above the tasks; a task's figure in that task's card.
    assert page.by_id[f"id_indicator-{conferences.pk}"]["attrs"]["value"] == "0"
    assert page.by_id[f"id_indicator-{participants.pk}"]["attrs"]["value"] == "1200"
    assert page.by_id[f"id_indicator-{participants.pk}"]["attrs"]["min"] == "0"
    assert page.by_id[f"id_entry-{task_43.pk}-indicator-{advice.pk}"]["attrs"]["value"] == "5"
    assert f"id_entry-{entry.pk}-indicator-{advice.pk}" not in page.by_id
    assert f"{prefix}-conferences_held" not in page.by_id
    assert "value" not in page.by_id[f"{prefix}-difficulties"]["attrs"]
    assert page.by_id["id_overall_assessment"]["text"].strip() == "Tốt <b>lắm</b>"
    assert page.by_id["id_version"]["attrs"]["value"] == "2"
    assert page.by_id[f"{prefix}-evidence"]["attrs"]["accept"].startswith(".pdf")
    # The chosen status is the selected option, and only that one.
    html = response.content.decode()
    assert html.count('<option value="in_progress" selected>') == 1
    assert html.count(" selected>") == lhh_report.entries.count()
    # Every input of the form has its label.
    for name in ("status", "results", "difficulties", "proposals"):
        assert page.labels[f"{prefix}-{name}"]
    assert page.labels[f"id_indicator-{conferences.pk}"] == (
        "Số hội nghị quán triệt, triển khai (hội nghị)"
    )
    assert page.labels["id_evidence"]


def test_an_error_is_linked_to_its_field_and_the_typed_values_are_kept(owner_client, lhh_report):
    entry = first_entry(lhh_report)
    data = form_data(lhh_report, text="Văn bản đã gõ")
    participants = indicator("nguoi-tham-du")
    data[f"indicator-{participants.pk}"] = "-5"
    data[f"entry-{entry.pk}-status"] = "khong-co"
    before = state(lhh_report)

    response = owner_client.post(reverse("report_edit", args=[lhh_report.pk]), data)

    assert response.status_code == 200
    assert state(lhh_report) == before
    page = Elements(response.content.decode())
    for element in (f"id_indicator-{participants.pk}", f"id_entry-{entry.pk}-status"):
        field = page.by_id[element]["attrs"]
        assert field["aria-invalid"] == "true"
        assert "is-invalid" in field["class"]
        error = page.by_id[field["aria-describedby"]]
        assert error["text"].strip()
    assert page.by_id[f"id_indicator-{participants.pk}"]["attrs"]["value"] == "-5"
    assert page.by_id[f"id_entry-{entry.pk}-results"]["text"].strip() == "Văn bản đã gõ"
    # A field without an error says nothing to screen readers about errors.
    assert "aria-describedby" not in page.by_id[f"id_entry-{entry.pk}-results"]["attrs"]

"""The draft's PDF preview is rendered once per content (issue 14): opening it twice costs one
rendering, a change of the draft renders again, and only the last rendering is kept."""

import pytest
from django.urls import reverse

from reports.consolidated import preview
from reports.consolidated.models import ConsolidatedReport

pytestmark = pytest.mark.pdf


@pytest.fixture
def renderings(monkeypatch):
    count = []
    real = preview.render_source

    def counted(source):
        count.append(source.digest())
        return real(source)

    monkeypatch.setattr(preview, "render_source", counted)
    return count


def _stored(report) -> list[str]:
    storage = ConsolidatedReport._meta.get_field("pdf").storage
    return storage.listdir(f"consolidated/previews/{report.pk}")[1]


def test_opening_the_preview_twice_renders_it_once(client, data, draft, renderings):
    client.force_login(data["reviewer"])
    url = reverse("consolidated_preview", args=[draft.pk])
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content.startswith(b"%PDF") and second.content == first.content
    assert len(renderings) == 1
    assert _stored(draft) == [f"{renderings[0]}.pdf"]


def test_a_changed_draft_is_rendered_again_and_only_the_last_kept(client, data, draft, renderings):
    client.force_login(data["reviewer"])
    url = reverse("consolidated_preview", args=[draft.pk])
    before = client.get(url).content
    section = draft.sections.order_by("position").first()
    section.body = section.body + "\n\nMột câu thêm vào."
    section.save()
    after = client.get(url).content
    assert len(renderings) == 2 and renderings[0] != renderings[1]
    assert after != before
    assert _stored(draft) == [f"{renderings[1]}.pdf"]


def test_issuing_removes_the_stored_previews(
    client, data, draft, django_capture_on_commit_callbacks
):
    import datetime

    from reports.consolidated.services import consolidated_issue

    client.force_login(data["reviewer"])
    client.get(reverse("consolidated_preview", args=[draft.pk]))
    assert len(_stored(draft)) == 1
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
            recipients=["Lưu VP Ban"],
        )
    draft.refresh_from_db()
    assert draft.generation == ConsolidatedReport.Generation.DONE
    assert _stored(draft) == []

"""Slow actions show that the server is working and cannot be started twice (issue 12 item 16):
a double click on "issue", on the draft's PDF preview or on an export sends one request, and
the button shows a spinner and says what is happening (static/js/busy-buttons.js)."""

import pytest

from directives.seed import load_186
from reports.consolidated.models import ConsolidatedReport
from reports.consolidated.services import consolidated_create
from tests.conftest import sign_in
from tests.reports.consolidated_data import make_186_period, make_people

pytestmark = pytest.mark.browser

# Reports, through the console, each button or link that gets a spinner, with its text: the
# page itself is gone by the time the test could look (the click navigates away).
WATCH_SPINNERS = """
new MutationObserver(records => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.classList && node.classList.contains("spinner-border")) {
        const owner = node.parentElement;
        const off = owner.disabled || owner.getAttribute("aria-disabled") === "true";
        console.log("busy: " + off + " " + owner.textContent);
      }
    }
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture
def people(transactional_db):
    load_186()
    data = make_186_period()
    data.update(make_people(data["units"]))
    return data


@pytest.fixture
def watched(page):
    """The page, with the requests it sends and what its busy buttons said."""
    seen = {"requests": [], "busy": []}
    page.context.add_init_script(WATCH_SPINNERS)
    page.context.on("request", lambda r: seen["requests"].append((r.method, r.url)))
    page.context.on(
        "console",
        lambda m: (
            m.text.startswith("busy: ") and seen["busy"].append(m.text.removeprefix("busy: "))
        ),
    )
    return page, seen


def _sent(seen, method: str, path: str) -> int:
    return sum(1 for m, url in seen["requests"] if m == method and url.split("?")[0].endswith(path))


def test_a_double_click_on_issue_issues_once(watched, people):
    page, seen = watched
    report = consolidated_create(period=people["period"], user=people["reviewer"])
    sign_in(page, "phobantg")  # only a signer issues
    page.goto(f"/bao-cao-tong-hop/{report.pk}/ban-hanh/")
    page.fill("#id_signer_name", "Nguyễn Thị Tuyên")
    with page.expect_navigation():
        page.locator("#issue-submit").dblclick()
    page.wait_for_load_state()
    assert _sent(seen, "POST", f"/bao-cao-tong-hop/{report.pk}/ban-hanh/") == 1
    assert seen["busy"] == ["true Đang ban hành…"]
    report.refresh_from_db()
    assert report.is_issued and report.number == 1


def test_a_double_click_on_the_preview_makes_one_rendering(watched, people, monkeypatch):
    from reports.consolidated import preview as previews

    renderings = []
    render = previews.render_source
    monkeypatch.setattr(
        previews, "render_source", lambda source: renderings.append(1) or render(source)
    )
    page, seen = watched
    report = consolidated_create(period=people["period"], user=people["reviewer"])
    sign_in(page, "tuyengiao")
    page.goto(report.get_absolute_url())
    with page.context.expect_page() as preview:
        page.locator("#preview-pdf").dblclick()
    preview.value.wait_for_load_state()
    page.wait_for_timeout(500)  # a second tab, if any, would be opening by now
    # One tab, one rendering. (Chromium's PDF viewer may fetch the file a second time for
    # itself: that one is served from the stored rendering.)
    assert len(page.context.pages) == 2
    assert renderings == [1]
    assert seen["busy"] == ["true Đang tạo bản xem trước…"]
    assert ConsolidatedReport.objects.get().status == ConsolidatedReport.Status.DRAFT


def test_a_double_click_on_an_export_downloads_once(watched, people):
    page, seen = watched
    period = people["period"]
    sign_in(page, "tuyengiao")
    page.goto(f"/theo-doi/ky/{period.pk}/")
    page.locator(".nav-tabs .dropdown-toggle").click()
    with page.expect_download():
        page.locator(".dropdown-item").first.dblclick()
    page.wait_for_timeout(500)
    assert _sent(seen, "GET", f"/theo-doi/ky/{period.pk}/xuat/don-vi.xlsx") == 1
    assert seen["busy"] == ["true Đang chuẩn bị tệp…"]

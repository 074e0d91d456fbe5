"""Two tabs on one consolidated draft: the later save of a section read before the other's is
refused and shows both texts; a double click on "draft" makes one draft."""

import pytest

from directives.seed import load_186
from reports.consolidated.models import ConsolidatedReport
from reports.consolidated.services import consolidated_create
from tests.conftest import sign_in
from tests.reports.consolidated_data import make_186_period, make_people

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    load_186()
    data = make_186_period()
    data.update(make_people(data["units"]))
    return data


def test_a_stale_tab_sees_the_conflict_and_may_keep_its_text(page, people):
    report = consolidated_create(period=people["period"], user=people["reviewer"])
    sign_in(page, "tuyengiao")
    first = page
    second = page.context.new_page()
    first.goto(report.get_absolute_url())
    second.goto(report.get_absolute_url())

    # The first tab saves section V.
    card = first.locator("section[data-key='V']")
    card.locator("textarea").fill("Kiến nghị của tab thứ nhất.")
    card.locator("[id^=saved-]").get_by_text("Đã lưu").wait_for()

    # The second tab, read before that save, types in the same section: refused, both shown.
    card2 = second.locator("section[data-key='V']")
    card2.locator("textarea").fill("Kiến nghị của tab thứ hai.")
    conflict = card2.locator(".section-conflict")
    conflict.wait_for()
    assert "Kiến nghị của tab thứ nhất." in conflict.locator(".conflict-theirs").inner_text()
    assert "Kiến nghị của tab thứ hai." in conflict.locator(".conflict-mine").inner_text()
    section = report.sections.get(key="V")
    assert section.body == "Kiến nghị của tab thứ nhất."

    # Keeping its text saves it on purpose, at the version now stored.
    conflict.get_by_role("button", name="Giữ nội dung của tôi").click()
    card2.locator("[id^=saved-]").get_by_text("Đã lưu").wait_for()
    assert card2.locator(".section-conflict").count() == 0
    section.refresh_from_db()
    assert section.body == "Kiến nghị của tab thứ hai."


def test_a_double_click_on_draft_makes_one_draft(page, people):
    sign_in(page, "tuyengiao")
    page.goto(f"/bao-cao-tong-hop/ky/{people['period'].pk}/tao/")
    with page.expect_navigation():
        page.locator("#create-draft").dblclick()
    assert ConsolidatedReport.objects.filter(period=people["period"]).count() == 1

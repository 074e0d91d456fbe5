"""Search from the top bar, without diacritics (issue 11 item 7)."""

import pytest

from directives.seed import load_186
from tests.conftest import make_user, sign_in

pytestmark = pytest.mark.browser


def test_search_from_the_top_bar_finds_without_diacritics(page, transactional_db):
    directive = load_186()
    user = make_user("tuyengiao", directive.monitoring_unit, is_staff=True)
    user.is_superuser = True  # the fullest top bar: every link, the admin's too
    user.save()
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "tuyengiao")

    # the top bar still holds on one line at 1366 px with the search link in it
    links = page.locator("#nav .navbar-nav .nav-link")
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
    assert len(tops) == 1
    with page.expect_navigation():
        page.click("#nav-search")
    page.fill("#search-q", "lien hiep cac hoi")
    with page.expect_navigation():
        page.press("#search-q", "Enter")

    assert "Đảng đoàn Liên hiệp các Hội" in page.locator("#search-units").inner_text()
    assert page.locator("#search-tasks li").count() >= 1
    assert page.input_value("#search-q") == "lien hiep cac hoi"

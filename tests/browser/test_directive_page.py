"""A unit official signs in and reads Directive 186-CV/TU in a real browser."""

import pytest

from directives.seed import load_186
from tests.conftest import sign_in
from units.demo import create_demo_accounts

pytestmark = pytest.mark.browser


def test_lienhiephoi_reads_task_4_3_and_its_unit(page, transactional_db):
    directive = load_186()
    create_demo_accounts()
    broken = []
    page.on("response", lambda r: r.status >= 400 and "/static/" in r.url and broken.append(r.url))
    sign_in(page, "lienhiephoi", "demo")
    page.get_by_role("link", name="Văn bản chỉ đạo").first.click()
    page.get_by_text("Công văn số 186-CV/TU").click()
    page.wait_for_url(f"**{directive.get_absolute_url()}")

    task = page.locator("#task-4\\.3")
    text = directive.tasks.get(number="4.3").text
    assert task.get_by_text(text[:60]).is_visible()
    assert task.get_by_role("link", name="Liên hiệp các Hội KH&KT tỉnh").is_visible()
    assert page.get_by_text("ĐẢNG CỘNG SẢN VIỆT NAM").is_visible()
    # Served as in production (hashed names through WhiteNoise), and the styles really apply.
    assert broken == []
    assert page.locator("nav.navbar").evaluate("n => getComputedStyle(n).display") == "flex"

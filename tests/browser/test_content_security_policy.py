"""The main pages run under the Content-Security-Policy without one violation: no inline script,
style or handler is left for the browser to refuse."""

import pytest

from directives.seed import load_186
from tests.conftest import sign_in
from units.demo import create_demo_accounts

pytestmark = pytest.mark.browser


def test_the_main_pages_report_no_csp_violation(page, transactional_db):
    directive = load_186()
    create_demo_accounts()
    problems = []
    page.on(
        "console",
        lambda m: m.type == "error" and problems.append((page.url, m.text)),
    )
    page.on("pageerror", lambda e: problems.append((page.url, str(e))))
    page.goto("/dang-nhap/")
    assert page.evaluate("() => !!window.htmx")  # the scripts ran: static JS is allowed
    sign_in(page, "tuyengiao", "demo")
    for url in [
        "/",
        "/van-ban/",
        directive.get_absolute_url(),
        "/bao-cao-tong-hop/",
        "/thong-bao/",
    ]:
        response = page.goto(url)
        assert response.status < 400, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.click("nav form[action$='/dang-xuat/'] button")
    sign_in(page, "admin", "demo")
    page.goto("/quan-tri/")
    assert problems == []

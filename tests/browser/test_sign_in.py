"""Sign-in in a real browser: ten wrong passwords lock the account from this address."""

import pytest

from tests.conftest import make_user

pytestmark = pytest.mark.browser


def submit(page, username, password):
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_the_eleventh_try_is_refused_even_with_the_right_password(page, transactional_db):
    make_user("canbo")
    page.goto("/dang-nhap/")
    for _ in range(9):
        submit(page, "canbo", "sai-mat-khau")
        assert page.locator(".alert-danger").is_visible()
    # The tenth failure is the one that locks.
    submit(page, "canbo", "sai-mat-khau")
    assert page.locator("#lockout-message").is_visible()

    page.goto("/dang-nhap/")
    submit(page, "canbo", "pw")
    message = page.locator("#lockout-message")
    assert message.is_visible()
    assert "tạm khóa" in message.inner_text()
    page.goto("/")
    assert "/dang-nhap/" in page.url  # not signed in

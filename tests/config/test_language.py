"""The first page is in the app's language (Vietnamese), not the browser's; English only when
chosen with the VI / EN switch, and then remembered."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_vietnamese(client):
    response = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


def test_english_chosen_with_the_switch_is_remembered(client, settings):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    page = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page

"""Sign-in throttling (django-axes) on our sign-in page and the admin's: the account and the
address together are locked after ten failures in a row, never the address alone."""

import logging

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

from config.client_ip import client_ip
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

OUR_PAGE = "/dang-nhap/"
ADMIN_PAGE = "/quan-tri/login/"


def try_sign_in(client, page, username, password, address="10.1.2.3"):
    return client.post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, page, username, times, address="10.1.2.3"):
    for _ in range(times):
        response = try_sign_in(client, page, username, "wrong", address)
        assert response.status_code in (200, 429)


@pytest.mark.parametrize("page", [OUR_PAGE, ADMIN_PAGE])
def test_the_eleventh_try_is_refused_even_with_the_right_password(client, page):
    make_user("canbo", is_staff=True)
    fail(client, page, "canbo", 10)
    response = try_sign_in(client, page, "canbo", "pw")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="canbo").failures_since_start >= 10


def test_nine_failures_then_the_right_password_signs_in_and_resets_the_count(client):
    make_user("canbo")
    fail(client, OUR_PAGE, "canbo", 9)
    response = try_sign_in(client, OUR_PAGE, "canbo", "pw")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert not AccessAttempt.objects.filter(username="canbo").exists()


def test_the_lockout_page_says_so_in_vietnamese(client):
    make_user("canbo")
    fail(client, OUR_PAGE, "canbo", 10)
    response = try_sign_in(client, OUR_PAGE, "canbo", "pw")
    text = response.content.decode()
    assert 'id="lockout-message"' in text
    assert "tạm khóa" in text
    assert "30 phút" in text


def test_a_colleague_behind_the_same_address_still_signs_in(client):
    make_user("canbo")
    make_user("dongnghiep")
    fail(client, OUR_PAGE, "canbo", 10)
    response = try_sign_in(client, OUR_PAGE, "dongnghiep", "pw")
    assert response.status_code == 302


def test_the_same_account_from_another_address_still_signs_in(client):
    make_user("canbo")
    fail(client, OUR_PAGE, "canbo", 10, address="10.1.2.3")
    response = try_sign_in(client, OUR_PAGE, "canbo", "pw", address="10.9.9.9")
    assert response.status_code == 302


def test_the_lockout_ends_after_the_cool_off_period(client, settings):
    make_user("canbo")
    fail(client, OUR_PAGE, "canbo", 10)
    attempt = AccessAttempt.objects.get(username="canbo")
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME
    attempt.save(update_fields=["attempt_time"])
    response = try_sign_in(client, OUR_PAGE, "canbo", "pw")
    assert response.status_code == 302


def test_axes_reset_username_unlocks_an_account(client):
    make_user("canbo")
    fail(client, OUR_PAGE, "canbo", 10)
    call_command("axes_reset_username", "canbo")
    assert try_sign_in(client, OUR_PAGE, "canbo", "pw").status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(client):
    make_user("canbo")
    fail(client, OUR_PAGE, "canbo", 10)
    attempt = AccessAttempt.objects.get(username="canbo")
    admin_user = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert client.get(changelist).status_code == 200
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    client.logout()
    assert try_sign_in(client, OUR_PAGE, "canbo", "pw").status_code == 302


def test_each_failure_is_logged_with_the_account_and_address(client, caplog):
    make_user("canbo")
    with caplog.at_level(logging.INFO, logger="axes"):
        try_sign_in(client, OUR_PAGE, "canbo", "wrong", address="10.4.4.4")
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert any("canbo" in m and "10.4.4.4" in m for m in messages), messages


def test_the_address_comes_from_the_trusted_proxy_header(client, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    make_user("canbo")
    for _ in range(10):
        # The proxy at 10.0.0.1 appends the address it saw; what the client wrote before it
        # (a different forged address each time) must not spread the count.
        client.post(
            OUR_PAGE,
            {"username": "canbo", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{_}, 172.16.5.5",
        )
    assert AccessAttempt.objects.get(username="canbo").ip_address == "172.16.5.5"
    response = client.post(
        OUR_PAGE,
        {"username": "canbo", "password": "pw"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="172.16.5.5",
    )
    assert response.status_code == 429


class FakeRequest:
    def __init__(self, **meta):
        self.META = meta


XFF = "HTTP_X_FORWARDED_FOR"


@pytest.mark.parametrize(
    ("header", "count", "meta", "expected"),
    [
        ("", 1, {"REMOTE_ADDR": "10.0.0.1", XFF: "1.2.3.4"}, "10.0.0.1"),
        ("X-Forwarded-For", 1, {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
        ("X-Forwarded-For", 1, {"REMOTE_ADDR": "p", XFF: "9.9.9.9, 1.2.3.4"}, "1.2.3.4"),
        ("X-Forwarded-For", 2, {"REMOTE_ADDR": "p", XFF: "9.9.9.9, 1.2.3.4, 10.0.0.2"}, "1.2.3.4"),
        ("X-Forwarded-For", 2, {"REMOTE_ADDR": "p", XFF: "1.2.3.4"}, "p"),
        ("X-Real-IP", 1, {"REMOTE_ADDR": "p", "HTTP_X_REAL_IP": "not-an-address"}, "p"),
        ("X-Real-IP", 1, {"REMOTE_ADDR": "p", "HTTP_X_REAL_IP": " 2001:db8::1 "}, "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_entry_the_trusted_proxies_wrote(
    settings, header, count, meta, expected
):
    settings.CLIENT_IP_HEADER = header
    settings.CLIENT_IP_PROXY_COUNT = count
    assert client_ip(FakeRequest(**meta)) == expected

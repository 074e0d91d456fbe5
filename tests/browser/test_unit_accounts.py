"""The Department creates a unit's account, hands over the one-time link, and its holder's
first visit sets a password with which they sign in; the link works once."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from directives.seed import load_186
from tests.conftest import make_user, sign_in

pytestmark = pytest.mark.browser


def test_create_account_hand_over_link_first_sign_in(page, browser, live_server, transactional_db):
    directive = load_186()
    manager = make_user("tuyengiao", directive.monitoring_unit)
    manager.user_permissions.add(
        Permission.objects.get(content_type__app_label="units", codename="manage_accounts")
    )

    sign_in(page, "tuyengiao")
    page.goto("/don-vi/so-dang-ky/")
    page.locator("#unit-binhson a", has_text="Tài khoản").click()
    page.fill("#id_username", "canbomoi")
    page.fill("#id_full_name", "Trương Thị Mới")
    page.select_option("#id_role", "leader")
    with page.expect_navigation():
        page.locator("#account-create").click()
    link = page.locator("#one-time-link").input_value()
    assert "/dat-mat-khau/" in link
    assert page.locator("#account-canbomoi").is_visible()
    page.context.clear_cookies()

    # The new colleague opens the link in their own browser and chooses a password.
    holder = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    holder.goto(link)
    holder.fill("#id_new_password1", "Quang-Ngai-2026!")
    holder.fill("#id_new_password2", "Quang-Ngai-2026!")
    with holder.expect_navigation():
        holder.locator("#set-password").click()
    assert "/dang-nhap/" in holder.url
    assert "Đã đặt mật khẩu" in holder.content()
    sign_in(holder, "canbomoi", "Quang-Ngai-2026!")
    assert get_user_model().objects.get(username="canbomoi").last_login is not None

    # The link worked once.
    holder.goto(link)
    assert holder.locator("#link-invalid").is_visible()
    holder.context.close()

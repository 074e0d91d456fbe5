"""Two-step sign-in in Chromium: with OTP_REQUIRED_FOR a reviewer is sent to enrol after the
password, the QR code shows under the Content-Security-Policy, a code from the key turns it on;
the next sign-in asks for the code before any page."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from directives.seed import load_186
from tests.conftest import make_user, sign_in

pytestmark = pytest.mark.browser


def code_for(device) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_a_reviewer_enrols_then_signs_in_with_a_code(page, live_server, transactional_db, settings):
    settings.OTP_REQUIRED_FOR = ["admins", "reviewers"]
    directive = load_186()
    reviewer = make_user("tuyengiao", directive.monitoring_unit)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    sign_in(page, "tuyengiao")
    assert "/xac-thuc-hai-buoc/" in page.url
    assert page.locator("#otp-required").is_visible()
    loaded = page.locator("#otp-qr").evaluate("img => img.complete && img.naturalWidth > 0")
    assert loaded
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=reviewer)
    assert len(secret) >= 32
    page.fill("#id_code", code_for(device))
    with page.expect_navigation():
        page.locator("#otp-submit").click()
    assert "/xac-thuc-hai-buoc/" not in page.url and "/dang-nhap/" not in page.url
    assert errors == []

    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.fill("#id_username", "tuyengiao")
    page.fill("#id_password", "pw")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/dang-nhap/ma-xac-thuc/" in page.url
    page.goto("/bao-cao-tong-hop/")
    assert "/dang-nhap/ma-xac-thuc/" in page.url
    # A wrong code is refused; the right one then opens the page asked for (the device's
    # delay after the wrong one, and its refusal of a code already used, are reset here).
    page.fill("#id_code", "000000" if code_for(device) != "000000" else "111111")
    with page.expect_navigation():
        page.locator("#otp-submit").click()
    assert "không đúng" in page.locator("#otp-form").inner_text()
    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    page.fill("#id_code", code_for(device))
    with page.expect_navigation():
        page.locator("#otp-submit").click()
    assert page.url.endswith("/bao-cao-tong-hop/")

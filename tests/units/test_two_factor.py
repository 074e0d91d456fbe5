"""The optional second factor: a user with a confirmed device cannot get in without a valid
code (our sign-in page and the admin's), wrong codes are throttled and counted by django-axes,
and OTP_REQUIRED_FOR sends reviewers and administrators to enrol."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_code(device) -> str:
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def reviewer(directive_186):
    return make_user("tuyengiao", directive_186.monitoring_unit)


@pytest.fixture
def device(reviewer):
    return TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)


def sign_in(client, username="tuyengiao", path="/dang-nhap/"):
    return client.post(path, {"username": username, "password": "pw"})


def test_with_a_device_the_password_alone_opens_only_the_code_page(client, device):
    response = sign_in(client)
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/dang-nhap/ma-xac-thuc/")
    assert client.get("/bao-cao-tong-hop/").status_code == 302
    assert client.post("/bao-cao-tong-hop/ky/1/tao/").status_code == 302

    wrong = client.post(reverse("two_factor_verify"), {"code": wrong_code(device)})
    assert wrong.status_code == 200 and "không đúng" in wrong.content.decode()
    assert client.get("/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "/bao-cao-tong-hop/"}
    )
    assert right.status_code == 302 and right["Location"] == "/bao-cao-tong-hop/"
    assert client.get("/").status_code == 200


def test_wrong_codes_are_throttled_by_the_device(client, device):
    sign_in(client)
    client.post(reverse("two_factor_verify"), {"code": wrong_code(device)})
    # The right code straight after a wrong one waits for the device's delay.
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert "Nhập sai mã quá nhiều lần" in response.content.decode()
    assert client.get("/").status_code == 302


def test_wrong_codes_count_as_failed_sign_ins_for_axes(client, device, settings):
    settings.AXES_FAILURE_LIMIT = 2
    sign_in(client)
    for _ in range(2):
        device.refresh_from_db()
        device.throttling_failure_timestamp = None
        device.save()
        response = client.post(reverse("two_factor_verify"), {"code": wrong_code(device)})
    assert response.status_code == 429
    # Signed out, and the password no longer opens the account from here.
    assert client.get("/")["Location"].startswith("/dang-nhap/")
    assert sign_in(client).status_code == 429


def test_the_admin_needs_the_code_too(client, directive_186):
    admin = make_user("quantri", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    response = sign_in(client, "quantri", "/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302
    admin_page = client.get("/quan-tri/")
    assert admin_page.status_code == 302
    assert admin_page["Location"].startswith("/dang-nhap/ma-xac-thuc/?next=/quan-tri/")
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert client.get("/quan-tri/").status_code == 200


def test_without_the_setting_nobody_is_asked(client, reviewer, settings):
    settings.OTP_REQUIRED_FOR = []
    sign_in(client)
    assert client.get("/").status_code == 200


def test_with_the_setting_a_reviewer_is_sent_to_enrol_and_enrols(client, reviewer, settings):
    settings.OTP_REQUIRED_FOR = ["admins", "reviewers"]
    sign_in(client)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/xac-thuc-hai-buoc/")
    page = client.get(home["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body and page.context["secret"]
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    # Reloading the page keeps the same secret.
    client.get(home["Location"])
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1

    wrong = client.post(reverse("two_factor_enrol"), {"code": "abc"})
    assert "6 chữ số" in wrong.content.decode()
    done = client.post(reverse("two_factor_enrol"), {"code": code_for(device), "next": "/"})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200

    # Next time, the code is asked after the password.
    client.logout()
    sign_in(client)
    assert client.get("/")["Location"].startswith("/dang-nhap/ma-xac-thuc/")


def test_with_the_setting_a_unit_user_is_not_asked(client, directive_186, settings):
    from units.models import Unit

    settings.OTP_REQUIRED_FOR = ["admins", "reviewers"]
    make_user("binhson", Unit.objects.get(code="binhson"))
    sign_in(client, "binhson")
    assert client.get("/").status_code == 200


def test_an_unknown_group_in_the_setting_is_refused(client, reviewer, settings):
    from django.core.exceptions import ImproperlyConfigured

    from units.two_factor import required_groups

    settings.OTP_REQUIRED_FOR = ["reviewer"]
    with pytest.raises(ImproperlyConfigured):
        required_groups()


def test_a_device_removed_during_the_session_does_not_trap_the_user(client, device):
    sign_in(client)
    assert client.get("/")["Location"].startswith("/dang-nhap/ma-xac-thuc/")
    device.delete()
    response = client.get(reverse("two_factor_verify"))
    assert response.status_code == 302
    assert client.get("/").status_code == 200

"""Accounts kept by the Department: create a unit's account (with a one-time link to choose a
password), set its role, deactivate and reactivate it, reset its password without email."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.conftest import make_unit, make_user
from units.models import Membership, MembershipRole

pytestmark = pytest.mark.django_db


def grant(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="units", codename="manage_accounts")
    )
    return get_user_model().objects.get(pk=user.pk)  # a fresh permission cache


@pytest.fixture
def manager(directive_186):
    return grant(make_user("tuyengiao", directive_186.monitoring_unit))


@pytest.fixture
def unit(directive_186):
    return make_unit("huyen-x", name="Huyện ủy X")


def create(client, unit, **overrides):
    data = {"username": "canbo", "full_name": "Nguyễn Văn An", "email": "", "role": "staff"}
    data.update(overrides)
    return client.post(reverse("unit_accounts", args=[unit.code]), data)


def link_path(response) -> str:
    return response.context["link"].removeprefix("http://testserver")


def test_a_manager_creates_an_account_whose_holder_chooses_a_password_once(client, manager, unit):
    client.force_login(manager)
    response = create(client, unit, role="leader")
    assert response.status_code == 200
    user = get_user_model().objects.get(username="canbo")
    assert (user.first_name, user.last_name) == ("An", "Nguyễn Văn")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == MembershipRole.LEADER
    path = link_path(response)
    assert path.startswith("/dat-mat-khau/")

    client.logout()
    # Django's view moves the token out of the address into the session, then asks.
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Mật-khẩu-mới-2026", "new_password2": "Mật-khẩu-mới-2026"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-mới-2026")
    # Once: the same link no longer opens.
    again = client.get(path, follow=True)
    assert not again.context["validlink"]
    assert "không còn hiệu lực" in again.content.decode()


def test_the_link_expires(client, manager, unit, settings, monkeypatch):
    client.force_login(manager)
    path = link_path(create(client, unit))
    client.logout()
    from django.contrib.auth.tokens import default_token_generator

    later = datetime.datetime.now() + datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert not client.get(path, follow=True).context["validlink"]


def test_a_reset_cancels_the_old_password_and_gives_a_new_link(client, manager, unit):
    person = make_user("canbo", unit)
    membership = Membership.objects.get(user=person)
    client.force_login(manager)
    response = client.post(reverse("account_password_reset", args=[membership.pk]))
    assert response.status_code == 200 and response.context["link"]
    person.refresh_from_db()
    assert not person.check_password("pw") and not person.has_usable_password()


def test_roles_and_deactivation_keep_the_membership(client, manager, unit):
    person = make_user("canbo", unit)
    membership = Membership.objects.get(user=person)
    client.force_login(manager)
    client.post(reverse("account_role", args=[membership.pk]), {"role": "signer"})
    membership.refresh_from_db()
    assert membership.role == MembershipRole.SIGNER
    bad = client.post(reverse("account_role", args=[membership.pk]), {"role": "boss"})
    assert bad.status_code == 302
    membership.refresh_from_db()
    assert membership.role == MembershipRole.SIGNER

    client.post(reverse("account_deactivate", args=[membership.pk]))
    person.refresh_from_db()
    assert not person.is_active and Membership.objects.filter(pk=membership.pk).exists()
    client.logout()
    signed_in = client.post(reverse("login"), {"username": "canbo", "password": "pw"})
    assert signed_in.status_code == 200  # the form again: an inactive account cannot sign in
    client.force_login(manager)
    client.post(reverse("account_reactivate", args=[membership.pk]))
    person.refresh_from_db()
    assert person.is_active


def test_a_manager_cannot_deactivate_themselves(client, manager):
    membership = Membership.objects.get(user=manager)
    client.force_login(manager)
    response = client.post(reverse("account_deactivate", args=[membership.pk]), follow=True)
    manager.refresh_from_db()
    assert manager.is_active
    assert "không thể" in response.content.decode().lower()


def test_a_taken_user_name_is_a_form_error(client, manager, unit):
    make_user("canbo")
    client.force_login(manager)
    response = create(client, unit, username="CanBo")
    assert response.status_code == 400
    assert "đã có người dùng" in response.content.decode()
    assert Membership.objects.filter(unit=unit).count() == 0


@pytest.mark.parametrize("who", ["unit_staff", "department_without_permission", "unit_with_perm"])
def test_others_cannot_manage_accounts(client, directive_186, unit, who):
    person = make_user("canbo", unit)
    membership = Membership.objects.get(user=person)
    if who == "unit_staff":
        user = make_user("huyen", unit)
    elif who == "department_without_permission":
        user = make_user("tuyengiao", directive_186.monitoring_unit)
    else:
        user = grant(make_user("huyen", unit))
    client.force_login(user)
    assert client.get(reverse("unit_accounts", args=[unit.code])).status_code == 403
    assert create(client, unit, username="moi").status_code == 403
    for name in (
        "account_deactivate",
        "account_password_reset",
        "account_role",
        "account_two_factor_remove",
    ):
        assert (
            client.post(reverse(name, args=[membership.pk]), {"role": "signer"}).status_code == 403
        )
    person.refresh_from_db()
    assert person.is_active and person.check_password("pw")
    assert not get_user_model().objects.filter(username="moi").exists()


def test_anonymous_is_sent_to_sign_in_and_other_methods_are_refused(client, manager, unit):
    membership = Membership.objects.get(user=manager)
    response = client.get(reverse("unit_accounts", args=[unit.code]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    client.force_login(manager)
    assert client.get(reverse("account_deactivate", args=[membership.pk])).status_code == 405


def test_the_accounts_page_reads_a_fixed_number_of_queries(
    client, manager, unit, django_assert_num_queries
):
    for i in range(5):
        make_user(f"canbo{i}", unit)
    client.force_login(manager)
    client.get(reverse("unit_accounts", args=[unit.code]))  # warm the session
    # session, user, memberships (roles), permissions (2: user's and groups'), the unit,
    # unread notifications (navigation), the unit's memberships with their users
    with django_assert_num_queries(8):
        response = client.get(reverse("unit_accounts", args=[unit.code]))
    assert response.status_code == 200
    assert response.content.decode().count('class="btn btn-sm btn-outline-danger deactivate"') == 5


def test_a_manager_removes_a_lost_phone(client, manager, unit):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    person = make_user("canbo", unit)
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    membership = Membership.objects.get(user=person)
    client.force_login(manager)
    response = client.post(reverse("account_two_factor_remove", args=[membership.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()

"""Django's own pages a user meets speak Vietnamese (locale/django/ fills what its vi lacks)."""

import json

from django.contrib.auth import get_user_model
from django.urls import reverse


def test_the_admin_change_form_with_an_error_says_so_in_vietnamese(client, db):
    admin = get_user_model().objects.create_superuser("quantri", password="pw")
    client.force_login(admin)

    response = client.post(reverse("admin:units_unitgroup_add"), {})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Đồng chí hãy sửa các lỗi dưới đây." in body
    assert "Please correct" not in body


def test_a_wrong_password_at_sign_in_is_told_in_vietnamese(client, db):
    get_user_model().objects.create_user("canbo", password="pw")

    response = client.post(reverse("login"), {"username": "canbo", "password": "sai"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct" not in body
    assert "phân biệt chữ hoa và chữ thường" in body


def test_the_admin_javascript_catalogue_reads_locale_django(client, db):
    admin = get_user_model().objects.create_superuser("quantri", password="pw")
    client.force_login(admin)

    response = client.get(reverse("admin:jsi18n"))

    # The catalogue is written as JSON with non-ASCII letters escaped.
    assert json.dumps("Chủ nhật") in response.content.decode()

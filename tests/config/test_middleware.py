"""Site-wide headers and sessions: signed-in pages and downloads are never cached, every page
carries the Content-Security-Policy, and a session ends after a working day without use."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from config import middleware
from tests.conftest import make_user
from tests.test_crawl import demo  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"]*)"')


def test_every_signed_in_page_and_download_is_private_and_not_stored(demo):  # noqa: F811
    client = Client()
    client.force_login(get_user_model().objects.get(username="tuyengiao"))
    seen, queue, kinds = set(), ["/"], set()
    while queue and len(seen) < 400:
        url = queue.pop(0)
        if url in seen or url.startswith(("/static/", "/dang-xuat/", "/i18n/")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        kinds.add(response["Content-Type"].split(";")[0])
        assert response["Cache-Control"] == "private, no-store", url
        if "text/html" in response["Content-Type"]:
            for href in LINK.findall(response.content.decode()):
                href = urldefrag(href.replace("&amp;", "&"))[0]
                if urlsplit(href).path and href not in seen:
                    queue.append(href)
    # The crawl reached the downloads (Excel and CSV exports, the Word copy), not only pages.
    assert {"text/csv", "text/html"} < kinds, kinds
    assert any("spreadsheetml" in kind for kind in kinds), kinds
    assert any("wordprocessingml" in kind for kind in kinds), kinds


def test_every_page_carries_the_content_security_policy(client):
    policy = client.get("/dang-nhap/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def test_a_session_is_saved_at_most_once_per_refresh_interval(client, settings, monkeypatch):
    settings.SESSION_REFRESH_SECONDS = 300
    clock = Clock(1_000_000)
    monkeypatch.setattr(middleware.time, "time", clock)
    client.force_login(make_user("canbo"))
    key = client.session.session_key

    client.get("/")
    first = Session.objects.get(session_key=key).expire_date
    clock.now += settings.SESSION_REFRESH_SECONDS - 1
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date == first  # not written again

    clock.now += 1
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > first  # refreshed


def test_a_session_unused_for_a_working_day_is_signed_out(client, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(make_user("canbo"))
    assert client.get("/").status_code == 200
    # What the database holds after SESSION_COOKIE_AGE without a request.
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date = timezone.now()
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")

"""Every page reachable from the home page of each demo account answers without a server error.

A crawler over the demo data (every report state, an issued consolidated report): it follows
the links a user can see, so a page that breaks for one role or one state is found."""

import io
import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

LINK = re.compile(r'href="(/[^"]*)"')
SKIP = ("/static/", "/quan-tri/", "/dang-xuat/", "/i18n/")


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    # The issued report's PDF and Word copy are made after the issuing commit, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


USERS = ["tuyengiao", "phobantg", "thuongvu", "lienhiephoi", "hdnd", "ubnd", "binhson", "admin"]


def test_no_page_reachable_by_a_demo_user_answers_a_server_error(demo):
    # One demo for every account: load_demo renders a PDF, which is the slow part.
    errors, visited = [], {}
    for username in USERS:
        visited[username] = crawl(username, errors)
    assert errors == []
    assert all(count > 5 for count in visited.values()), visited


def crawl(username: str, errors: list) -> int:
    client = Client(raise_request_exception=False)
    # django-axes counts sign-ins by request: the test client's login passes one only when asked.
    assert client.login(request=HttpRequest(), username=username, password="demo")
    seen, queue = set(), ["/"]
    while queue and len(seen) < 250:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            errors.append((username, url, response.status_code))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if href and not href.startswith(SKIP) and urlsplit(href).path and href not in seen:
                queue.append(href)
    return len(seen)

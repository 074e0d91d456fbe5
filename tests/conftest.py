"""Shared test data helpers and the real browser.

Test data comes from small make_* helpers; the only fixture file is the real seed document.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from directives.seed import load_186
from units.models import Membership, MembershipRole, Unit, UnitKind

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory):
    """Pages are served as in production: hashed, compressed static files through WhiteNoise.
    Collected once, before the live server (session-scoped) starts and WhiteNoise scans them."""
    from django.conf import settings

    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Accounts are created in most tests: the real hasher would take most of the time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _session_not_refreshed(settings):
    # The idle-timeout middleware saves a session every few minutes of use; the pinned query
    # counts measure a page in between (tests/config/test_middleware.py tests the refresh).
    settings.SESSION_REFRESH_SECONDS = 10**10


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploaded and generated files of one test never leak into another, or into var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def directive_186(db):
    return load_186()


def make_unit(code: str, *, kind: str = UnitKind.DISTRICT_COMMITTEE, parent=None, **fields) -> Unit:
    defaults = {"name": f"Đơn vị {code}", "short_name": f"ĐV {code}", "symbol": code.upper()}
    defaults.update(fields)
    return Unit.objects.create(code=code, kind=kind, parent=parent, **defaults)


def make_user(username: str, unit: Unit | None = None, *, role=MembershipRole.STAFF, **fields):
    user = get_user_model().objects.create_user(username=username, password="pw", **fields)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def run_together(*calls):
    """Run each call in its own thread and database connection, released at the same instant
    (for races on PostgreSQL); returns each call's result or the exception it raised."""
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as error:  # the outcome under test
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


# ---- the real browser ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Never a downloaded browser build.

    In CI a missing Chromium is a failure: the browser tests must run there."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        message = f"{CHROMIUM} không có: cài gói Debian 'chromium' (scripts/system-deps)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from
    # a thread with a running loop unless told that the test knows what it is doing.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(request, _collected_static):
    """pytest-django's live server, but with /static/ left to WhiteNoise, as in production.

    The stock fixture answers /static/ through the staticfiles finders, which know nothing of
    the hashed names that pages ask for when DEBUG is off: every stylesheet and script would be
    a 404 and the browser tests would drive a page without its JavaScript."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda app: app
    server.start()
    request.addfinalizer(server.stop)
    return server


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, username: str, password: str = "pw") -> None:
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/dang-nhap/" not in page.url, f"sign-in as {username} failed"

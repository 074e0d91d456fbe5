"""Every page each demo account can reach, in Chromium at 1366 px and on a 390 px phone: no
horizontal overflow, no console error, no failed request, and no English left on a Vietnamese
page.

The English is found by matching the page's text against the English msgids of the project's
catalogue and of Django's own (admin, auth, forms ...), not against a word list: a string that
reaches a page without a Vietnamese translation is caught whatever it says. One page per URL
pattern and account is visited (the crawler still reads them all), which keeps the sweep within
the suite's time budget."""

import io
import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import django
import polib
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from tests.conftest import sign_in

pytestmark = pytest.mark.browser

USERS = ["tuyengiao", "phobantg", "thuongvu", "lienhiephoi", "hdnd", "ubnd", "binhson", "admin"]
WIDTHS = {"desktop": (1366, 768), "phone": (390, 844)}
LINK = re.compile(r'href="(/[^"]*)"')
SKIP = ("/static/", "/dang-xuat/", "/i18n/", "/quan-tri/logout/")
ROOT = Path(__file__).resolve().parents[2]
DJANGO = Path(django.__file__).parent
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdr]|%[sd]|\{[a-z_]*\}|<[^>]*>")
# English that is the same in Vietnamese pages on purpose: names, codes, file formats.
ALLOWED = {"Excel", "PDF", "Word", "CSV", "HTTP", "SHA-256", "Email"}


def english_phrases() -> list[str]:
    """Literal pieces of at least two words of every msgid whose Vietnamese differs from it."""
    catalogues = [ROOT / "locale/en/LC_MESSAGES/django.po"]
    for part in ("conf", "contrib/admin", "contrib/auth", "forms"):
        catalogues += (DJANGO / part).glob("locale/en/LC_MESSAGES/django.po")
    phrases = set()
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                for piece in PLACEHOLDER.split(msgid):
                    piece = piece.strip(" .,:;()“”\"'-")
                    if len(piece.split()) >= 2 and piece not in ALLOWED:
                        phrases.add(piece)
    return sorted(phrases)


def reachable_pages(username: str) -> list[str]:
    """The crawl of test_crawl.py, one page kept per URL pattern (and set of query keys)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    seen, queue, kept = set(), ["/"], {}
    while queue and len(seen) < 250:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parts = urlsplit(url)
        try:
            name = resolve(parts.path).url_name
        except Resolver404:
            continue
        keys = tuple(sorted(key.split("=")[0] for key in parts.query.split("&") if key))
        kept.setdefault((name, keys), url)
        for href in LINK.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if href and not href.startswith(SKIP) and href not in seen:
                queue.append(href)
    return list(kept.values())


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def watch(page, record) -> None:
    """Record what a reader would see go wrong: console errors, script errors, failed requests
    and sub-resources answered with an error (a page's own status is checked by the caller)."""
    page.on("console", lambda m: m.type == "error" and record(m.text))
    page.on("pageerror", lambda e: record(f"script error: {e}"))
    # A request the next navigation cancels (the admin's calendar icon added by its script
    # after "load", the favicon) fails with net::ERR_ABORTED; a missing file answers 404 and is
    # caught below.
    page.on(
        "requestfailed",
        lambda r: r.failure != "net::ERR_ABORTED"
        and record(f"failed request: {r.url} ({r.failure})"),
    )  # fmt: skip
    page.on(
        "response",
        lambda r: r.status >= 400 and r.request.resource_type != "document"
        and record(f"{r.status}: {r.url}"),
    )  # fmt: skip


def test_every_page_fits_works_and_speaks_vietnamese(demo, browser, live_server):
    phrases = english_phrases()
    problems = []
    for username in USERS:
        pages = reachable_pages(username)
        context = browser.new_context(locale="vi-VN", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        events: list[str] = []
        watch(page, events.append)
        sign_in(page, username, "demo")
        for url in pages:
            for label, (width, height) in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                events.clear()
                page.goto(url, wait_until="load")
                where = f"{username} {label} {url}"
                problems += [f"{where}: {event}" for event in events]
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 1:
                    problems.append(f"{where}: {overflow} px wider than the screen")
            text = " ".join(page.inner_text("body").split())
            problems += [f"{username} {url}: English “{p}”" for p in phrases if p in text]
        context.close()
    assert problems == [], "\n".join(problems)


def test_the_pages_of_a_visitor_fit_and_speak_vietnamese(transactional_db, browser, live_server):
    """What the crawl of signed-in accounts never sees: the sign-in page and the app's own "not
    found" page, as an anonymous visitor has them."""
    phrases = english_phrases()
    problems = []
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    events: list[str] = []
    watch(page, events.append)
    for url, status in [("/dang-nhap/", 200), ("/khong-co-trang-nay/", 404)]:
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            events.clear()
            response = page.goto(url, wait_until="load")
            where = f"visitor {label} {url}"
            if response.status != status:
                problems.append(f"{where}: status {response.status}")
            # The 404 page's own status is logged by Chromium as a console error: expected.
            problems += [f"{where}: {e}" for e in events if not (status == 404 and "404" in e)]
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                problems.append(f"{where}: {overflow} px wider than the screen")
        text = " ".join(page.inner_text("body").split())
        problems += [f"visitor {url}: English “{p}”" for p in phrases if p in text]
    context.close()
    assert problems == [], "\n".join(problems)

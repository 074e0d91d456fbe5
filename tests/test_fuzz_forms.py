"""Generated input posted to every form of the app, as the user it belongs to: no answer is a
server error (issue 13, "No 500 from any form").

The forms are found, not listed: each demo account's pages are crawled (as in test_crawl.py)
and every <form method=post> on them is a target, with the field names it really has. The
URL resolver says which views accept POST; a view that does and that no crawled form posts to
fails the coverage test, so a new form cannot escape the fuzzing."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

USERS = ["tuyengiao", "phobantg", "thuongvu", "lienhiephoi", "hdnd", "binhson", "admin", None]
LINK = re.compile(r'href="(/[^"]*)"')
# Not crawled or not fuzzed: static files, the admin (Django's own forms), and signing out,
# which would end the session the rest of the crawl needs (it is fuzzed last, on its own).
SKIP = ("/static/", "/quan-tri/")
# The import's review form exists only once a file has been read into the session, and the
# publish button only on a draft: the crawl meets neither; tests/directives/test_import_views.py
# posts bad values to both. account_set_password is opened by a one-time link that no page shows
# (its form is Django's SetPasswordForm; tests/units/test_accounts.py posts to it);
# two_factor_verify only in a session signed in with the password of a user with a device
# (tests/units/test_two_factor.py).
NOT_POSTED_HERE = {
    "logout",
    "directive_import_review",
    "directive_import_publish",
    "account_set_password",
    "two_factor_verify",
}


class Forms(HTMLParser):
    """The post forms of a page: their action, and each field with the value the page fills
    in (an input's value, a textarea's text, the selected or first option)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.by_id = [], None, {}
        self.textarea, self.select = None, None

    def _form(self, attrs):
        return self.by_id.get(attrs["form"]) if attrs.get("form") else self.current

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self.current)
            if attrs.get("id"):
                self.by_id[attrs["id"]] = self.current
            return
        form, name = self._form(attrs), attrs.get("name")
        if tag == "option" and self.select is not None:
            fields, key = self.select
            if fields.get(key) is None or "selected" in attrs:
                fields[key] = attrs.get("value", "")
            return
        if form is None or not name or attrs.get("type") in ("submit", "button", "file"):
            return
        if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
            form["fields"].setdefault(name, "")
        elif tag == "textarea":
            form["fields"][name] = ""
            self.textarea = (form["fields"], name)
        elif tag == "select":
            form["fields"][name] = None
            self.select = (form["fields"], name)
        else:
            form["fields"][name] = attrs.get("value") or ""

    def handle_data(self, data):
        if self.textarea is not None:
            fields, name = self.textarea
            fields[name] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def crawl_forms(username: str | None) -> dict[tuple[str, str], dict]:
    """(username, action URL) -> field names and kinds, for every post form the user sees;
    one action per URL pattern (the notification read form of each notification is one)."""
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    seen, queue, targets, names = set(), ["/" if username else "/dang-nhap/"], {}, set()
    visits: dict[str | None, int] = {}
    # Pages fetched, not links seen: filters, choosers and pagination give a page kind many
    # URLs, which are skipped after six below and must not use up the budget.
    fetched = 0
    while queue and fetched < 300:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        # A few pages of each kind are enough to find its forms (150 report pages are not).
        try:
            kind = resolve(urlsplit(url).path).url_name
        except Exception:  # noqa: BLE001 - a link that resolves to nothing is not crawled
            continue
        visits[kind] = visits.get(kind, 0) + 1
        if visits[kind] > 6:
            continue
        response = client.get(url)
        fetched += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        parser = Forms()
        parser.feed(html)
        for form in parser.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            name = resolve(urlsplit(action).path).url_name
            if action.startswith(SKIP):
                continue
            # Two actions of each kind at most; the forms of one action (a button on one page,
            # the full form on another) are merged, so every field of it is fuzzed.
            if (name, action) not in names:
                if sum(1 for seen_name, _action in names if seen_name == name) >= 2:
                    continue
                names.add((name, action))
            target = targets.setdefault((username or "", action), {})
            for field, value in form["fields"].items():
                if not target.get(field):
                    target[field] = value
        for href in LINK.findall(html):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if href and not href.startswith((*SKIP, "/i18n/")) and href not in seen:
                queue.append(href)
    return targets


def patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def accepts_post(route: str) -> bool:
    """Whether the view answers POST (anonymously: 405 is decided before signing in)."""
    url = "/" + re.sub(r"<int:[a-z_]+>", "999999", re.sub(r"<slug:[a-z_]+>", "x", route))
    return Client().post(url).status_code != 405


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.conf import settings as django_settings

        try:
            django_settings.DEBUG = True  # load_demo refuses to run otherwise
            try:
                call_command("load_demo", stdout=io.StringIO())
            finally:
                django_settings.DEBUG = False
            _every_state()
            targets = {}
            for username in USERS:
                targets.update(crawl_forms(username))
            yield targets
        finally:
            # Committed outside the tests' transactions: leave the database as it was found.
            call_command("flush", "--no-input", verbosity=0)


def _every_state():
    """What the demo leaves out, so that every form appears somewhere: a draft consolidated
    report (its sections, annex, submit and issue forms), one awaiting signature (the return
    form), an issued one whose PDF failed (the retry form), a draft directive (publish, delete a
    task, delete an indicator), a deactivated account (the reactivate form), and evidence on a
    report its unit can still change (the delete form)."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.consolidated.models import ConsolidatedReport
    from reports.consolidated.services import consolidated_create, consolidated_submit
    from reports.periods.models import ReportingPeriod
    from reports.submissions import services
    from tests.reports.reporting_data import TINY_PDF

    users = get_user_model().objects
    period = ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).first()
    consolidated_create(period=period, user=users.get(username="tuyengiao"))
    ConsolidatedReport.objects.filter(status=ConsolidatedReport.Status.ISSUED).update(
        generation=ConsolidatedReport.Generation.FAILED
    )
    # A directive still in draft, with a task no unit reported on: the publish and delete forms.
    from directives.editing.services import directive_create, task_add
    from directives.models import Directive

    published = Directive.objects.get(slug="186-cv-tu")
    header = ("document_type", "symbol", "issuer", "issuer_heading", "place", "issued_on")
    draft = directive_create(
        user=users.get(username="tuyengiao"),
        fields={
            **{field: getattr(published, field) for field in header},
            "number": "999",
            "subject": "Bản nháp",
            "monitoring_unit": published.monitoring_unit,
        },
    )
    task_add(
        directive=draft,
        user=users.get(username="tuyengiao"),
        fields={"number": "1", "text": "Nhiệm vụ", "lead_units": [period.units.first()]},
    )
    # An indicator no unit stated a figure for: its delete form.
    from directives.editing.services import indicator_add

    indicator_add(
        directive=draft,
        user=users.get(username="tuyengiao"),
        fields={"code": "thu", "name": "Thử", "unit_of_measure": "lần", "scope": "report"},
    )
    # One awaiting signature, for the signer's return form.
    consolidated_submit(
        report=consolidated_create(period=period, user=users.get(username="tuyengiao")),
        user=users.get(username="tuyengiao"),
    )
    # A person who left, for the reactivate form of the unit's accounts page.
    from tests.conftest import make_user
    from units.accounts import account_deactivate

    left = make_user("danghi", period.units.get(code="dd-lhh"))
    account_deactivate(user=left, by=users.get(username="admin"))
    report = services.report_get_or_create(period=period, unit=period.units.get(code="dd-lhh"))
    if services.unit_may_change(report):
        services.evidence_add(
            report=report,
            entry=None,
            uploaded_file=SimpleUploadedFile("Kế hoạch.pdf", TINY_PDF),
            user=users.get(username="lienhiephoi"),
        )


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
# The values that broke forms before: past a 32- or 64-bit integer, impossible dates, a line
# longer than its column, control and markup characters, a page of text in one field.
EDGES = [
    "", "-1", "2147483648", "9" * 40, "31/02/2026", "2026-13-45", "NaN",
    "<script>alert(1)</script>\x00", "../../etc/passwd", "ạ" * 300, "x" * 70_000,
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(EDGES),
    TEXT,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


@pytest.mark.django_db(transaction=False)
def test_every_view_that_accepts_post_has_a_form_the_fuzzer_finds(demo):
    posted = {resolve(urlsplit(action).path).url_name for _user, action in demo}
    missing = [
        f"{pattern.name} ({route})"
        for route, pattern in patterns()
        if not route.startswith(SKIP[1].strip("/"))
        and pattern.name not in NOT_POSTED_HERE
        and accepts_post(route)
        and pattern.name not in posted
    ]
    assert missing == [], f"these views accept POST and no crawled form posts to them: {missing}"


def fuzz(client, username, action, fields, errors):
    """First every field in turn takes each edge value while the others keep what the page
    filled in, so one bad value reaches the code behind an otherwise valid form; then
    generated values in every field at once."""
    # An empty field gets a plausible answer, so the baseline passes the required checks.
    defaults = {name: value or "Nguyễn Văn An" for name, value in fields.items()}
    defaults.pop("csrfmiddlewaretoken", None)

    def post(values):
        # Each post is undone afterwards, so every one meets the same state: a value that
        # happens to be valid (issuing the draft, closing the period) does not turn the posts
        # after it into refusals that never reach the code they aim at.
        with transaction.atomic():
            response = client.post(action, values)
            transaction.set_rollback(True)
        if response.status_code >= 500:
            errors.append((username, action, response.status_code, str(values)[:300]))

    for name in sorted(defaults):
        for edge in EDGES:
            post({**defaults, name: edge})

    @settings(
        max_examples=10,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({name: VALUES for name in sorted(defaults)}))
    def generated(values):
        post(values)

    generated()


@pytest.mark.django_db(transaction=False)
def test_generated_input_to_every_form_never_answers_a_server_error(demo):
    errors = []
    clients = {}
    # Each kind of form once, as the first account (in USERS' order) that has it: the rightful
    # user, since reviewers come first and a unit's forms are only on its own pages.
    chosen: dict[str, tuple] = {}
    for (username, action), fields in sorted(
        demo.items(), key=lambda item: (USERS.index(item[0][0] or None), item[0][1])
    ):
        name = resolve(urlsplit(action).path).url_name
        chosen.setdefault(name, (username, action, fields))
    for username, action, fields in chosen.values():
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client(raise_request_exception=False)
            if username:
                # force_login: the suite's fast password hasher cannot check the demo's hashes.
                client.force_login(get_user_model().objects.get(username=username))
        fuzz(client, username, action, fields, errors)
    assert errors == [], errors[:5]

"""The load test's users (locust), run by scripts/loadtest.py (`make loadtest`).

LOADTEST_SCENARIO=deadline (default): a deadline day. 150 unit users sign in, open their
unit's report in the "deadline" period, save a partial draft, save the whole report and go to
the submission page, submit, then keep reading their report; 10 reviewers go round the period's
dashboard and matrix (this period's, filling up, and the scale data's full period). Think time
5-15 s between steps.

LOADTEST_SCENARIO=stepped: the same people, in the "stepped" period, units saving drafts over
and over, signed in first and then with less think time at each step (STEPS), to find where p95
passes 1 s.

Every request is a real one a browser would send: the forms are read from the served HTML (the
CSRF token, the version, every input of every task) and posted back, multipart like the
browser's. Redirects are followed by hand so that each request is timed on its own. Every
request's start, name, time and outcome is written to LOADTEST_SAMPLES (JSON) at the end, for
scripts/loadtest.py to compute the percentiles and compare with the database.
"""

import itertools
import json
import os
import random
import time
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, LoadTestShape, events, task

SCENARIO = os.environ.get("LOADTEST_SCENARIO", "deadline")
TIMEOUT = 60
# (users, think time low, high, seconds) of the stepped run. The first step signs everyone
# in (each sign-in is ~0.45 s of the password hasher's CPU) and is not measured; then the same
# 160 people work with less and less think time, so that each step measures the work alone.
WARM_UP = (160, 5.0, 15.0, 75)
STEPS = [
    WARM_UP,
    (160, 10.0, 20.0, 30),
    (160, 4.0, 6.0, 30),
    (160, 1.5, 2.5, 30),
    (160, 0.5, 1.0, 30),
    (160, 0.1, 0.3, 30),
    (160, 0.0, 0.0, 30),
]
think = [5.0, 15.0] if SCENARIO == "deadline" else list(STEPS[0][1:3])
samples: list[dict] = []
steps_started: list[dict] = []


def accounts() -> dict:
    # Read when the first user starts, so that importing this file needs nothing.
    global _accounts
    if _accounts is None:
        _accounts = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text(encoding="utf-8"))
        _accounts["unit_pool"] = itertools.cycle(_accounts["units"])
        _accounts["reviewer_pool"] = itertools.cycle(_accounts["reviewers"])
    return _accounts


_accounts = None


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, start_time=None, **kwargs):
    samples.append(
        {
            "t": start_time or time.time(),
            "name": name,
            "ms": response_time,
            "status": getattr(response, "status_code", None),
            "error": str(exception) if exception else None,
        }
    )


@events.quitting.add_listener
def _write_samples(environment, **kwargs):
    path = os.environ.get("LOADTEST_SAMPLES")
    if path:
        Path(path).write_text(
            json.dumps({"scenario": SCENARIO, "steps": steps_started, "samples": samples}),
            encoding="utf-8",
        )


class FormReader(HTMLParser):
    """The fields of the form with the given id, as a browser would send them (file inputs and
    buttons left out), and the choices of each select."""

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or a.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[self._textarea] = ""
        elif tag == "select":
            self._select = a["name"]
            self.fields[self._select] = ""
            self.choices[self._select] = []
        elif tag == "option" and self._select:
            self.choices[self._select].append(a.get("value") or "")
            if "selected" in a:
                self.fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # HTML drops the newline right after <textarea>; the parser keeps it.
            self.fields[self._textarea] = self.fields[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.inside:
            self.fields[self._textarea] += data


def read_form(html: str, form_id: str | None) -> FormReader:
    reader = FormReader(form_id)
    reader.feed(html)
    reader.close()
    return reader


def wait(user) -> float:
    return random.uniform(think[0], think[1])


class Person(HttpUser):
    abstract = True
    wait_time = wait

    def get(self, path: str, name: str, expect=(200,)):
        with self.client.get(
            path, name=name, allow_redirects=False, timeout=TIMEOUT, catch_response=True
        ) as response:
            if response.status_code not in expect:
                why = response.error if response.status_code == 0 else response.status_code
                response.failure(f"{name}: HTTP {why}")
            return response

    def post(self, path: str, data: dict, name: str, expect_location: str | None = None):
        # multipart, as the browser sends these forms (enctype="multipart/form-data")
        files = {key: (None, value) for key, value in data.items()}
        with self.client.post(
            path,
            files=files,
            name=name,
            allow_redirects=False,
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302:
                why = response.error if response.status_code == 0 else response.status_code
                response.failure(f"{name}: HTTP {why}, not a redirect")
            elif expect_location is not None and not location.startswith(expect_location):
                response.failure(f"{name}: redirected to {location}, not {expect_location}")
            return response

    def sign_in(self, username: str) -> None:
        page = self.get("/dang-nhap/", "sign-in page")
        token = read_form(page.text, None).fields.get("csrfmiddlewaretoken", "")
        data = {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": accounts()["password"],
        }
        signed_in = self.post("/dang-nhap/", data, "sign in")
        self.get(signed_in.headers.get("Location", "/"), "home")


class UnitUser(Person):
    """One unit's staff member on the deadline day."""

    weight = 15
    fixed_count = 150 if SCENARIO == "deadline" else 0

    def on_start(self):
        account = next(accounts()["unit_pool"])
        self.username, self.unit = account["username"], account["unit"]
        self.period = accounts()["periods"][SCENARIO]
        self.report_url = None
        self.step = 0
        self.sign_in(self.username)

    @task
    def next_step(self):
        if self.report_url is None:
            opened = self.get(
                f"/bao-cao/ky/{self.period}/don-vi/{self.unit}/", "open report", expect=(302,)
            )
            self.report_url = opened.headers.get("Location")
            if self.report_url:
                self.get(self.report_url, "report")
            return
        if SCENARIO == "stepped":
            self.save(complete=random.random() < 0.5, then="save")
            return
        # A step whose page failed to load (already counted as an error) is tried again,
        # rather than posting an empty form that would only add a second, consequential error.
        if self.step == 0:
            done = self.save(complete=False, then="save")
        elif self.step == 1:
            done = self.save(complete=True, then="submit")
        elif self.step == 2:
            done = self.submit()
        else:
            done = self.get(self.report_url, "report") is not None
        self.step += bool(done)

    def save(self, *, complete: bool, then: str) -> bool:
        """Open the form, fill it (half the tasks, or all), and press one of its buttons."""
        edit_url = f"{self.report_url}sua/"
        page = self.get(edit_url, "report form")
        if page.status_code != 200:
            return False
        form = read_form(page.text, "report-form")
        data = dict(form.fields)
        statuses = [name for name in form.choices if name.endswith("-status")]
        for position, status in enumerate(statuses):
            if not complete and position % 2:
                continue
            prefix = status.removesuffix("status")
            data[status] = random.choice([c for c in form.choices[status] if c])
            if data[status] == "completed":
                data[f"{prefix}completed_on"] = time.strftime("%d/%m/%Y")
            data[f"{prefix}results"] = (
                f"Đã tổ chức quán triệt, tuyên truyền đến cán bộ, đảng viên ({self.username}, "
                f"lượt {self.step + 1}); ban hành kế hoạch và phân công thực hiện."
            )
        # The figures: once for the report ("indicator-<id>"), a task's under its prefix.
        for name in form.fields:
            if name.startswith("indicator-") or "-indicator-" in name:
                data[name] = str(random.randint(0, 400))
        if complete:
            data["overall_assessment"] = "Cơ bản hoàn thành các nhiệm vụ được giao trong kỳ."
        data[then] = ""
        if then == "submit":
            saved = self.post(edit_url, data, "save and go to submission", f"{self.report_url}nop/")
        else:
            saved = self.post(edit_url, data, "save draft", edit_url)
            self.get(saved.headers.get("Location", edit_url), "report form (after save)")
        return saved.status_code == 302

    def submit(self) -> bool:
        submit_url = f"{self.report_url}nop/"
        page = self.get(submit_url, "submission page")
        if page.status_code != 200:
            return False
        form = read_form(page.text, "submit-form")
        submitted = self.post(submit_url, dict(form.fields), "submit", self.report_url)
        self.get(submitted.headers.get("Location", self.report_url), "report")
        return submitted.status_code == 302


class Reviewer(Person):
    """The Propaganda Department, watching the period fill up."""

    weight = 1
    fixed_count = 10 if SCENARIO == "deadline" else 0

    def on_start(self):
        self.sign_in(next(accounts()["reviewer_pool"]))
        self.periods = [accounts()["periods"][SCENARIO], accounts()["full_period"]]

    @task(2)
    def dashboard(self):
        self.get(f"/theo-doi/ky/{random.choice(self.periods)}/", "dashboard")

    @task(1)
    def matrix(self):
        self.get(f"/theo-doi/ky/{random.choice(self.periods)}/ma-tran/", "matrix")


if SCENARIO == "stepped":

    class Steps(LoadTestShape):
        """More users and less think time at each step (STEPS); then stop."""

        def tick(self):
            elapsed = self.get_run_time()
            start = 0.0
            for users, low, high, seconds in STEPS:
                if elapsed < start + seconds:
                    if not steps_started or steps_started[-1]["start"] != start:
                        steps_started.append(
                            {
                                "start": start,
                                "at": time.time(),
                                "users": users,
                                "think": [low, high],
                                "seconds": seconds,
                            }
                        )
                    think[:] = [low, high]
                    return users, 4
                start += seconds
            return None

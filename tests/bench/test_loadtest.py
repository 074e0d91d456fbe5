"""The load test's parts that can be checked fast: the accounts command, and the locustfile
(imported in a process of its own: importing locust patches the standard library for gevent)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from reports.models import ReportingPeriod, UnitReport
from units.models import Membership

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_accounts_are_refused_outside_a_bench_database(tmp_path):
    with pytest.raises(CommandError, match="Refusing"):
        call_command("loadtest_accounts", password="pw", output=tmp_path / "a.json")
    assert not get_user_model().objects.filter(username__startswith="load-").exists()


def test_it_makes_distinct_accounts_with_the_password_and_two_empty_open_periods(tmp_path):
    call_command(
        "generate_scale_data", "--units", "150", "--directives", "1", "--periods", "2",
        "--any-database", stdout=open("/dev/null", "w"),  # noqa: SIM115
    )  # fmt: skip
    output = tmp_path / "accounts.json"
    call_command(
        "loadtest_accounts", password="known-pw", output=output, any_database=True,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )  # fmt: skip
    data = json.loads(output.read_text())

    users = get_user_model().objects.filter(username__startswith="load-")
    assert users.count() == 160 == len(data["units"]) + len(data["reviewers"])
    assert all(user.check_password("known-pw") for user in users)
    units = [account["unit"] for account in data["units"]]
    # One unit per account, each account the only load-test member of its unit: no two
    # locust users ever edit the same report.
    assert len(set(units)) == 150
    for account in data["units"][:5]:
        memberships = Membership.objects.filter(user__username=account["username"])
        assert [m.unit.code for m in memberships] == [account["unit"]]
    directive_monitor = ReportingPeriod.objects.get(pk=data["periods"]["deadline"]).directive
    assert set(
        Membership.objects.filter(user__username__in=data["reviewers"]).values_list(
            "unit", flat=True
        )
    ) == {directive_monitor.monitoring_unit_id}
    for key in ["deadline", "stepped"]:
        period = ReportingPeriod.objects.get(pk=data["periods"][key])
        assert period.is_open
        assert set(period.obligations.values_list("unit__code", flat=True)) >= set(units)
        assert not UnitReport.objects.filter(period=period).exists()
    assert data["full_period"] not in data["periods"].values()

    with pytest.raises(CommandError, match="already has load-test accounts"):
        call_command("loadtest_accounts", password="x", output=output, any_database=True)


def test_the_locustfile_imports_and_reads_a_form_as_a_browser_sends_it():
    script = (
        "from bench import locustfile as l\n"
        "assert {l.UnitUser.fixed_count, l.Reviewer.fixed_count} == {150, 10}\n"
        "html = '''<form id=other><input name=x value=1></form>"
        '<form id="report-form"><input type="hidden" name="csrfmiddlewaretoken" value="t">'
        '<select name="entry-7-status"><option value="">-</option>'
        '<option value="completed" selected>C</option></select>'
        '<textarea name="entry-7-results">\nĐã làm &amp; xong</textarea>'
        "<input type=file name=evidence><button type=submit name=save>S</button></form>'''\n"
        "f = l.read_form(html, 'report-form')\n"
        "print(repr((f.fields, f.choices)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    fields, choices = eval(result.stdout.strip().splitlines()[-1])  # our own repr()
    assert fields == {
        "csrfmiddlewaretoken": "t",
        "entry-7-status": "completed",
        "entry-7-results": "Đã làm & xong",
    }
    assert choices == {"entry-7-status": ["", "completed"]}

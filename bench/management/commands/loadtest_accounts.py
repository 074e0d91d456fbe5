"""Accounts and periods for `make loadtest` (scripts/loadtest.py, bench/locustfile.py).

On a database filled by `generate_scale_data`, for its first directive: one new account per
reporting unit (`load-u000`, `load-u001` … each the only member of its unit) and `--reviewers`
accounts in the directive's monitoring unit (`load-r00` …), all with the password given; and two
new open periods that every unit must report in, with no report started yet: "deadline" (due
today, the deadline-day run) and "stepped" (the stepped run, where units only save drafts).
Writes what the load test needs to know (accounts, period ids, unit codes) as JSON.

Refuses a database whose name does not contain "bench", like generate_scale_data.
"""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from directives.models import Directive
from reports.periods.models import ReportingPeriod
from reports.periods.services import default_period_units, period_open
from units.models import Membership, MembershipRole, Unit, UnitGroup, UnitKind

from .generate_scale_data import MARK

PREFIX = "load-"


class Command(BaseCommand):
    help = "Accounts with a known password and two open periods for the load test (bench only)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=150, help="Unit accounts to create.")
        parser.add_argument("--reviewers", type=int, default=10)
        parser.add_argument("--password", required=True)
        parser.add_argument("--output", type=Path, required=True, help="The JSON file to write.")
        parser.add_argument(
            "--any-database",
            action="store_true",
            help="Write even into a database whose name does not contain bench.",
        )

    def handle(self, *args, units, reviewers, password, output, any_database, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name and not any_database:
            raise CommandError(
                f"Refusing to create load-test accounts in {name!r}: use a database whose name "
                "contains 'bench'."
            )
        directive = Directive.objects.filter(slug__startswith="scale-").order_by("pk").first()
        if directive is None:
            raise CommandError("No synthetic directive: run generate_scale_data first.")
        if get_user_model().objects.filter(username__startswith=PREFIX).exists():
            raise CommandError("This database already has load-test accounts; use a fresh one.")
        with transaction.atomic():
            reporting = self.reporting_units(directive, units)
            data = self.create(directive, reporting, reviewers, password)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        self.stdout.write(
            f"{len(data['units'])} unit accounts, {len(data['reviewers'])} reviewers, periods "
            f"{data['periods']['deadline']} (deadline) and {data['periods']['stepped']} "
            f"(stepped) of {directive.slug}: {output}"
        )

    def reporting_units(self, directive, count: int) -> list[Unit]:
        """`count` units that report on the directive. generate_scale_data's province of 150
        units has 149 that report (and its Ban Tuyên giáo): the missing ones are made like
        its own, members of the group every unit of the province belongs to (task 1)."""
        reporting = list(default_period_units(directive))
        group = UnitGroup.objects.filter(led_tasks__directive=directive).first()
        for serial in range(len(reporting), count):
            if group is None:
                raise CommandError(f"{directive.slug} has fewer than {count} reporting units.")
            unit = Unit.objects.create(
                code=f"scale-load-{serial}",
                name=f"Đảng ủy xã kiểm thử tải {serial} {MARK}",
                short_name=f"Đảng ủy xã kiểm thử tải {serial}",
                symbol="ĐU",
                kind=UnitKind.DISTRICT_COMMITTEE,
                position=1000 + serial,
            )
            group.units.add(unit)
            reporting.append(unit)
        return reporting[:count]

    def create(self, directive, units, reviewers: int, password: str) -> dict:
        User = get_user_model()
        # One hash for all: the real hasher's cost is paid at each sign-in, where it belongs,
        # not 160 times here.
        hashed = make_password(password)
        unit_users = User.objects.bulk_create(
            User(
                username=f"{PREFIX}u{i:03}", password=hashed, last_name="Đơn vị", first_name=str(i)
            )
            for i in range(len(units))
        )
        Membership.objects.bulk_create(
            Membership(user=user, unit=unit, role=MembershipRole.STAFF)
            for user, unit in zip(unit_users, units, strict=True)
        )
        reviewer_users = User.objects.bulk_create(
            User(
                username=f"{PREFIX}r{i:02}",
                password=hashed,
                last_name="Ban Tuyên giáo",
                first_name=str(i),
            )
            for i in range(reviewers)
        )
        Membership.objects.bulk_create(
            Membership(user=user, unit=directive.monitoring_unit, role=MembershipRole.STAFF)
            for user in reviewer_users
        )
        today = timezone.localdate()
        latest = ReportingPeriod.objects.filter(directive=directive).order_by("-ends_on").first()
        starts_on = latest.ends_on + datetime.timedelta(days=1) if latest else today
        periods = {}
        for key, label in [("deadline", "hạn chót"), ("stepped", "tăng dần")]:
            period = period_open(
                directive=directive,
                name=f"Kiểm thử tải: {label} (dữ liệu thử)",
                starts_on=starts_on,
                ends_on=max(starts_on, today - datetime.timedelta(days=1)),
                due_on=today,
                units=units,
                user=reviewer_users[0] if reviewer_users else None,
            )
            periods[key] = period.pk
        return {
            "directive": directive.slug,
            "password": password,
            "periods": periods,
            # The period with the scale data's full set of reports, for the reviewers' pages.
            "full_period": latest.pk if latest else periods["deadline"],
            "units": [
                {"username": user.username, "unit": unit.code}
                for user, unit in zip(unit_users, units, strict=True)
            ],
            "reviewers": [user.username for user in reviewer_users],
        }

"""Time the monitoring pages on the current database: `make bench` runs it at two scales.

Prints one JSON object: per page the median time of a request in milliseconds and its number
of SQL queries. Requests go through the whole Django stack (middleware, sessions, templates)
with the test client, without a network in between; the "floor" is a minimal signed-in view
measured the same way, so a page's ratio to it says what the page itself costs.
"""

import json
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from directives.models import Directive
from reports.submissions.models import ReportStatus, UnitReport


class Command(BaseCommand):
    help = "Median time and query count of the dashboard pages (see docs/benchmarks.md)."

    def add_arguments(self, parser):
        parser.add_argument("--directive", default="scale-1")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=5)

    def handle(self, *args, directive, runs, warmup, **options):
        try:
            directive = Directive.objects.get(slug=directive)
        except Directive.DoesNotExist as error:
            raise CommandError(f"No directive {directive!r}: run generate_scale_data.") from error
        period = directive.periods.order_by("-starts_on").first()
        User = get_user_model()
        reviewer = User.objects.filter(memberships__unit=directive.monitoring_unit).first()
        # The draft with the most task entries: the heaviest form, and the same shape at both
        # scales (a unit leading only task 1 would make a lighter page).
        report = (
            UnitReport.objects.filter(period=period, status=ReportStatus.DRAFT)
            .exclude(unit__memberships=None)
            .annotate(entry_count=Count("entries"))
            .order_by("-entry_count", "pk")
            .first()
        )
        author = User.objects.filter(memberships__unit=report.unit).first()
        try:
            form_url = reverse("report_edit", args=[report.pk])
            form_name = "report form (edit)"
        except NoReverseMatch:
            form_url, form_name = reverse("report_detail", args=[report.pk]), "report (detail)"

        reviewer_client, author_client = Client(), Client()
        reviewer_client.force_login(reviewer)
        author_client.force_login(author)
        # Across directives: the Standing Committee's view of every directive (here the
        # superuser's: the synthetic data has no Standing Committee), made once.
        chief, _created = User.objects.get_or_create(
            username="scale-bench-admin", defaults={"is_superuser": True, "is_staff": True}
        )
        chief_client = Client()
        chief_client.force_login(chief)
        work_url = reverse("work_across_directives")
        pages = [
            ("floor", reviewer_client, "/__bench__/floor/"),
            ("dashboard", reviewer_client, reverse("period_dashboard", args=[period.pk])),
            ("matrix", reviewer_client, reverse("period_matrix", args=[period.pk])),
            (form_name, author_client, form_url),
            (
                "excel export (matrix)",
                reviewer_client,
                reverse("period_export", args=[period.pk, "ma-tran", "xlsx"]),
            ),
            ("unit home (its tasks)", author_client, reverse("home")),
            ("tasks (Department)", reviewer_client, work_url),
            ("tasks (Dept., overdue)", reviewer_client, f"{work_url}?status=qua-han"),
            ("tasks (all directives)", chief_client, work_url),
            ("tasks (all, one unit)", chief_client, f"{work_url}?unit={report.unit.code}"),
        ]
        with override_settings(
            ROOT_URLCONF="bench.urls",
            # The hashed-name manifest needs collectstatic; the lookup is not what is measured.
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            results = {
                "form_entries": report.entry_count,
                "units": period.obligations.count(),
                "tasks": directive.tasks.count(),
                "periods": directive.periods.count(),
                "database_units": _count("units_unit"),
                "database_reports": _count("reports_unitreport"),
                "database_directives": _count("directives_directive"),
                "pages": {},
            }
            for name, client, url in pages:
                results["pages"][name] = self.measure(client, url, runs=runs, warmup=warmup)
        self.stdout.write(json.dumps(results))

    def measure(self, client, url, *, runs, warmup):
        for _ in range(warmup):
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return {
            "url": url,
            "median_ms": round(statistics.median(times), 2),
            "min_ms": round(min(times), 2),
            "queries": len(queries.captured_queries),
            "samples_ms": [round(t, 3) for t in times],
        }


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (fixed table names)
        return cursor.fetchone()[0]

"""The real consolidated report of a 150-unit period of 186-CV/TU, drafted, issued and rendered
through the application's own services, timed. Run by `manage.py bench_pdf` (`make bench`) in a
throw-away SQLite database of its own; refuses any database whose name does not say "bench".

Data: the seed (186-CV/TU and the province's units) plus district-level committees marked
"(dữ liệu thử)" up to 150 reporting units, each with a report in a realistic mix of states and
the demo's wording (reports/submissions/demo.py). The report is issued with
`consolidated_issue`, whose PDF is made by `generate_consolidated_pdf` exactly as in production;
the timed runs then repeat that task's rendering, `render_pdf(build_document(report))`, and
check they give the stored bytes.
"""

import cProfile
import datetime
import hashlib
import json
import os
import pstats
import resource
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from directives.models import Indicator
from directives.seed import load_186
from documents.pdf import render_pdf
from reports.consolidated import drafting
from reports.consolidated.models import ConsolidatedReport
from reports.consolidated.services import (
    consolidated_create,
    consolidated_issue,
    load_document_terms,
    proposed_number,
)
from reports.periods.models import ReportingPeriod
from reports.periods.services import default_period_units, period_open
from reports.submissions.demo import DIFFICULTIES, PROPOSALS, RESULTS, STATUSES
from reports.submissions.models import (
    IndicatorValue,
    ReportStatus,
    TaskAnswer,
    TaskProgress,
    UnitReport,
)
from reports.submissions.services import reportable_tasks
from units.models import Membership, MembershipRole, Unit, UnitGroup, UnitKind

MARK = "(dữ liệu thử)"
PLACES = [
    "Bình Sơn", "Sơn Tịnh", "Tư Nghĩa", "Nghĩa Hành", "Mộ Đức", "Đức Phổ", "Ba Tơ", "Minh Long",
    "Sơn Hà", "Sơn Tây", "Trà Bồng", "Lý Sơn",
]  # fmt: skip
# Groups through which task 1 (and the district-level tasks) reach a district committee.
DISTRICT_GROUPS = ["nhan-186-cv-tu", "huyen-thi-thanh-uy", "cap-uy-truc-thuoc"]
YEAR = 2025
DUE = datetime.date(YEAR, 12, 15)


def cpu_seconds() -> float:
    """CPU time of this process and of its children that ended (RUSAGE_CHILDREN): work moved
    to other processes is counted, not hidden."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# The stages of a rendering, by the function that does each (cumulative time under cProfile).
STAGES = [
    ("HTML templating", "documents/pdf.py", "pdf_source"),
    ("HTML parsing", "weasyprint/__init__.py", "__init__"),
    ("CSS cascade (stylesheets, selectors, computed styles)", "weasyprint/css/__init__.py",
     "get_all_computed_styles"),
    ("box tree", "weasyprint/formatting_structure/build.py", "build_formatting_structure"),
    ("layout (all pages)", "weasyprint/layout/__init__.py", "layout_document"),
    ("  of which tables (the annex: 150 x 14 cells)", "weasyprint/layout/table.py",
     "table_layout"),
    ("drawing and PDF writing (write_pdf)", "weasyprint/document.py", "write_pdf"),
    ("  of which drawing the pages", "weasyprint/draw/__init__.py", "draw_page"),
    ("  of which drawing table borders", "weasyprint/draw/__init__.py",
     "draw_collapsed_borders"),
    ("  of which font subsetting and embedding", "weasyprint/pdf/fonts.py",
     "build_fonts_dictionary"),
]  # fmt: skip


def profile_split(path: str, render) -> list[tuple[str, float, float]]:
    """Profile one rendering with cProfile, write the stats to `path` and return each stage
    with its cumulative seconds (under the profiler, which slows Python code more than C) and
    its share of the whole."""
    profiler = cProfile.Profile()
    profiler.runcall(render)
    profiler.dump_stats(path)
    stats = pstats.Stats(path).stats
    total = max(ct for (_f, _l, name), (_cc, _nc, _tt, ct, _c) in stats.items()
                if name in ("render_pdf", "render_source"))  # fmt: skip
    split = []
    for label, file, function in STAGES:
        seconds = max(
            [ct for (f, _l, name), (_cc, _nc, _tt, ct, _c) in stats.items()
             if name == function and f.endswith(file)] or [0.0]
        )  # fmt: skip
        split.append((label, seconds, seconds / total))
    split.append(("whole rendering", total, 1.0))
    return split


class Command(BaseCommand):
    help = "Time the PDF of a real consolidated report for a 150-unit period (bench database)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=150)
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--output", help="also write the PDF to this path")
        parser.add_argument("--json", dest="json_path", help="write the figures here as JSON")
        parser.add_argument(
            "--profile", help="also profile one rendering (cProfile stats to this path, split)"
        )
        parser.add_argument(
            "--first",
            action="store_true",
            help="time only the first rendering of this fresh process, of the report made before",
        )
        parser.add_argument(
            "--any-database",
            action="store_true",
            help="Write even into a database whose name does not contain bench (tests).",
        )

    def handle(self, *args, units, runs, output, json_path, any_database, **options):
        name = str(connection.settings_dict["NAME"])
        if not any_database and "bench" not in name:
            raise CommandError(
                f"Refusing to write benchmark data into {name!r}: use a database whose name "
                "contains 'bench' (manage.py bench_pdf makes one)."
            )
        if options["first"]:
            return self.first_rendering(json_path)
        if ReportingPeriod.objects.filter(name__startswith="[BENCH]").exists():
            raise CommandError("This database already holds the benchmark period; use a fresh one.")
        started = time.perf_counter()
        period, reviewer = self.make_period(units)
        prepared = time.perf_counter() - started

        started = time.perf_counter()
        report = consolidated_create(period=period, user=reviewer, include_submitted=True)
        drafted = time.perf_counter() - started
        # Dated ten days after the due date, or on the day the data were drawn if that is later
        # (a document is never dated before its figures: consolidated_issue refuses it).
        day = max(DUE + datetime.timedelta(days=10), timezone.localdate(report.data_as_of))
        # Issuing enqueues generate_consolidated_pdf; with the default (immediate) task backend
        # it renders and stores the PDF right after the commit, as a production worker would.
        started, cpu_started = time.perf_counter(), time.process_time()
        report = consolidated_issue(
            report=report,
            user=reviewer,
            number=proposed_number(report, day),
            issued_on=day,
            place=report.place,
            signing_authority="K/T TRƯỞNG BAN",
            signer_position="PHÓ TRƯỞNG BAN",
            signer_name="Nguyễn Văn Thử",
            recipients=[r.text for r in report.recipients.order_by("position")],
        )
        issue_seconds = time.perf_counter() - started
        issue_cpu = time.process_time() - cpu_started
        report = ConsolidatedReport.objects.prefetch_related("sections", "recipients").get(
            pk=report.pk
        )
        if report.generation != ConsolidatedReport.Generation.DONE:
            raise CommandError(f"The PDF was not generated: {report.generation_error}")

        timings, cpu_timings = [], []
        for _ in range(max(1, runs)):
            started, cpu_started = time.perf_counter(), cpu_seconds()
            pdf, pages = render_pdf(drafting.build_document(report, draft=False))
            timings.append(time.perf_counter() - started)
            cpu_timings.append(cpu_seconds() - cpu_started)
        split = []
        if options["profile"]:
            split = profile_split(
                options["profile"],
                lambda: render_pdf(drafting.build_document(report, draft=False)),
            )
        if hashlib.sha256(pdf).hexdigest() != report.pdf_sha256 or pages != report.pdf_pages:
            raise CommandError("The timed rendering differs from the PDF stored at issue time.")
        if output:
            with open(output, "wb") as file:
                file.write(pdf)
        figures = {
            "units": period.obligations.count(),
            "annex_rows": len(report.annex["rows"]),
            "pages": pages,
            "kib": len(pdf) // 1024,
            "wall_median": statistics.median(timings),
            "cpu_median": statistics.median(cpu_timings),
            "wall_runs": timings,
            "issue_seconds": issue_seconds,
            "issue_cpu": issue_cpu,
            "draft_seconds": drafted,
            "data_seconds": prepared,
            "load": os.getloadavg(),
            "cpus": os.cpu_count(),
            "split": split,
        }
        if json_path:
            with open(json_path, "w") as file:
                file.write(json.dumps(figures, ensure_ascii=False, indent=1))
        self.stdout.write(
            f"bench_pdf (báo cáo tổng hợp thật): {figures['units']} đơn vị, "
            f"{figures['annex_rows']} dòng phụ lục, {pages} trang, {figures['kib']} KiB; "
            f"PDF trung vị {figures['wall_median']:.2f} s (CPU {figures['cpu_median']:.2f} s; "
            f"{len(timings)} lần; khi ban hành {issue_seconds:.2f} s, CPU {issue_cpu:.2f} s); "
            f"dự thảo {drafted:.2f} s; tải máy {figures['load'][0]:.1f} / {figures['cpus']} lõi"
        )
        for label, seconds, share in split:
            self.stdout.write(f"  {label:58s} {seconds:6.3f} s {100 * share:5.1f} %")

    def first_rendering(self, json_path: str | None):
        """The first rendering of a fresh process (importing WeasyPrint, starting Pango and
        fontconfig included), of the report the full run issued in this database."""
        report = ConsolidatedReport.objects.prefetch_related("sections", "recipients").get(
            period__name__startswith="[BENCH]", status=ConsolidatedReport.Status.ISSUED
        )
        started, cpu_started = time.perf_counter(), cpu_seconds()
        pdf, pages = render_pdf(drafting.build_document(report, draft=False))
        figures = {
            "first_wall": time.perf_counter() - started,
            "first_cpu": cpu_seconds() - cpu_started,
            "load": os.getloadavg(),
        }
        if hashlib.sha256(pdf).hexdigest() != report.pdf_sha256:
            raise CommandError("The first rendering differs from the PDF stored at issue time.")
        if json_path:
            with open(json_path, "w") as file:
                file.write(json.dumps(figures))

    # ---- the data ------------------------------------------------------------------------------

    @transaction.atomic
    def make_period(self, count: int):
        directive = load_186()
        load_document_terms()
        groups = list(UnitGroup.objects.filter(code__in=DISTRICT_GROUPS))
        missing = count - default_period_units(directive).count()
        last = Unit.objects.order_by("-position").values_list("position", flat=True).first() or 0
        extra = Unit.objects.bulk_create(
            Unit(
                code=f"bench-xa-{i}",
                name=f"Đảng ủy xã {PLACES[i % len(PLACES)]} {i + 1} {MARK}",
                short_name=f"Đảng ủy xã {PLACES[i % len(PLACES)]} {i + 1}",
                symbol="ĐU",
                kind=UnitKind.DISTRICT_COMMITTEE,
                position=last + 1 + i,
            )
            for i in range(max(0, missing))
        )
        for group in groups:
            group.units.add(*extra)
        reviewer = get_user_model().objects.create(username="bench-btg", first_name="Bench")
        # A signer: only a signer of the monitoring unit issues (and may draft too).
        Membership.objects.create(
            user=reviewer, unit=directive.monitoring_unit, role=MembershipRole.SIGNER
        )
        period = period_open(
            directive=directive,
            name=f"[BENCH] Năm {YEAR}",
            starts_on=datetime.date(YEAR, 1, 1),
            ends_on=datetime.date(YEAR, 12, 31),
            due_on=DUE,
            units=default_period_units(directive),
            user=reviewer,
        )
        tz = timezone.get_current_timezone()
        entries, figures = [], []
        indicators = {i.code: i for i in Indicator.objects.filter(directive=period.directive)}
        for index, unit in enumerate(period.units.order_by("kind", "position")):
            # About 80 % accepted, some submitted (on time or late), a few returned, 5 % silent.
            roll = index % 20
            if roll == 19:
                continue
            status = (
                ReportStatus.RETURNED
                if roll == 7
                else ReportStatus.SUBMITTED
                if roll in (3, 11)
                else ReportStatus.ACCEPTED
            )
            late = roll in (5, 11)
            submitted = datetime.datetime.combine(
                DUE + datetime.timedelta(days=2 if late else -(index % 12)),
                datetime.time(9),
                tzinfo=tz,
            )
            report = UnitReport.objects.create(
                period=period,
                unit=unit,
                status=status,
                first_submitted_at=submitted,
                submitted_at=submitted,
                submitted_late=late,
                accepted_at=submitted if status == ReportStatus.ACCEPTED else None,
                overall_assessment=(
                    f"{unit.name} đã quán triệt, triển khai nghiêm túc Công văn 186-CV/TU; "
                    "các nhiệm vụ được giao cơ bản hoàn thành đúng tiến độ."
                ),
                difficulties=DIFFICULTIES if index % 3 == 0 else "",
                recommendations=PROPOSALS if index % 4 == 1 else "",
            )
            # The unit's figures, once for its report; its words quote the same ones.
            n, p = 2 + index % 4, 80 + 35 * (index % 7)
            figures += [
                IndicatorValue(report=report, indicator=indicator, task=None, value=value)
                for indicator, value in (
                    (indicators["hoi-nghi"], n),
                    (indicators["nguoi-tham-du"], p),
                    (indicators["van-ban-trien-khai"], 1 + index % 3),
                )
            ]
            for position, task in enumerate(reportable_tasks(period=period, unit=unit)):
                entries.append(
                    TaskProgress(
                        report=report,
                        task=task,
                        status=STATUSES[(index + position) % len(STATUSES)],
                        results=RESULTS.get(task.number, "Đã triển khai theo kế hoạch.").format(
                            n=n, p=p
                        ),
                        difficulties=DIFFICULTIES if (index + position) % 5 == 0 else "",
                        proposals=PROPOSALS if (index + position) % 6 == 1 else "",
                    )
                )
        TaskProgress.objects.bulk_create(entries, batch_size=1000)
        IndicatorValue.objects.bulk_create(figures, batch_size=1000)
        TaskAnswer.objects.refresh()  # made outside the workflow, which would keep them
        return period, reviewer

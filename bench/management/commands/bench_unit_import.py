"""Time the bulk import of units (issue 10 item 4): 5,000 units must import in under 10 s.

Builds the Department's list at `--units` units (a province, 50 districts and the communes
under them, every one with a parent, a date and an alias; a third of the parents are defined
below their children in the file), writes it as .xlsx and as CSV, and times on the configured
database, inside one transaction that is rolled back at the end:

- reading and checking the file (the preview), .xlsx and CSV;
- the first import (every unit new);
- the same file again (nothing changes);
- a file where every unit's short name changed (one bulk update).

Each step is timed (wall clock, and this process's CPU: the database's own work on
PostgreSQL is in the wall time only), each import with the queries it ran. The command fails
when an import of the file takes 10 s or more. `make bench` runs it on SQLite; set
DATABASE_URL for PostgreSQL.
"""

import io
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from units import imports
from units.models import Unit
from units.services import unit_import

TARGET_SECONDS = 10.0
HEADER = [column.header for column in imports.COLUMNS]


def department_list(count: int, *, short_suffix: str = "") -> list[list]:
    rows = [["bench-tinh", "Tỉnh ủy (bench)", "TU" + short_suffix, "TU", "lanhdao", "", "", "", ""]]
    districts = 50
    for d in range(districts):
        rows.append(
            [
                f"bench-h{d}",
                f"Huyện ủy số {d} (bench)",
                f"HU {d}{short_suffix}",
                f"HU{d}",
                "huyen",
                "bench-tinh",
                "01/01/2021",
                "",
                f"Đảng bộ huyện {d}",
            ]
        )
    for c in range(count - len(rows)):
        rows.append(
            [
                f"bench-x{c}",
                f"Đảng ủy xã số {c} (bench)",
                f"ĐUX {c}{short_suffix}",
                "",
                "tructhuoc",
                f"bench-h{c % districts}",
                "01/07/2025",
                "",
                f"Xã {c}; UBND xã {c}",
            ]
        )
    # A third of the districts after the communes that name them: a parent defined later.
    late = rows[1 : 1 + districts // 3]
    return rows[:1] + rows[1 + districts // 3 :] + late


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_csv(rows) -> bytes:
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the bulk import of units at 5,000 units (target: under 10 s)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=5000)

    def handle(self, *args, units, **options):
        rows = department_list(units)
        xlsx, csv_data = as_xlsx(rows), as_csv(rows)
        changed = as_xlsx(department_list(units, short_suffix=" (mới)"))
        self.stdout.write(
            f"{connection.vendor}: {units} units, .xlsx {len(xlsx) // 1024} KB, "
            f"CSV {len(csv_data) // 1024} KB"
        )
        results = []
        try:
            with transaction.atomic():
                Unit.objects.filter(code__startswith="bench-").delete()
                for label, data, name in (
                    ("preview (read and check), .xlsx", xlsx, "ds.xlsx"),
                    ("preview (read and check), CSV", csv_data, "ds.csv"),
                ):
                    start, cpu = time.perf_counter(), time.process_time()
                    plan = imports.read_and_plan(data, name)
                    results.append(
                        (
                            label,
                            time.perf_counter() - start,
                            time.process_time() - cpu,
                            None,
                            plan.counts,
                        )
                    )
                    if not plan.is_valid:
                        raise CommandError(str(plan.errors[:3]))
                for label, data in (
                    ("first import, .xlsx (all new)", xlsx),
                    ("same file again (no change)", xlsx),
                    ("every short name changed", changed),
                ):
                    with CaptureQueriesContext(connection) as queries:
                        start, cpu = time.perf_counter(), time.process_time()
                        plan = unit_import(data=data, filename="ds.xlsx")
                        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
                    results.append((label, seconds, cpu, len(queries), plan.counts))
                raise Rollback
        except Rollback:
            pass
        failed = False
        self.stdout.write(f"  {'':36} {'wall':>8} {'CPU':>8}")
        for label, seconds, cpu, queries, counts in results:
            judged = queries is not None
            over = judged and seconds >= TARGET_SECONDS
            failed |= over
            self.stdout.write(
                f"  {label:36} {seconds:6.2f} s {cpu:6.2f} s"
                + (f"  {queries:3d} queries" if judged else " " * 13)
                + f"  new {counts['new']}, changed {counts['changed']}, "
                f"unchanged {counts['unchanged']}" + ("  OVER TARGET" if over else "")
            )
        if failed:
            raise CommandError(f"An import took {TARGET_SECONDS:.0f} s or more.")

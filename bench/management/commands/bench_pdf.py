import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.management.commands.bench_consolidated_pdf import cpu_seconds
from documents.pdf import render_pdf
from documents.sample import sample_document
from documents.word import render_docx


class Command(BaseCommand):
    help = (
        "Đo thời gian tạo PDF của báo cáo tổng hợp thật (kỳ 150 đơn vị của 186-CV/TU, dựng "
        "trong một CSDL SQLite tạm) và của văn bản mẫu tổng hợp. Mục tiêu: trung vị dưới 3 giây "
        "(CPU kể cả tiến trình con, và thời gian thực), lần đầu của một tiến trình mới dưới 4 giây."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=150)
        parser.add_argument("--sections", type=int, default=12, help="synthetic sample: II- parts")
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--limit", type=float, default=3.0, help="fail above this median")
        parser.add_argument(
            "--first-limit",
            type=float,
            default=4.0,
            help="fail when the first rendering of a fresh process takes longer",
        )
        parser.add_argument(
            "--profile", help="profile one rendering of the real report (cProfile stats here)"
        )
        parser.add_argument("--output", help="also write the real report's PDF to this path")
        parser.add_argument(
            "--skip-real", action="store_true", help="only the synthetic sample (no database)"
        )

    def handle(self, *args, units, sections, runs, limit, output, skip_real, **options):
        failures = []
        if not skip_real:
            failures += self.real_report(
                units, runs, limit, options["first_limit"], output, options["profile"]
            )
        failures += self.synthetic_sample(units, sections, runs, limit)
        if failures:
            raise CommandError("; ".join(failures))

    def real_report(
        self,
        units: int,
        runs: int,
        limit: float,
        first_limit: float,
        output: str | None,
        profile: str | None,
    ) -> list[str]:
        """The consolidated report as issued (bench_consolidated_pdf), in a database of its own
        so that neither the data nor the issued PDF lands anywhere else."""
        with tempfile.TemporaryDirectory(prefix="theodoi-bench-pdf-") as folder:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
                "MEDIA_ROOT": str(Path(folder) / "media"),
                "LOG_LEVEL": "WARNING",
            }
            # Issuing renders the PDF at once (Django's immediate backend), as without a worker.
            env.pop("TASKS_BACKEND", None)
            figures_path = Path(folder) / "figures.json"
            manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
            subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
            command = [
                *manage,
                "bench_consolidated_pdf",
                f"--units={units}",
                f"--runs={runs}",
                f"--json={figures_path}",
            ]
            if output:
                command.append(f"--output={Path(output).resolve()}")
            if profile:
                command.append(f"--profile={Path(profile).resolve()}")
            if self.run_quietly(command, env):
                return ["bench_consolidated_pdf thất bại"]
            figures = json.loads(figures_path.read_text())
            # The first rendering of a fresh process: WeasyPrint's import and Pango's start
            # included, as a newly started worker pays them.
            first_path = Path(folder) / "first.json"
            if self.run_quietly(
                [*manage, "bench_consolidated_pdf", "--first", f"--json={first_path}"], env
            ):
                return ["bench_consolidated_pdf --first thất bại"]
            first = json.loads(first_path.read_text())
        load = "/".join(f"{value:.1f}" for value in first["load"])
        self.stdout.write(
            "bench_pdf (báo cáo tổng hợp thật): lần đầu của một tiến trình mới "
            f"{first['first_wall']:.2f} s "
            f"(CPU {first['first_cpu']:.2f} s); tải máy {load} (1/5/15 phút) / {os.cpu_count()} lõi"
        )
        failures = self.judge(
            "báo cáo tổng hợp thật", figures["wall_median"], figures["cpu_median"], limit
        )
        failures += self.judge(
            "báo cáo tổng hợp thật, lần đầu", first["first_wall"], first["first_cpu"], first_limit
        )
        return failures

    def run_quietly(self, command: list[str], env: dict) -> int:
        result = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True)
        # The task framework logs each state of the PDF task: noise here; errors are shown.
        for line in result.stderr.splitlines():
            if not line.startswith("Task id=") and not line.startswith("AXES: BEGIN"):
                self.stderr.write(line)
        return result.returncode

    def synthetic_sample(self, units: int, sections: int, runs: int, limit: float) -> list[str]:
        doc = sample_document(units=units, task_sections=sections)
        timings, cpu_timings = [], []
        for _ in range(max(1, runs)):
            started, cpu_started = time.perf_counter(), cpu_seconds()
            pdf, pages = render_pdf(doc)
            timings.append(time.perf_counter() - started)
            cpu_timings.append(cpu_seconds() - cpu_started)
        started = time.perf_counter()
        render_docx(doc)
        docx_seconds = time.perf_counter() - started
        median, cpu_median = statistics.median(timings), statistics.median(cpu_timings)
        load = os.getloadavg()[0]
        # The first run of a process also starts Pango and fontconfig: shown apart, not hidden.
        self.stdout.write(
            f"bench_pdf (văn bản mẫu tổng hợp, không phải báo cáo thật): {units} đơn vị, "
            f"{pages} trang, {len(pdf) // 1024} KiB; PDF trung vị {median:.2f} s "
            f"(CPU {cpu_median:.2f} s; lần đầu {timings[0]:.2f} s; {len(timings)} lần; "
            f"tải máy {load:.1f} / {os.cpu_count()} lõi); .docx {docx_seconds:.2f} s"
        )
        return self.judge("văn bản mẫu", median, cpu_median, limit)

    def judge(self, label: str, median: float, cpu_median: float, limit: float) -> list[str]:
        # CPU time (children included) always; the wall clock too, unless the machine is busier
        # than its cores (then it counts whatever else is running, which says nothing of the
        # code, and is only reported).
        load = os.getloadavg()[0]
        if cpu_median > limit:
            return [f"PDF ({label}) chậm hơn giới hạn {limit:.1f} s: CPU {cpu_median:.2f} s"]
        if median > limit:
            if load <= (os.cpu_count() or 1):
                return [f"PDF ({label}) chậm hơn giới hạn {limit:.1f} s: {median:.2f} s"]
            self.stderr.write(
                f"Cảnh báo ({label}): thời gian thực {median:.2f} s vượt {limit:.1f} s do máy "
                f"đang tải {load:.1f}; CPU {cpu_median:.2f} s vẫn trong giới hạn."
            )
        return []

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

from documents.pdf import render_pdf
from documents.sample import sample_document
from documents.word import render_docx


class Command(BaseCommand):
    help = (
        "Đo thời gian tạo PDF của báo cáo tổng hợp thật (kỳ 150 đơn vị của 186-CV/TU, dựng "
        "trong một CSDL SQLite tạm) và của văn bản mẫu tổng hợp. Mục tiêu: dưới 5 giây."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=150)
        parser.add_argument("--sections", type=int, default=12, help="synthetic sample: II- parts")
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--limit", type=float, default=5.0, help="fail above this median")
        parser.add_argument("--output", help="also write the real report's PDF to this path")
        parser.add_argument(
            "--skip-real", action="store_true", help="only the synthetic sample (no database)"
        )

    def handle(self, *args, units, sections, runs, limit, output, skip_real, **options):
        failures = []
        if not skip_real:
            failures += self.real_report(units, runs, limit, output)
        failures += self.synthetic_sample(units, sections, runs, limit)
        if failures:
            raise CommandError("; ".join(failures))

    def real_report(self, units: int, runs: int, limit: float, output: str | None) -> list[str]:
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
            result = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True)
            # The task framework logs each state of the PDF task: noise here; errors are shown.
            for line in result.stderr.splitlines():
                if not line.startswith("Task id="):
                    self.stderr.write(line)
            if result.returncode:
                return [f"bench_consolidated_pdf thất bại (mã {result.returncode})"]
            figures = json.loads(figures_path.read_text())
        return self.judge(
            "báo cáo tổng hợp thật", figures["wall_median"], figures["cpu_median"], limit
        )

    def synthetic_sample(self, units: int, sections: int, runs: int, limit: float) -> list[str]:
        doc = sample_document(units=units, task_sections=sections)
        timings, cpu_timings = [], []
        for _ in range(max(1, runs)):
            started, cpu_started = time.perf_counter(), time.process_time()
            pdf, pages = render_pdf(doc)
            timings.append(time.perf_counter() - started)
            cpu_timings.append(time.process_time() - cpu_started)
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
        # Judged on CPU time: the wall clock also counts whatever else the machine is running
        # (on a shared machine a loaded minute can double it), which says nothing of the code.
        if cpu_median > limit:
            return [f"PDF ({label}) chậm hơn giới hạn {limit:.1f} s: CPU {cpu_median:.2f} s"]
        if median > limit:
            self.stderr.write(
                f"Cảnh báo ({label}): thời gian thực {median:.2f} s vượt {limit:.1f} s do máy "
                f"đang tải {os.getloadavg()[0]:.1f}; CPU {cpu_median:.2f} s vẫn trong giới hạn."
            )
        return []

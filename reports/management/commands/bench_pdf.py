import os
import statistics
import time

from django.core.management.base import BaseCommand, CommandError

from reports.documents import render_docx, render_pdf
from reports.documents_sample import sample_document


class Command(BaseCommand):
    help = (
        "Đo thời gian tạo PDF (và .docx) của một báo cáo tổng hợp mẫu: 150 đơn vị trong phụ lục, "
        "12 tiểu mục nhiệm vụ. Mục tiêu: dưới 5 giây."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=150)
        parser.add_argument("--sections", type=int, default=12, help="task subsections in II-")
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--limit", type=float, default=5.0, help="fail above this median")
        parser.add_argument("--output", help="also write the PDF to this path")

    def handle(self, *args, units, sections, runs, limit, output, **options):
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
        if output:
            with open(output, "wb") as file:
                file.write(pdf)
        median, cpu_median = statistics.median(timings), statistics.median(cpu_timings)
        load = os.getloadavg()[0]
        # The first run of a process also starts Pango and fontconfig: shown apart, not hidden.
        self.stdout.write(
            f"bench_pdf: {units} đơn vị, {pages} trang, {len(pdf) // 1024} KiB; "
            f"PDF trung vị {median:.2f} s (CPU {cpu_median:.2f} s; lần đầu {timings[0]:.2f} s; "
            f"{len(timings)} lần; tải máy {load:.1f} / {os.cpu_count()} lõi); "
            f".docx {docx_seconds:.2f} s"
        )
        # Judged on CPU time: the wall clock also counts whatever else the machine is running
        # (on a shared machine a loaded minute can double it), which says nothing of the code.
        if cpu_median > limit:
            raise CommandError(f"PDF chậm hơn giới hạn {limit:.1f} s: CPU {cpu_median:.2f} s")
        if median > limit:
            self.stderr.write(
                f"Cảnh báo: thời gian thực {median:.2f} s vượt {limit:.1f} s do máy đang tải "
                f"{load:.1f}; CPU {cpu_median:.2f} s vẫn trong giới hạn."
            )

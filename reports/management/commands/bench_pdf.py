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
        timings = []
        for _ in range(max(1, runs)):
            started = time.perf_counter()
            pdf, pages = render_pdf(doc)
            timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_docx(doc)
        docx_seconds = time.perf_counter() - started
        if output:
            with open(output, "wb") as file:
                file.write(pdf)
        median = statistics.median(timings)
        # The first run of a process also starts Pango and fontconfig: shown apart, not hidden.
        self.stdout.write(
            f"bench_pdf: {units} đơn vị, {pages} trang, {len(pdf) // 1024} KiB; "
            f"PDF trung vị {median:.2f} s (lần đầu {timings[0]:.2f} s, {len(timings)} lần); "
            f".docx {docx_seconds:.2f} s"
        )
        if median > limit:
            raise CommandError(f"PDF chậm hơn giới hạn {limit:.1f} s: trung vị {median:.2f} s")

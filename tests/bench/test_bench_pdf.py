"""`manage.py bench_pdf`: the synthetic sample, timed."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.pdf


def test_bench_command_prints_the_time_and_the_page_count():
    out = io.StringIO()
    call_command(
        "bench_pdf", units=5, sections=1, runs=1, skip_real=True, stdout=out, stderr=io.StringIO()
    )
    assert re.search(
        r"5 đơn vị, \d+ trang, .*trung vị \d+\.\d\d s \(CPU \d+\.\d\d s", out.getvalue()
    )

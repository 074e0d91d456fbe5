"""`manage.py bench_text`: parse and diff timed on growing inputs, growth per doubling."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from documents import markup


def run(**options) -> str:
    out = io.StringIO()
    options.setdefault("max_growth", 10.0)  # two tiny sizes on a shared machine: noisy
    call_command("bench_text", sizes="1,2", runs=1, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_it_prints_each_rows_times_and_growth_per_doubling():
    output = run()
    rows = re.findall(r"(\d+\.\d) ms +(\d+\.\d) ms +×(\d+\.\d\d) mỗi lần gấp đôi", output)
    # Six parse inputs, then three diff pairs twice (the page's comparison, the word diff).
    assert len(rows) == 6 + 3 + 3
    assert "Phân tích (markup_to_html)" in output and "So sánh (content_diff)" in output


def test_it_fails_when_parsing_grows_faster_than_linear(monkeypatch):
    def quadratic(text):
        for _ in range(len(text) // 4):
            text.find("\x00")  # scans the whole text each time

    monkeypatch.setattr(markup, "markup_to_html", quadratic)
    with pytest.raises(CommandError, match="mỗi lần gấp đôi"):
        call_command("bench_text", sizes="1,4", runs=1, stdout=io.StringIO(), stderr=io.StringIO())


def test_it_times_an_older_commit_in_child_processes():
    output = run(against="HEAD", timeout=5)
    assert "Mã cũ (HEAD)" in output
    assert "So sánh (content_diff), mã cũ" in output


def test_it_refuses_a_single_size():
    with pytest.raises(CommandError, match="hai kích thước"):
        call_command("bench_text", sizes="10", stdout=io.StringIO())

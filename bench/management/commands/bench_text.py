"""Time the light-markup parser and the comparison of report versions on growing inputs.

Each input is built at every size (10, 20, 50 and 100 KB by default; a KB here is 1,000
characters), ordinary text and the adversarial inputs of issue 13. For each row the command
prints the CPU time per size and the growth per doubling of the size, from the smallest to the
largest: about 2 is linear, 4 quadratic; about 1 means bounded. The command fails if a parse
row grows faster than linear, or if any row takes a second at the largest size. Diff rows are
judged on that bound only: a word diff is O(N·D), superlinear while the number of changes grows
with the text, until its deadline (reports.submissions.diff.DIFF_SECONDS) caps it.

`--against REV` also times the code of an older commit (its documents/markup.py and
reports/diff.py, taken with `git show`), each measurement in a child process killed after
`--timeout` seconds: the old regular expressions cannot be interrupted otherwise.
"""

import math
import multiprocessing
import os
import random
import subprocess
import time
import types
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Growth per doubling above which a row is not linear (linear is 2, quadratic 4); the margin
# covers the noise of a shared machine.
LINEAR_UP_TO = 2.6
LARGEST_UNDER_SECONDS = 1.0

_SENTENCE = (
    "đã tổ chức hội nghị quán triệt cho cán bộ đảng viên nhân dân trong tỉnh về kết luận của "
    "bộ chính trị thực hiện kế hoạch năm chi bộ cơ sở tuyên truyền học tập"
)
_WORDS = _SENTENCE.split(" ")


def _fill(piece: str, size: int) -> str:
    return (piece * (size // len(piece) + 1))[:size]


def _ordinary_markup(size: int) -> str:
    paragraph = (
        "Ban Thường vụ Huyện ủy đã chỉ đạo **các chi bộ, đảng bộ cơ sở** tổ chức quán triệt "
        "*Kết luận 93-KL/TW* cho cán bộ, đảng viên; kết quả 5 * 3 = 15 hội nghị.\n"
        "- Tổ chức 12 hội nghị với 1.240 lượt người tham dự;\n"
        "- Xây dựng kế hoạch thực hiện giai đoạn 2026 - 2030.\n\n"
    )
    return _fill(paragraph, size)


PARSE_INPUTS: dict[str, Callable[[int], str]] = {
    "văn bản thường (đoạn, gạch đầu dòng, đậm, nghiêng)": _ordinary_markup,
    '"*a**" lặp lại (mũ với mã cũ)': lambda n: "Đã triển khai " + _fill("*a**", n - 14),
    '"**a " lặp lại (bình phương với mã cũ)': lambda n: _fill("**a ", n),
    '" *a" lặp lại (mở không đóng)': lambda n: _fill(" *a", n),
    "dấu lồng nhau *…*a*…*": lambda n: "*" * (n // 2) + "a" + "*" * (n // 2),
    "gạch đầu dòng dày đặc": lambda n: _fill("- - a\n", n),
}


def _text_of_words(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(_WORDS)
        words.append(word)
        length += len(word) + 1
    return words


def _every_20th_changed(size: int) -> tuple[str, str]:
    words = _text_of_words(size, 1)
    changed = ["MỚI" if i % 20 == 0 else w for i, w in enumerate(words)]
    return " ".join(words), " ".join(changed)


def _every_other_changed(size: int) -> tuple[str, str]:
    words = _text_of_words(size, 1)
    changed = ["MỚI" if i % 2 == 0 else w for i, w in enumerate(words)]
    return " ".join(words), " ".join(changed)


def _unrelated(size: int) -> tuple[str, str]:
    return " ".join(_text_of_words(size, 1)), " ".join(_text_of_words(size, 2))


DIFF_INPUTS: dict[str, Callable[[int], tuple[str, str]]] = {
    "sửa nhỏ: mỗi 20 từ đổi 1": _every_20th_changed,
    "đổi xen kẽ: mỗi 2 từ đổi 1": _every_other_changed,
    "viết lại: hai văn bản khác nhau, cùng vốn từ": _unrelated,
}


def _cpu_seconds(function: Callable, *args, runs: int) -> float:
    """CPU seconds per call, best of `runs`; quick calls are repeated for 50 ms to be measurable."""
    best = math.inf
    for _ in range(max(1, runs)):
        calls, started = 0, time.process_time()
        while True:
            function(*args)
            calls += 1
            elapsed = time.process_time() - started
            if elapsed >= 0.05:
                break
        best = min(best, elapsed / calls)
    return best


def _in_child(function: Callable, args: tuple, timeout: float) -> float | None:
    """CPU seconds of one call in a forked process, or None when it ran past `timeout`."""
    receiver, sender = multiprocessing.Pipe(duplex=False)

    def run():
        started = time.process_time()
        function(*args)
        sender.send(time.process_time() - started)

    child = multiprocessing.get_context("fork").Process(target=run, daemon=True)
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return receiver.recv() if receiver.poll() else None


def _per_doubling(sizes: list[int], seconds: list[float | None]) -> float | None:
    if seconds[0] is None or seconds[-1] is None or seconds[0] <= 0:
        return None
    return (seconds[-1] / seconds[0]) ** (1 / math.log2(sizes[-1] / sizes[0]))


def _module_at(revision: str, paths: tuple[str, ...], name: str) -> types.ModuleType:
    """The markup or diff module as it was at `revision`, importable; the first of `paths`
    that exists there (the diff moved into reports/submissions/ with the layout of issue 8)."""
    for path in paths:
        shown = subprocess.run(
            ["git", "show", f"{revision}:{path}"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        )
        if shown.returncode == 0:
            source = shown.stdout
            break
    else:
        raise CommandError(f"{revision} has none of {', '.join(paths)}.")
    # The old diff module imported its models relatively; outside its package, absolutely.
    source = source.replace("from .models import", "from reports.models import")
    module = types.ModuleType(name)
    module.__file__ = str(Path(settings.BASE_DIR) / path)
    exec(compile(source, f"{revision}:{path}", "exec"), module.__dict__)  # noqa: S102
    return module


class Command(BaseCommand):
    help = (
        "Đo thời gian phân tích định dạng nhẹ và so sánh hai phiên bản báo cáo trên dữ liệu "
        "lớn dần (thường và đối kháng); in hệ số tăng khi kích thước gấp đôi (2 là tuyến tính)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", default="10,20,50,100", help="kích thước, nghìn ký tự, cách nhau dấu phẩy"
        )
        parser.add_argument("--runs", type=int, default=3, help="lấy lần nhanh nhất")
        parser.add_argument("--against", help="cũng đo mã của commit này (vd. 8d1e508)")
        parser.add_argument("--timeout", type=float, default=5.0, help="giây, cho mã cũ")
        parser.add_argument(
            "--max-growth",
            type=float,
            default=LINEAR_UP_TO,
            help="hệ số tăng mỗi lần gấp đôi tối đa cho phép khi phân tích",
        )

    def handle(self, *args, sizes, runs, against, timeout, max_growth, **options):
        from documents import markup
        from reports.submissions import diff

        sizes_kb = sorted({int(s) for s in sizes.split(",") if s.strip()})
        if len(sizes_kb) < 2 or sizes_kb[0] <= 0:
            raise CommandError("Cần ít nhất hai kích thước dương, ví dụ --sizes 10,20,50,100.")
        lengths = [kb * 1000 for kb in sizes_kb]
        self.stdout.write(
            f"bench_text: CPU mỗi lần gọi (nhanh nhất trong {runs} lần), kích thước "
            f"{', '.join(f'{kb} KB' for kb in sizes_kb)}; tải máy {os.getloadavg()[0]:.1f} / "
            f"{os.cpu_count()} lõi"
        )

        def compare(old: str, new: str, module=diff):
            return module.content_diff({"difficulties": old}, {"difficulties": new})

        failures: list[str] = []
        # (title, inputs, the arguments of one input, function, growth allowed or None)
        sections = [
            (
                "Phân tích (markup_to_html)",
                PARSE_INPUTS,
                lambda text: (text,),
                markup.markup_to_html,
                max_growth,
            ),
            ("So sánh (content_diff)", DIFF_INPUTS, lambda pair: pair, compare, None),
            (
                "So sánh từng từ, bỏ qua giới hạn kích thước (field_diff, có hạn giờ)",
                DIFF_INPUTS,
                lambda pair: pair,
                diff.field_diff,
                None,
            ),
        ]
        for title, inputs, as_args, function, growth_limit in sections:
            self.stdout.write(f"\n{title}")
            for label, build in inputs.items():
                cases = [as_args(build(length)) for length in lengths]
                seconds = [_cpu_seconds(function, *case, runs=runs) for case in cases]
                failures += self.row(label, lengths, seconds, growth_limit=growth_limit)

        if against:
            old_markup = _module_at(
                against, ("documents/markup.py", "reports/markup.py"), "bench_old_markup"
            )
            old_diff = _module_at(
                against, ("reports/submissions/diff.py", "reports/diff.py"), "bench_old_diff"
            )

            def old_compare(old: str, new: str):
                return compare(old, new, module=old_diff)

            self.stdout.write(
                f"\nMã cũ ({against}), mỗi phép đo một tiến trình, dừng sau {timeout:g} s"
            )
            for title, inputs, as_args, function in [
                (
                    "Phân tích (markup_to_html)",
                    PARSE_INPUTS,
                    lambda t: (t,),
                    old_markup.markup_to_html,
                ),
                ("So sánh (content_diff)", DIFF_INPUTS, lambda pair: pair, old_compare),
            ]:
                self.stdout.write(f"\n{title}, mã cũ")
                for label, build in inputs.items():
                    seconds: list[float | None] = []
                    for length in lengths:
                        # Past the timeout at one size, larger sizes are not tried.
                        if seconds and seconds[-1] is None:
                            seconds.append(None)
                            continue
                        seconds.append(_in_child(function, as_args(build(length)), timeout))
                    self.row(label, lengths, seconds, judged=False, timeout=timeout)

        if failures:
            raise CommandError("; ".join(failures))

    def row(
        self,
        label: str,
        lengths: list[int],
        seconds: list[float | None],
        *,
        judged: bool = True,
        growth_limit: float | None = None,
        timeout: float = 0,
    ) -> list[str]:
        cells = " ".join(
            f"{s * 1000:8.1f} ms" if s is not None else f"> {timeout:g} s".rjust(11)
            for s in seconds
        )
        growth = _per_doubling(lengths, seconds)
        verdict = ""
        failures = []
        if growth is not None:
            if growth < 1.5:
                kind = "bị chặn"
            elif growth <= LINEAR_UP_TO:
                kind = "tuyến tính"
            else:
                kind = "nhanh hơn tuyến tính"
            verdict = f"×{growth:.2f} mỗi lần gấp đôi ({kind})"
            if judged and growth_limit is not None and growth > growth_limit:
                failures.append(f"{label}: ×{growth:.2f} mỗi lần gấp đôi")
        if judged and seconds[-1] is not None and seconds[-1] >= LARGEST_UNDER_SECONDS:
            failures.append(f"{label}: {seconds[-1]:.2f} s ở {lengths[-1] // 1000} KB")
        self.stdout.write(f"  {label[:52]:<52} {cells}  {verdict}")
        return failures

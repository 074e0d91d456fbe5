"""Deadlines as directives word them, found by scanning (no regular expression on the text).

"trước ngày 30/6/2026", "chậm nhất ngày 15/7/2026", "quý III/2026", "tháng 9/2026",
"trong năm 2026", "Thời gian: thường xuyên", "hằng năm". A date cited in the text ("Kết luận
93-KL/TW ngày 20/11/2020") is not a deadline: plain dates count only after a deadline phrase.
"""

import calendar
from datetime import date

from .fold import fold
from .model import Deadline

# A label after which the rest of the sentence is the time allowed.
LABELS = (
    "thoi gian thuc hien:",
    "thoi gian hoan thanh:",
    "thoi han hoan thanh:",
    "thoi gian:",
    "thoi han:",
)
# Phrases that introduce a last day; they are kept in the deadline as worded.
BEFORE = ("truoc ngay ", "cham nhat ngay ", "cham nhat la ngay ", "cham nhat vao ngay ")
RECURRING = ("thuong xuyen", "hang nam", "hang quy", "hang thang", "dinh ky")
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
STOPS = ".;,)\n"


def _digits(f: str, i: int, most: int) -> tuple[int | None, int]:
    j = i
    while j < len(f) and j - i < most and f[j].isdigit():
        j += 1
    return (int(f[i:j]), j) if j > i else (None, i)


def _skip_spaces(f: str, i: int) -> int:
    while i < len(f) and f[i] == " ":
        i += 1
    return i


def _word_ends(f: str, i: int) -> bool:
    return i >= len(f) or not f[i].isalnum()


def _last_of_month(year: int, month: int) -> date | None:
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _day_month_year(f: str, i: int) -> tuple[date | None, int]:
    """ "30/6/2026" (or with "-" or "."), or "30 tháng 6 năm 2026" folded."""
    day, j = _digits(f, i, 2)
    if day is None:
        return None, i
    if j < len(f) and f[j] in "/-.":
        month, k = _digits(f, j + 1, 2)
        if month is not None and k < len(f) and f[k] == f[j]:
            year, m = _digits(f, k + 1, 4)
            if year is not None and m - k == 5 and _word_ends(f, m):
                try:
                    return date(year, month, day), m
                except ValueError:
                    return None, i
    if f.startswith(" thang ", j):
        month, k = _digits(f, j + 7, 2)
        if month is not None and f.startswith(" nam ", k):
            year, m = _digits(f, k + 5, 4)
            if year is not None and m - k == 9:
                try:
                    return date(year, month, day), m
                except ValueError:
                    return None, i
    return None, i


def _period(f: str, i: int, *, years: bool) -> tuple[Deadline | None, int]:
    """An expression at `i`: a day, a quarter, a month, a year (when `years`), or recurring."""
    i = _skip_spaces(f, i)
    for word in RECURRING:
        if f.startswith(word, i) and _word_ends(f, i + len(word)):
            return Deadline(recurring=True), i + len(word)
    for prefix in ("truoc ngay ", "ngay ", "truoc ", "trong ", "hoan thanh trong ", "hoan thanh "):
        if f.startswith(prefix, i):
            found, end = _period(f, i + len(prefix), years=years)
            if found is not None:
                return found, end
    if f.startswith("quy ", i):
        j = i + 4
        k = j
        while k < len(f) and f[k] in "ivx1234":
            k += 1
        quarter = QUARTERS.get(f[j:k])
        if quarter is not None:
            m = k + 1 if k < len(f) and f[k] == "/" else (k + 5 if f.startswith(" nam ", k) else -1)
            year, end = _digits(f, m, 4) if m > 0 else (None, i)
            if year is not None and end - m == 4:
                return Deadline(day=_last_of_month(year, quarter * 3)), end
    if f.startswith("thang ", i):
        month, j = _digits(f, i + 6, 2)
        if month is not None:
            m = j + 1 if j < len(f) and f[j] == "/" else (j + 5 if f.startswith(" nam ", j) else -1)
            year, end = _digits(f, m, 4) if m > 0 else (None, i)
            if year is not None and end - m == 4:
                return Deadline(day=_last_of_month(year, month)), end
    day, end = _day_month_year(f, i)
    if day is not None:
        return Deadline(day=day), end
    if years and f.startswith("nam ", i):
        year, end = _digits(f, i + 4, 4)
        if year is not None and end - i == 8 and _word_ends(f, end):
            return Deadline(day=_last_of_month(year, 12)), end
    return None, i


def _worded(text: str, start: int, end: int) -> str:
    return text[start:end].strip(" :").rstrip(STOPS)


def find_deadline(text: str) -> Deadline:
    """The deadline a task's text states, or an empty `Deadline`."""
    f = fold(text)
    for label in LABELS:
        at = f.find(label)
        if at >= 0:
            start = _skip_spaces(f, at + len(label))
            found, end = _period(f, start, years=True)
            if found is not None:
                found.text = _worded(text, start, end)
                return found
    for phrase in BEFORE:
        at = f.find(phrase)
        while at >= 0:
            day, end = _day_month_year(f, at + len(phrase))
            if day is not None:
                return Deadline(text=_worded(text, at, end), day=day)
            at = f.find(phrase, at + 1)
    for word in ("quy ", "thang "):
        at = f.find(word)
        while at >= 0:
            if at == 0 or not f[at - 1].isalnum():
                found, end = _period(f, at, years=False)
                if found is not None:
                    found.text = _worded(text, at, end)
                    return found
            at = f.find(word, at + 1)
    for phrase in ("hoan thanh trong nam ", "trong nam "):
        at = f.find(phrase)
        if at >= 0:
            start = at + len(phrase) - 4
            found, end = _period(f, start, years=True)
            if found is not None:
                found.text = _worded(text, at if phrase.startswith("trong") else start, end)
                return found
    return Deadline()


def read_deadline_cell(text: str) -> Deadline:
    """A table's deadline column: the whole cell is the time allowed, as worded."""
    worded = " ".join(text.split())
    if not worded:
        return Deadline()
    found, _end = _period(fold(worded), 0, years=True)
    if found is None:
        found = find_deadline(worded)
    found.text = worded
    return found

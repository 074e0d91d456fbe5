"""A readable difference between two revisions of a report: field by field, paragraph by
paragraph, word by word.

diff-match-patch does the comparison, on words rather than characters (each distinct word or
run of white space is mapped to one character, as its line mode does with lines), with a
deadline, and then its semantic clean-up: a few words changed here and there are marked word by
word, while a stretch that was rewritten comes out as one deletion and one insertion instead of
struck and inserted words in turn (issue 12). A paragraph with little left in common is shown as
its old and new versions side by side, and so is a field too long to compare word by word.
"""

import datetime
import time
from dataclasses import dataclass, field
from itertools import groupby
from typing import Literal

from diff_match_patch import diff_match_patch
from django.utils.translation import gettext as _

from reports.submissions.models import ProgressStatus

# Below this share of characters in common, a changed paragraph reads as rewritten: marks on
# every other word would hide both versions, so they are shown side by side.
REWRITTEN_BELOW = 0.5
# Beyond this many characters in either version, a field is shown side by side only: the word
# comparison would stay within its deadline, but a page of thousands of marks reads no better.
SIDE_BY_SIDE_BEYOND = 20_000
# The time all fields of one comparison may spend in diff-match-patch together. Past it, what is
# left is shown side by side, so no pair of versions can hold a worker (issue 13: difflib took
# 27 s on a 2,000-word answer).
DIFF_SECONDS = 0.3

# diff-match-patch compares strings of characters; each word, run of white space or paragraph
# becomes one character of Unicode's supplementary private use areas, which no text holds
# and which its clean-up treats all alike.
_FIRST_CODE = 0xF0000
_LAST_CODE = 0x10FFFD

Op = Literal["equal", "insert", "delete"]
_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}


@dataclass(frozen=True)
class ParagraphDiff:
    """One paragraph of a field, in reading order.

    kind "same": unchanged (`new`); "edited": a small edit, `segments` of (op, text) with op
    "equal", "insert" or "delete"; "rewritten": `old` and `new` to show side by side; "removed"
    (`old`) and "added" (`new`): a paragraph only one version has.
    """

    kind: Literal["same", "edited", "rewritten", "removed", "added"]
    old: str = ""
    new: str = ""
    segments: list[tuple[Op, str]] = field(default_factory=list)


@dataclass
class FieldDiff:
    label: str
    paragraphs: list[ParagraphDiff]
    # True when the field was too long to compare word by word (shown side by side whole).
    too_long: bool = False


class _Deadline:
    def __init__(self, seconds: float):
        self.ends_at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.ends_at - time.monotonic()


def _field_labels() -> dict[str, str]:
    return {
        "overall_assessment": _("Overall assessment"),
        "difficulties": _("Difficulties and causes"),
        "recommendations": _("Recommendations"),
    }


def _entry_labels() -> dict[str, str]:
    return {
        "status": _("Status"),
        "results": _("Results achieved"),
        "difficulties": _("Difficulties"),
        "proposals": _("Proposals"),
        # Revisions saved before the indicators (reports/0011) hold these under each task.
        "conferences_held": _("Conferences held"),
        "participants": _("Participants"),
        "completed_on": _("Completed on"),
    }


def _as_text(field: str, value) -> str:
    if value is None:
        return ""
    if field == "status":
        return str(ProgressStatus(value).label) if value else ""
    if field == "completed_on" and value:
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def _words(text: str) -> list[str]:
    """Words and the runs of white space between them, in order; joined they are the text."""
    return ["".join(run) for _space, run in groupby(text, key=str.isspace)]


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


class _Alphabet:
    """Maps pieces of text (words, paragraphs) to single characters and back."""

    def __init__(self):
        self.codes: dict[str, str] = {}
        self.pieces: list[str] = []

    def encode(self, pieces: list[str]) -> str | None:
        chars = []
        for piece in pieces:
            code = self.codes.get(piece)
            if code is None:
                if _FIRST_CODE + len(self.pieces) > _LAST_CODE:
                    return None
                code = self.codes[piece] = chr(_FIRST_CODE + len(self.pieces))
                self.pieces.append(piece)
            chars.append(code)
        return "".join(chars)

    def decode(self, chars: str) -> list[str]:
        return [self.pieces[ord(char) - _FIRST_CODE] for char in chars]


def _diff(
    old: list[str], new: list[str], deadline: _Deadline, *, semantic: bool
) -> list[tuple[Op, list[str]]] | None:
    """The pieces deleted, inserted and kept between two lists, or None past the deadline."""
    alphabet = _Alphabet()
    old_chars, new_chars = alphabet.encode(old), alphabet.encode(new)
    remaining = deadline.remaining()
    # Diff_Timeout 0 would mean "no deadline": an exhausted budget compares nothing.
    if old_chars is None or new_chars is None or remaining <= 0:
        return None
    matcher = diff_match_patch()
    matcher.Diff_Timeout = remaining
    diffs = matcher.diff_main(old_chars, new_chars, False)
    if semantic:
        matcher.diff_cleanupSemantic(diffs)
    return [(_OPS[op], alphabet.decode(chars)) for op, chars in diffs if chars]


def word_diff(old: str, new: str, deadline: _Deadline | None = None) -> list[tuple[Op, str]]:
    """(op, text) segments turning `old` into `new`, whole words at a time."""
    deadline = deadline or _Deadline(DIFF_SECONDS)
    diffs = _diff(_words(old), _words(new), deadline, semantic=True)
    if diffs is None:
        return [("delete", old), ("insert", new)]
    return [(op, "".join(words)) for op, words in diffs]


def _in_common(segments: list[tuple[Op, str]], old: str, new: str) -> float:
    kept = sum(len("".join(text.split())) for op, text in segments if op == "equal")
    longest = max(len("".join(old.split())), len("".join(new.split())))
    return kept / longest if longest else 1.0


def _changed_paragraph(old: str, new: str, deadline: _Deadline) -> ParagraphDiff:
    segments = word_diff(old, new, deadline)
    if _in_common(segments, old, new) < REWRITTEN_BELOW:
        return ParagraphDiff("rewritten", old=old, new=new)
    return ParagraphDiff("edited", old=old, new=new, segments=segments)


def field_diff(old: str, new: str, deadline: _Deadline | None = None) -> list[ParagraphDiff]:
    """The paragraphs of a changed field: paired first, then compared word by word."""
    deadline = deadline or _Deadline(DIFF_SECONDS)
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    aligned = _diff(old_paragraphs, new_paragraphs, deadline, semantic=False)
    if aligned is None:
        return [ParagraphDiff("rewritten", old=old.strip(), new=new.strip())]
    result: list[ParagraphDiff] = []
    removed: list[str] = []
    for op, paragraphs in aligned + [("equal", [])]:
        if op == "delete":
            removed.extend(paragraphs)
        elif op == "insert":
            # Paragraphs removed and added at one place are paired in order: the first removed
            # with the first added, and so on; the rest stand alone.
            for before, after in zip(removed, paragraphs, strict=False):
                result.append(_changed_paragraph(before, after, deadline))
            result.extend(ParagraphDiff("removed", old=p) for p in removed[len(paragraphs) :])
            result.extend(ParagraphDiff("added", new=p) for p in paragraphs[len(removed) :])
            removed = []
        else:
            result.extend(ParagraphDiff("removed", old=p) for p in removed)
            removed = []
            result.extend(ParagraphDiff("same", new=p) for p in paragraphs)
    return result


def _compare(label: str, old: str, new: str, deadline: _Deadline) -> FieldDiff | None:
    if old == new:
        return None
    if max(len(old), len(new)) > SIDE_BY_SIDE_BEYOND:
        paragraph = ParagraphDiff("rewritten", old=old.strip(), new=new.strip())
        return FieldDiff(label=label, paragraphs=[paragraph], too_long=True)
    return FieldDiff(label=label, paragraphs=field_diff(old, new, deadline))


def content_diff(old: dict, new: dict) -> list[FieldDiff]:
    """The fields that differ between two revision contents, general parts first, then tasks."""
    deadline = _Deadline(DIFF_SECONDS)
    diffs: list[FieldDiff] = []
    for name, label in _field_labels().items():
        diff = _compare(label, old.get(name, ""), new.get(name, ""), deadline)
        if diff:
            diffs.append(diff)
    old_entries = {e["task"]: e for e in old.get("entries", [])}
    for entry in new.get("entries", []):
        before = old_entries.get(entry["task"], {})
        for name, field_label in _entry_labels().items():
            label = _("Task %(number)s – %(field)s") % {
                "number": entry["task"],
                "field": field_label,
            }
            diff = _compare(
                label, _as_text(name, before.get(name)), _as_text(name, entry.get(name)), deadline
            )
            if diff:
                diffs.append(diff)
    diffs.extend(_indicator_diffs(old, new, deadline))
    old_files = {(e["task"], e["name"]) for e in old.get("evidence", [])}
    new_files = {(e["task"], e["name"]) for e in new.get("evidence", [])}
    for task, name in sorted(new_files - old_files):
        added = ParagraphDiff("added", new=_file_label(task, name))
        diffs.append(FieldDiff(_("Evidence files"), [added]))
    for task, name in sorted(old_files - new_files):
        removed = ParagraphDiff("removed", old=_file_label(task, name))
        diffs.append(FieldDiff(_("Evidence files"), [removed]))
    return diffs


def _indicator_diffs(old: dict, new: dict, deadline: _Deadline) -> list[FieldDiff]:
    """A changed, added or removed figure, by indicator and task, in the newer order."""
    before = {(i["code"], i["task"]): i for i in old.get("indicators", [])}
    after = {(i["code"], i["task"]): i for i in new.get("indicators", [])}
    keys = list(after) + [key for key in before if key not in after]
    diffs = []
    for key in keys:
        item = after.get(key) or before[key]
        label = item["name"]
        if item["task"]:
            label = _("Task %(number)s – %(field)s") % {"number": item["task"], "field": label}
        old_value = str(before[key]["value"]) if key in before else ""
        new_value = str(after[key]["value"]) if key in after else ""
        diff = _compare(label, old_value, new_value, deadline)
        if diff:
            diffs.append(diff)
    return diffs


def _file_label(task: str, name: str) -> str:
    return f"{name} ({_('task')} {task})" if task else name

"""A readable difference between two revisions of a report: field by field, word by word."""

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.submissions.models import ProgressStatus

WORDS = re.compile(r"(\s+)")


@dataclass
class FieldDiff:
    label: str
    # (op, text) with op "equal", "insert" or "delete", in reading order.
    segments: list[tuple[str, str]]


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
        "conferences_held": _("Conferences held"),
        "participants": _("Participants"),
    }


def _as_text(field: str, value) -> str:
    if value is None:
        return ""
    if field == "status":
        return str(ProgressStatus(value).label) if value else ""
    return str(value)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    old_words, new_words = WORDS.split(old), WORDS.split(new)
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", "".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            segments.append(("insert", "".join(new_words[b1:b2])))
    return segments


def _compare(label: str, old: str, new: str) -> FieldDiff | None:
    return None if old == new else FieldDiff(label=label, segments=word_diff(old, new))


def content_diff(old: dict, new: dict) -> list[FieldDiff]:
    """The fields that differ between two revision contents, general parts first, then tasks."""
    diffs: list[FieldDiff] = []
    for field, label in _field_labels().items():
        diff = _compare(label, old.get(field, ""), new.get(field, ""))
        if diff:
            diffs.append(diff)
    old_entries = {e["task"]: e for e in old.get("entries", [])}
    for entry in new.get("entries", []):
        before = old_entries.get(entry["task"], {})
        for field, field_label in _entry_labels().items():
            label = _("Task %(number)s – %(field)s") % {
                "number": entry["task"],
                "field": field_label,
            }
            diff = _compare(
                label, _as_text(field, before.get(field)), _as_text(field, entry.get(field))
            )
            if diff:
                diffs.append(diff)
    old_files = {(e["task"], e["name"]) for e in old.get("evidence", [])}
    new_files = {(e["task"], e["name"]) for e in new.get("evidence", [])}
    for task, name in sorted(new_files - old_files):
        diffs.append(FieldDiff(_("Evidence files"), [("insert", _file_label(task, name))]))
    for task, name in sorted(old_files - new_files):
        diffs.append(FieldDiff(_("Evidence files"), [("delete", _file_label(task, name))]))
    return diffs


def _file_label(task: str, name: str) -> str:
    return f"{name} ({_('task')} {task})" if task else name

"""Grouping what the units say: the same or nearly the same statement is printed once, with the
units that made it.

Statements are sentences. They are compared after normalising case, spacing and punctuation;
near-duplicates by rapidfuzz's token-sort ratio. Two statements are never grouped when they
differ in a number (which covers dates: "3 hội nghị" and "5 hội nghị", "15/3" and "16/3") or in
the unit names they mention. The grouping is deterministic: statements are taken in a fixed
order (normalised text, then unit order), whatever the order of the rows they came from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

# Token-sort ratio from which two statements say the same thing (0-100). High on purpose: a
# merge that hides a difference is worse than two lines that say nearly the same.
SIMILAR_FROM = 90

_SENTENCE_ENDS = ".!?"


def sentences(text: str) -> list[str]:
    """The sentences of a text, each ending with its full stop (one pass, no regular expression):
    a full stop ends a sentence when a space or the end follows it, not inside "3.1"."""
    text = " ".join(text.split())
    found, start = [], 0
    for i, char in enumerate(text):
        if char in _SENTENCE_ENDS and (i + 1 == len(text) or text[i + 1] == " "):
            found.append(text[start : i + 1].strip())
            start = i + 1
    tail = text[start:].strip()
    if tail:
        found.append(tail)
    return [s for s in found if any(c.isalnum() for c in s)]


def normalised(text: str) -> str:
    """Case, spacing and punctuation folded away; letters and digits kept as typed."""
    kept = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        kept.append(char if char.isalnum() else " ")
    return " ".join("".join(kept).split())


def numbers_in(text: str) -> tuple[str, ...]:
    """Every run of digits, in order: statements with different figures or dates stay apart."""
    runs, current = [], []
    for char in text:
        if char.isdigit():
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return tuple(runs)


@dataclass
class Statement:
    text: str  # as the unit wrote it (one sentence)
    unit_key: tuple  # the unit's place in the document's unit order
    unit_name: str


@dataclass
class Group:
    text: str
    key: str  # normalised text of the first statement
    protected: tuple
    unit_names: list[str] = field(default_factory=list)
    unit_keys: list[tuple] = field(default_factory=list)


def group_statements(
    statements: Iterable[Statement], *, names_in: Callable[[str], tuple[str, ...]]
) -> list[Group]:
    """Groups of statements saying the same thing, in the order of their first unit. A unit is
    counted once in a group however often it repeats the sentence. `names_in(text)` gives the
    unit names a text mentions."""
    ordered = sorted(
        ((normalised(s.text), s) for s in statements if normalised(s.text)),
        key=lambda pair: (pair[0], pair[1].unit_key, pair[1].text),
    )
    groups: list[Group] = []
    by_protected: dict[tuple, list[Group]] = {}
    for key, statement in ordered:
        protected = (numbers_in(key), names_in(key))
        candidates = by_protected.setdefault(protected, [])
        home = next(
            (
                g
                for g in candidates
                if g.key == key or fuzz.token_sort_ratio(g.key, key) >= SIMILAR_FROM
            ),
            None,
        )
        if home is None:
            home = Group(text=statement.text, key=key, protected=protected)
            candidates.append(home)
            groups.append(home)
        if statement.unit_key not in home.unit_keys:
            home.unit_keys.append(statement.unit_key)
            home.unit_names.append(statement.unit_name)
    for group in groups:
        pairs = sorted(zip(group.unit_keys, group.unit_names, strict=True))
        group.unit_keys = [k for k, _n in pairs]
        group.unit_names = [n for _k, n in pairs]
    return sorted(groups, key=lambda g: (g.unit_keys[0], g.key))


def units_phrase(names: list[str], *, named: int = 2) -> str:
    """ "A", "A và B", "A, B và 7 đơn vị khác" (a long list is in the annex)."""
    if len(names) == 1:
        return names[0]
    if len(names) <= named + 1:
        return f"{', '.join(names[:-1])} và {names[-1]}"
    return f"{', '.join(names[:named])} và {len(names) - named} đơn vị khác"

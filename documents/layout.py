"""The page of a Party document, by date: the guidance in force on a document's date.

Layout rules: ../shared/party-document-format.md (Hướng dẫn 36-HD/VPTW; Quy định 399-QĐ/TW from
2026). The values marked (~) there come from secondary sources and live in `LayoutVersion`, so a
correction or a new rule is a new version, never an edit of what issued documents used.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from documents.fonts import em_width, longest_word, two_lines_width

if TYPE_CHECKING:
    from documents.document import Annex


@dataclass(frozen=True)
class LayoutVersion:
    """Every measurement of the page, named. A new rule is a new instance in LAYOUT_VERSIONS."""

    name: str
    valid_from: datetime.date
    rule: str
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    two_sided: bool = False  # swap left and right margins on back pages
    body_pt: float = 14
    line_height_pt: float = 18  # "exactly", within the 15-22 pt of the guidance (~)
    paragraph_after_pt: float = 6
    first_line_indent_mm: float = 12.7
    party_name_pt: float = 15  # "ĐẢNG CỘNG SẢN VIỆT NAM"
    bodies_pt: float = 14  # parent and issuing body, number, place and date
    doc_type_pt: float = 16  # "BÁO CÁO"
    subject_pt: float = 14
    subject_rule_mm: float = 30  # the short rule under the subject (~)
    signature_space_mm: float = 28  # room for the signature and the seal
    distribution_label_pt: float = 14
    distribution_pt: float = 12
    page_number_pt: float = 14
    annex_pt: float = 11
    annex_landscape_min_columns: int = 7  # a wider annex goes on landscape pages


LAYOUT_VERSIONS = [
    LayoutVersion(
        name="36-HD/VPTW",
        valid_from=datetime.date(2018, 1, 1),
        rule="Hướng dẫn 36-HD/VPTW (03/4/2018) theo Quy định 66-QĐ/TW",
    ),
    # Quy định 399-QĐ/TW (09/01/2026) and its guidance: the same measurements as far as known.
    LayoutVersion(
        name="399-QĐ/TW",
        valid_from=datetime.date(2026, 1, 9),
        rule="Quy định 399-QĐ/TW (09/01/2026)",
    ),
]


def layout_for(day: datetime.date) -> LayoutVersion:
    """The layout in force on a document's date (the earliest one for older documents)."""
    chosen = LAYOUT_VERSIONS[0]
    for version in sorted(LAYOUT_VERSIONS, key=lambda v: v.valid_from):
        if version.valid_from <= day:
            chosen = version
    return chosen


def annex_is_landscape(annex: "Annex | None", layout: LayoutVersion) -> bool:
    """A wide annex goes on landscape pages."""
    return annex is not None and len(annex.columns) >= layout.annex_landscape_min_columns


# ---- the annex table ------------------------------------------------------------------------


def _share(base: list[float], goal: list[float], available: float) -> list[float]:
    # From `base` towards `goal`, the room left shared in proportion to what each column lacks.
    spare = available - sum(base)
    lacking = [g - b for b, g in zip(base, goal, strict=True)]
    if spare <= 0 or sum(lacking) <= 0:
        return list(base)
    ratio = min(1.0, spare / sum(lacking))
    return [b + ratio * lack for b, lack in zip(base, lacking, strict=True)]


def annex_column_widths(annex: "Annex", layout: LayoutVersion, landscape: bool) -> list[float]:
    """Percent widths for a fixed table layout, which WeasyPrint lays out far faster than an
    automatic one on a long table. Like the automatic algorithm, but on estimated text widths:
    every column gets its longest word (it cannot be broken), then room to hold each cell on two
    lines, then on one line, as far as the page allows. Text widths come from the font's own
    advance widths."""
    em = layout.annex_pt
    padding = 8.0  # cell padding and borders, in pt
    page_mm = (297 if landscape else 210) - layout.margin_left_mm - layout.margin_right_mm
    available = page_mm * 72 / 25.4
    minimum, two_lines, preferred = [], [], []
    for index, column in enumerate(annex.columns):
        cells = set(row[index] for row in annex.rows if index < len(row))
        # The header is bold.
        minimum.append(
            max(1.0, longest_word(column, True), *(longest_word(c) for c in cells)) * em + padding
        )
        two_lines.append(
            max(two_lines_width(column, True), *(two_lines_width(c) for c in cells)) * em + padding
        )
        preferred.append(max(em_width(column, True), *(em_width(c) for c in cells)) * em + padding)
    two_lines = [max(m, t) for m, t in zip(minimum, two_lines, strict=True)]
    preferred = [max(t, p) for t, p in zip(two_lines, preferred, strict=True)]
    # First every cell on at most two lines, then, with the room left, on one line.
    widths = _share(minimum, two_lines, available)
    if sum(two_lines) < available:
        widths = _share(two_lines, preferred, available)
        if sum(preferred) < available:
            extra = (available - sum(preferred)) / len(preferred)
            widths = [p + extra for p in preferred]
    total = sum(widths)
    return [round(100 * width / total, 2) for width in widths]

"""A Party document ("văn bản của Đảng") as finished text, ready for a writer.

The caller (the consolidated report, or any other document) builds a `PartyDocument`; the
writers (`documents.pdf`, `documents.word`) lay it out per `documents.layout`. Nothing here
touches the database. The helpers below prepare the text the same way for both writers, so the
PDF and the Word copy always print the same words.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from documents.markup import clean_text


@dataclass
class Section:
    """One heading and its body. The heading carries its own marker ("I- ...", "3.1. ...",
    "a) ..."); level 1 is printed in capitals. The body is light markup (documents.markup)."""

    heading: str
    level: int = 1
    body: str = ""


@dataclass
class Annex:
    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class PartyDocument:
    parent_body: str  # "TỈNH ỦY QUẢNG NGÃI"
    issuing_body: str  # "BAN TUYÊN GIÁO"
    number_line: str  # "Số 25-BC/BTGTU"
    place_date_line: str  # "Quảng Ngãi, ngày 04 tháng 01 năm 2021" (documents.dates)
    doc_type: str  # "BÁO CÁO"
    subject: str  # "kết quả thực hiện Công văn số 186-CV/TU ..."
    opening: str  # light markup
    sections: list[Section]
    annex: Annex | None
    distribution: list[str]  # "Thường trực Tỉnh ủy (b/c)" ...; dashes and commas are added
    signing_authority: str  # "K/T TRƯỞNG BAN"
    signer_position: str  # "PHÓ TRƯỞNG BAN"
    signer_name: str
    draft: bool = False
    issued_on: datetime.date = field(default_factory=timezone.localdate)

    @property
    def issuing_body_lines(self) -> list[str]:
        return body_lines(self.issuing_body)


# ---- text shared by the writers -------------------------------------------------------------


def distribution_lines(items: list[str]) -> list[str]:
    # "- Thường trực Tỉnh ủy (b/c)," one per line; the last one ends with a full stop.
    names = [clean_text(item).strip().lstrip("-–• ").rstrip(",.; ").strip() for item in items]
    names = [name for name in names if name]
    return [f"- {name}{'.' if i == len(names) - 1 else ','}" for i, name in enumerate(names)]


# An issuing body up to this many characters fits one line of the masthead's left column at
# 13-14 pt bold; a longer one ("BAN TUYÊN GIÁO VÀ DÂN VẬN") would wrap wherever the column ends
# and leave a word alone on the second line.
BODY_LINE_CHARS = 20


def body_lines(name: str) -> list[str]:
    """The masthead's name of a body in capitals, on one line, or on two balanced at the word
    gap nearest the middle, as the offices set them: "BAN TUYÊN GIÁO / VÀ DÂN VẬN"."""
    words = " ".join(name.split()).upper().split(" ")
    text = " ".join(words)
    if len(text) <= BODY_LINE_CHARS or len(words) < 2:
        return [text]
    best = min(
        range(1, len(words)),
        key=lambda i: (abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))), i),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def annex_title_lines(annex: Annex) -> list[tuple[str, bool]]:
    # (line, is_note): "PHỤ LỤC" and the title in bold, a "(...)" line (period, legend) as a note.
    lines = [" ".join(line.split()) for line in annex.title.split("\n")]
    return [(line, line.startswith("(")) for line in lines if line]


def heading_text(section: Section) -> str:
    heading = " ".join(clean_text(section.heading).split())
    return heading.upper() if section.level == 1 else heading


def cleaned(value):
    # Control characters pasted from elsewhere would break the XML of the Word copy.
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [cleaned(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: cleaned(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    return value


def text_columns(annex: Annex) -> set[int]:
    # Names and notes read left-aligned; short codes, dates and statuses centred.
    return {
        index
        for index in range(len(annex.columns))
        if any(len(row[index]) > 16 for row in annex.rows if index < len(row))
    }

"""Reads the text of an issued document (as typed from the paper copy) into its parts.

The copies we receive are plain text: blank lines between paragraphs, a paragraph sometimes cut
in two where the page broke, and stray "**" left by the conversion from Word. The parser only
repairs those; every word of the document is kept as it is.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.\s+(.+)$", re.DOTALL)
BULLET = re.compile(r"^-\s+(.+)$", re.DOTALL)
NUMBER_LINE = re.compile(r"^Số\s+(\d+)-(\S+)$")
DATE_LINE = re.compile(r"^(.+?),\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$")
# A paragraph that ends without one of these was cut by a page break and goes on in the next.
PARAGRAPH_END = tuple('.:;!?…"”)')


@dataclass
class ParsedTask:
    number: str
    bullet: bool
    text: str
    parent_number: str | None


@dataclass
class ParsedDocument:
    issuer_heading: str
    number: str
    symbol: str
    place: str
    issued_on: date
    subject: str
    addressees: list[str]
    preamble: str
    tasks: list[ParsedTask]
    distribution: list[str]
    signing_authority: str
    signer_position: str
    signer_name: str
    paragraphs: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """NFC and single spaces: the form in which texts are compared and stored."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _blocks(raw: str) -> list[str]:
    raw = unicodedata.normalize("NFC", raw).replace("**", "")
    return [b.strip() for b in re.split(r"\n\s*\n", raw) if b.strip()]


def _list_items(lines: list[str]) -> list[str]:
    """ "- item" lines; a line not starting with "- " continues the item above it."""
    items: list[str] = []
    for line in lines:
        line = line.strip()
        if line.startswith("- "):
            items.append(line[2:])
        elif items:
            items[-1] += " " + line
    return [normalise(i) for i in items]


def join_page_breaks(blocks: list[str]) -> list[str]:
    paragraphs: list[str] = []
    for block in blocks:
        if paragraphs and not paragraphs[-1].endswith(PARAGRAPH_END):
            paragraphs[-1] = paragraphs[-1] + " " + normalise(block)
        else:
            paragraphs.append(normalise(block))
    return paragraphs


def parse_tasks(paragraphs: list[str]) -> list[ParsedTask]:
    tasks: list[ParsedTask] = []
    last_top: ParsedTask | None = None
    bullets = 0
    for paragraph in paragraphs:
        if m := NUMBERED.match(paragraph):
            number = m.group(1)
            parent = number.rsplit(".", 1)[0] if "." in number else None
            task = ParsedTask(number, False, m.group(2), parent)
            if parent is None:
                last_top, bullets = task, 0
        elif (m := BULLET.match(paragraph)) and last_top is not None:
            bullets += 1
            # Bullet points have no number in the document; "5.a", "5.b" name them here.
            number = f"{last_top.number}.{chr(ord('a') + bullets - 1)}"
            task = ParsedTask(number, True, m.group(1), last_top.number)
        else:
            raise ValueError(f"Không nhận ra đoạn văn: {paragraph[:80]}")
        tasks.append(task)
    return tasks


def parse_document(path: Path) -> ParsedDocument:
    blocks = _blocks(path.read_text(encoding="utf-8"))

    def index_of(predicate) -> int:
        return next(i for i, b in enumerate(blocks) if predicate(b))

    number_match = next(NUMBER_LINE.match(b) for b in blocks if NUMBER_LINE.match(b))
    date_match = next(DATE_LINE.match(b) for b in blocks if DATE_LINE.match(b))
    subject_block = next(b for b in blocks if b.startswith("*") and b.endswith("*"))
    addressee_at = index_of(lambda b: b.startswith("Kính gửi:"))
    preamble_at = addressee_at + 1
    distribution_at = index_of(lambda b: b == "Nơi nhận" or b.startswith("Nơi nhận:"))

    addressee_lines = blocks[addressee_at].removeprefix("Kính gửi:").strip().splitlines()
    body = join_page_breaks(blocks[preamble_at + 1 : distribution_at])
    distribution_lines = blocks[distribution_at + 1].splitlines()
    signature_lines = blocks[distribution_at + 2].splitlines()
    signer_name = blocks[distribution_at + 3]

    return ParsedDocument(
        issuer_heading=normalise(blocks[0]),
        number=number_match.group(1),
        symbol=number_match.group(2),
        place=date_match.group(1),
        issued_on=date(
            int(date_match.group(4)), int(date_match.group(3)), int(date_match.group(2))
        ),
        subject=normalise(subject_block.strip("*")),
        addressees=_list_items(addressee_lines),
        preamble=normalise(blocks[preamble_at]),
        tasks=parse_tasks(body),
        distribution=_list_items(distribution_lines),
        signing_authority=normalise(signature_lines[0]),
        signer_position=normalise(signature_lines[1]),
        signer_name=normalise(signer_name),
        paragraphs=body,
    )

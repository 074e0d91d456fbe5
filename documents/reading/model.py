"""What the reader recognises in a directive, before any unit is matched."""

from dataclasses import dataclass, field
from datetime import date


class ReadError(ValueError):
    """The file or text cannot be read as a directive; the message is for the user."""


@dataclass
class Deadline:
    text: str = ""  # as the document words it: "trước ngày 30/6/2026", "quý III/2026"
    day: date | None = None  # the last day it allows, when it names one
    recurring: bool = False  # "thường xuyên", "hằng năm"


@dataclass
class ReadTask:
    number: str  # unique in the document: "3.1", "II.2", "5.a"
    label: str  # the marker as printed: "3.1.", "II-", "a)", "-", "+"
    kind: str  # part, numbered, letter, bullet, plus, row
    text: str  # word for word, without the marker
    lead_text: str = ""  # the units named as leading, as written
    coordination_text: str = ""  # the units named as coordinating, as written
    deadline: Deadline = field(default_factory=Deadline)
    deliverable: str = ""
    children: list["ReadTask"] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ReadDocument:
    parent_heading: str = ""  # "TỈNH ỦY QUẢNG NGÃI" above "BAN TUYÊN GIÁO"
    issuer_heading: str = ""  # the issuing body as printed
    number: str = ""
    symbol: str = ""
    document_type: str = ""  # symbol code of the type: CV, KH, CT, NQ, KL, TB ...
    place: str = ""
    issued_on: date | None = None
    subject: str = ""
    addressees: list[str] = field(default_factory=list)
    preamble: str = ""
    tasks: list[ReadTask] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signing_authority: str = ""
    signer_position: str = ""
    signer_name: str = ""
    source: str = ""  # the text as read, shown beside the result on the review screen

    def all_tasks(self) -> list[ReadTask]:
        return [t for top in self.tasks for t in top.walk()]

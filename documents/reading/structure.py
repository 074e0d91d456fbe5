"""The line-by-line reader shared by text and Word input.

Input is a list of entries: a line of text, "" for a blank line, or a tuple of cells for a row
of a table. Every step looks at one entry, or one paragraph, at a time and uses only string
methods and scans bounded by the line, so reading is linear in the input's length: there is no
regular expression to backtrack on what a user pasted.
"""

import unicodedata
from datetime import date

from django.utils.translation import gettext as _

from .deadlines import find_deadline, read_deadline_cell
from .fold import fold
from .model import ReadDocument, ReadError, ReadTask
from .units import coordination_phrase, lead_phrase

Entry = str | tuple[str, ...]

# Document type as printed above the subject -> its symbol code (Hướng dẫn 36-HD/VPTW).
TYPE_NAMES = {
    "nghi quyet": "NQ",
    "quyet dinh": "QĐ",
    "quy dinh": "QĐ",
    "chi thi": "CT",
    "ket luan": "KL",
    "quy che": "QC",
    "thong tri": "TT",
    "huong dan": "HD",
    "thong bao": "TB",
    "bao cao": "BC",
    "ke hoach": "KH",
    "chuong trinh": "CTr",
    "de an": "ĐA",
    "phuong an": "PA",
    "to trinh": "TTr",
    "cong van": "CV",
}
# The first part of a symbol ("KH" of "KH/TU") -> the type, when no type line is printed.
TYPE_SYMBOLS = {code.casefold(): code for code in TYPE_NAMES.values()}
# A paragraph that ends without one of these was cut by a page break and goes on in the next.
PARAGRAPH_END = tuple('.:;!?…"”)')
AUTHORITY_PREFIXES = ("t/m ", "k/t ", "t/l ", "tm. ", "kt. ", "tl. ", "tm ", "kt ", "tl ")
ROMAN = "IVXLC"
RANKS = {"part": 0, "letter": 50, "bullet": 60, "plus": 70}
# Heading words of the columns of an action plan ("bảng phân công nhiệm vụ").
COLUMNS = (
    ("lead", ("chu tri", "don vi thuc hien", "co quan thuc hien", "thuc hien")),
    ("coordination", ("phoi hop",)),
    ("deadline", ("thoi gian", "thoi han", "hoan thanh", "tien do")),
    ("deliverable", ("san pham", "ket qua")),
    ("number", ("stt", "tt", "so tt")),
    ("text", ("nhiem vu", "noi dung", "cong viec", "giai phap")),
)


def clean(text: str) -> str:
    """NFC, "**" left by a conversion dropped, runs of white space made one space; a NUL
    (never part of a document, refused by PostgreSQL) dropped."""
    text = unicodedata.normalize("NFC", text).replace("**", "").replace("\x00", "")
    return " ".join(text.split())


def split_marker(paragraph: str) -> tuple[str, str, str, str] | None:
    """ "3.1. Xây dựng ..." -> ("numbered", "3.1.", "3.1", "Xây dựng ..."), likewise "II- ",
    "a) ", "- ", "+ "; None for a paragraph without a marker."""
    n = len(paragraph)
    first = paragraph[:1]
    if first in ("-", "–", "•") and paragraph[1:2] == " ":
        return "bullet", "-", "", paragraph[2:].strip()
    if first == "+" and paragraph[1:2] == " ":
        return "plus", "+", "", paragraph[2:].strip()
    i = 0
    while i < n and paragraph[i] in ROMAN:
        i += 1
    if i and i < n - 1 and paragraph[i] in "-.–)" and paragraph[i + 1] == " ":
        return "part", paragraph[: i + 1], paragraph[:i], paragraph[i + 2 :].strip()
    i = 0
    while i < n and paragraph[i].isdigit():
        i += 1
    if i and i <= 3:
        while i + 1 < n and paragraph[i] == "." and paragraph[i + 1].isdigit():
            j = i + 1
            while j < n and paragraph[j].isdigit():
                j += 1
            i = j
        key = paragraph[:i]
        end = i + 1 if i < n and paragraph[i] in ".)" else i
        if end < n and paragraph[end] == " ":
            return "numbered", paragraph[:end], key, paragraph[end + 1 :].strip()
        return None
    letter = n > 2 and first.isalpha() and first.islower() and paragraph[2] == " "
    # "a) ..." always; "a. ..." only before a capital, so that an abbreviation is not an item.
    if letter and (paragraph[1] == ")" or (paragraph[1] == "." and paragraph[3:4].isupper())):
        return "letter", paragraph[:2], fold(first), paragraph[3:].strip()
    return None


def _rank(kind: str, key: str) -> int:
    return 1 + key.count(".") if kind == "numbered" else RANKS.get(kind, 80)


class _Tree:
    """Tasks in document order, nested by their markers."""

    def __init__(self):
        self.tops: list[ReadTask] = []
        self.stack: list[tuple[int, ReadTask]] = []
        self.numbers: set[str] = set()
        self.repeats: dict[str, int] = {}
        self.bullet_counts: dict[str, int] = {}

    def _unique(self, number: str) -> str:
        """A number printed twice gets "-2", "-3" ...; counted per number, so that a thousand
        repeats cost a thousand steps, not a million."""
        candidate = number
        while candidate in self.numbers:
            self.repeats[number] = self.repeats.get(number, 1) + 1
            candidate = f"{number}-{self.repeats[number]}"
        self.numbers.add(candidate)
        return candidate

    def _part_of(self) -> str:
        return next((t.number for _r, t in self.stack if t.kind == "part"), "")

    def add(self, kind: str, label: str, key: str, text: str) -> ReadTask:
        rank = _rank(kind, key)
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else None
        if kind == "part":
            number = key
        elif kind == "numbered":
            part = self._part_of()
            number = f"{part}.{key}" if part else key
        elif kind == "letter" and parent is not None:
            number = f"{parent.number}.{key}"
        else:
            # Bullets have no number in the document; "5.a", "5.b" name them here.
            base = parent.number if parent is not None else ""
            count = self.bullet_counts.get(base, 0) + 1
            self.bullet_counts[base] = count
            letter = _letters(count)
            number = f"{base}.{letter}" if base else letter
        task = ReadTask(number=self._unique(number), label=label, kind=kind, text=text)
        (parent.children if parent is not None else self.tops).append(task)
        self.stack.append((rank, task))
        return task

    def add_row(self, task: ReadTask, parent: ReadTask | None) -> None:
        task.number = self._unique(task.number)
        (parent.children if parent is not None else self.tops).append(task)

    @property
    def last(self) -> ReadTask | None:
        return self.stack[-1][1] if self.stack else None

    def enclosing_part(self) -> ReadTask | None:
        return next((t for _r, t in reversed(self.stack) if t.kind == "part"), None)


def _letters(count: int) -> str:
    letters = ""
    while count:
        count, rest = divmod(count - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _is_separator(line: str) -> bool:
    return bool(line) and all(c in "-–—*_=. " for c in line) and len(line) <= 40


def _is_upper(line: str) -> bool:
    return any(c.isalpha() for c in line) and line == line.upper()


def _number_line(line: str) -> tuple[str, str] | None:
    """ "Số 186-CV/TU" or "Số: 05-KH/TU" -> ("186", "CV/TU")."""
    f = fold(line)
    if not f.startswith("so"):
        return None
    # "Số" must be followed by a space or a colon; "Sở Nội vụ" folds alike but has no number.
    if line[2:3] not in (" ", ":"):
        return None
    rest = line[2:].lstrip(" :")
    token = rest.split(" ", 1)[0] if rest else ""
    number, dash, symbol = token.partition("-")
    if not dash or not number.isdigit() or not symbol or "/" not in symbol:
        return None
    return number, symbol.rstrip(".,")


def _date_line(line: str) -> tuple[str, date] | None:
    """ "Quảng Ngãi, ngày 04 tháng 01 năm 2021" -> ("Quảng Ngãi", date(2021, 1, 4))."""
    f = fold(line)
    at = f.find(", ngay ")
    if at <= 0:
        return None
    words = f[at + 7 :].split()
    if len(words) != 5 or words[1] != "thang" or words[3] != "nam":
        return None
    if not (words[0].isdigit() and words[2].isdigit() and words[4].isdigit()):
        return None
    try:
        day = date(int(words[4]), int(words[2]), int(words[0]))
    except ValueError:
        return None
    return line[:at].strip(), day


def _list_item(line: str) -> str | None:
    if line[:1] in ("-", "–", "•", "+") and line[1:2] == " ":
        return line[2:].strip()
    return None


class _Paragraphs:
    """Paragraphs as lists of their lines, joined once at the end (joining as they grow would
    copy a long paragraph once per line)."""

    def __init__(self, join: bool = True):
        self.join = join
        self.parts: list[list[str]] = []
        self.lengths: list[int] = []
        self.upper: list[bool] = []

    def add(self, line: str) -> None:
        """A line goes on the paragraph above when that one was cut: it ends without a full
        stop (a page break or a hard wrap) and the line starts no new item; a short heading
        ("1. Mục đích") is not a cut paragraph unless the line goes on in lower case."""
        if self.join and self.parts and split_marker(line) is None:
            above = self.parts[-1][-1]
            cut = not above.endswith(PARAGRAPH_END) and not self.upper[-1]
            if cut and (self.lengths[-1] > 120 or line[:1].islower()):
                self.parts[-1].append(line)
                self.lengths[-1] += len(line) + 1
                return
        self.parts.append([line])
        self.lengths.append(len(line))
        self.upper.append(_is_upper(line))

    def texts(self) -> list[str]:
        return [" ".join(p) for p in self.parts]


class _Reader:
    def __init__(self, entries: list[Entry], join: bool):
        self.entries = entries
        self.join = join
        self.doc = ReadDocument()
        self.tree = _Tree()
        self.preamble: list[str] = []
        self.more_text: dict[int, tuple[ReadTask, list[str]]] = {}

    # -- header --------------------------------------------------------------------------

    def read_header(self) -> int:
        doc = self.doc
        headings: list[str] = []
        subject: list[str] = []
        addressees: list[list[str]] = []
        mode = ""  # "subject", "italic", "addressees"
        i = 0
        while i < len(self.entries):
            entry = self.entries[i]
            if isinstance(entry, tuple):
                break
            line = clean(entry)
            f = fold(line)
            if not line:
                if mode == "addressees" and addressees:
                    mode = "closed"
                i += 1
                continue
            if mode == "closed":
                break
            if mode == "addressees" and addressees and not _list_item(line) and line[0].isupper():
                break  # an item goes on in lower case; a sentence starts the body
            if mode == "addressees":
                item = _list_item(line)
                if item is not None or not addressees:
                    addressees.append([item if item is not None else line])
                else:
                    addressees[-1].append(line)
                i += 1
                continue
            if mode == "italic":
                subject.append(line.rstrip("*").strip())
                if line.endswith("*"):
                    mode = ""
                i += 1
                continue
            if f == "dang cong san viet nam":
                pass
            elif _is_separator(line):
                if mode == "subject":
                    mode = ""
            elif (number := _number_line(line)) is not None:
                doc.number, doc.symbol = number
                # A công văn prints its subject under the number, in the same cell.
                mode = "after-number"
                i += 1
                continue
            elif (dated := _date_line(line)) is not None:
                doc.place, doc.issued_on = dated
                mode = ""
            elif f.startswith("kinh gui"):
                rest = line[8:].lstrip(" :")
                mode = "addressees"
                if rest:
                    item = _list_item(rest)
                    addressees.append([item if item is not None else rest])
            elif line.startswith("*") and not subject:
                subject.append(line.strip("*").strip())
                mode = "" if line.endswith("*") and len(line) > 1 else "italic"
            elif _is_upper(line) and f in TYPE_NAMES and not doc.document_type and not subject:
                doc.document_type = TYPE_NAMES[f]
                mode = "subject"
            elif mode == "subject" and subject and line[0].isupper() and not _is_upper(line):
                break  # the subject is lower case or capitals: a sentence starts the body
            elif mode == "subject" or (
                not subject and (f.startswith("v/v") or mode == "after-number")
            ):
                subject.append(line)
                mode = "subject"
            elif _is_upper(line) and not doc.number and not doc.document_type:
                headings.append(line)
            elif doc.number or doc.issued_on:
                break
            else:
                raise ReadError(_no_header())
            i += 1
        if not doc.number or doc.issued_on is None:
            raise ReadError(_no_header())
        doc.subject = " ".join(s for s in subject if s)
        doc.addressees = [" ".join(a) for a in addressees]
        if len(headings) >= 2:
            doc.parent_heading, doc.issuer_heading = headings[0], " ".join(headings[1:])
        elif headings:
            doc.issuer_heading = headings[0]
        if not doc.document_type:
            doc.document_type = TYPE_SYMBOLS.get(doc.symbol.split("/")[0].casefold(), "")
        return i

    # -- body ----------------------------------------------------------------------------

    def read_body(self, start: int) -> int:
        paragraphs = _Paragraphs(self.join)
        i = start
        while i < len(self.entries):
            entry = self.entries[i]
            if isinstance(entry, tuple):
                self._flush(paragraphs.texts())
                paragraphs = _Paragraphs(self.join)
                i = self._read_table(i)
                continue
            line = clean(entry)
            f = fold(line)
            if f.startswith("noi nhan") or f.startswith(AUTHORITY_PREFIXES):
                break
            if line:
                paragraphs.add(line)
            i += 1
        self._flush(paragraphs.texts())
        for task, more in self.more_text.values():
            task.text = "\n".join([task.text, *more])
        self.doc.preamble = "\n".join(self.preamble)
        self.doc.tasks = self.tree.tops
        return i

    def _flush(self, paragraphs: list[str]) -> None:
        for paragraph in paragraphs:
            marked = split_marker(paragraph)
            if marked is None:
                last = self.tree.last
                if last is None:
                    self.preamble.append(paragraph)
                else:
                    # A paragraph without a marker belongs to the task above it.
                    self.more_text.setdefault(id(last), (last, []))[1].append(paragraph)
                continue
            kind, label, key, text = marked
            self.tree.add(kind, label, key, text)

    def _read_table(self, i: int) -> int:
        rows: list[tuple[str, ...]] = []
        while i < len(self.entries) and isinstance(self.entries[i], tuple):
            rows.append(tuple(clean(c) for c in self.entries[i]))
            i += 1
        columns = _columns(rows[0]) if rows else None
        if columns is None:
            # Not an action plan: its cells are read as paragraphs of the body.
            self._flush([" ".join(c for c in row if c) for row in rows if any(row)])
            return i
        self._read_action_plan(rows[1:], columns)
        return i

    def _read_action_plan(self, rows, columns: dict[str, int]) -> None:
        def cell(row, role):
            at = columns.get(role)
            return row[at] if at is not None and at < len(row) else ""

        outer = self.tree.enclosing_part()
        heading: ReadTask | None = None
        by_number: dict[str, ReadTask] = {}
        count = 0
        for row in rows:
            text = cell(row, "text")
            number = cell(row, "number").rstrip(".")
            if not text and not number:
                continue
            if all(c in ("", text, number) for c in row) and (
                (number and number[0] in ROMAN) or (_is_upper(text) and not number)
            ):
                # A row across the table: a group of tasks ("I. CÔNG TÁC TUYÊN TRUYỀN").
                key = number or _letters(len(by_number) + 1).upper()
                heading = ReadTask(number=key, label=number, kind="part", text=text)
                self.tree.add_row(heading, outer)
                count = 0
                continue
            count += 1
            key = number or str(count)
            parent = heading or outer
            if "." in key and key.rsplit(".", 1)[0] in by_number:
                parent = by_number[key.rsplit(".", 1)[0]]
            elif parent is not None:
                key = f"{parent.number}.{key}"
            task = ReadTask(
                number=key,
                label=number,
                kind="row",
                text=text,
                lead_text=cell(row, "lead"),
                coordination_text=cell(row, "coordination"),
                deadline=read_deadline_cell(cell(row, "deadline")),
                deliverable=cell(row, "deliverable"),
            )
            self.tree.add_row(task, parent)
            by_number[number or key] = task

    # -- closing -------------------------------------------------------------------------

    def read_closing(self, i: int) -> None:
        doc = self.doc
        mode = ""
        recipients: list[list[str]] = []
        for entry in self.entries[i:]:
            lines = list(entry) if isinstance(entry, tuple) else [entry]
            for raw in lines:
                line = clean(raw)
                f = fold(line)
                if not line:
                    if mode == "list" and recipients:
                        mode = ""
                    continue
                if f.startswith("noi nhan"):
                    mode = "list"
                    rest = line[8:].lstrip(" :")
                    if rest:
                        recipients.append([_list_item(rest) or rest])
                elif mode == "list" and (item := _list_item(line)) is not None:
                    recipients.append([item])
                elif mode == "list" and recipients and not _is_upper(line):
                    recipients[-1].append(line)
                elif f.startswith(AUTHORITY_PREFIXES) and not doc.signing_authority:
                    doc.signing_authority = line
                    mode = "signature"
                elif mode == "signature" and _is_upper(line) and not doc.signer_position:
                    doc.signer_position = line
                elif line.startswith("(") and line.endswith(")"):
                    continue  # "(Đã ký)", "(ký, đóng dấu)"
                elif mode in ("signature", "") and not _is_upper(line) and doc.signing_authority:
                    doc.signer_name = line
                elif mode == "signature" and _is_upper(line) and len(doc.signer_position) < 200:
                    doc.signer_position = f"{doc.signer_position} {line}"
        doc.recipients = [" ".join(r) for r in recipients]


def _no_header() -> str:
    return _(
        "The beginning of the document was not recognised: it needs a number and symbol (for "
        "example “Số 186-CV/TU”) and the place and date of issue (for example “Quảng Ngãi, "
        "ngày 04 tháng 01 năm 2021”)."
    )


def _columns(row: tuple[str, ...]) -> dict[str, int] | None:
    """The role of each column of a table's first row, or None when it is not an action plan
    (it needs a task column and a lead column)."""
    roles: dict[str, int] = {}
    for at, heading in enumerate(row):
        f = fold(heading)
        for role, words in COLUMNS:
            if role in roles:
                continue
            if (role == "number" and f.strip(". ") in words) or (
                role != "number" and any(w in f for w in words)
            ):
                roles[role] = at
                break
    if "text" in roles and "lead" in roles and len(row) >= 3:
        return roles
    return None


def read_entries(entries: list[Entry], source: str = "", *, join: bool = True) -> ReadDocument:
    """`join`: lines cut by a page break or a wrap are joined into their paragraph (text);
    a Word file's paragraphs are whole already."""
    if not any(e.strip() if isinstance(e, str) else any(c.strip() for c in e) for e in entries):
        raise ReadError(_("The document is empty: there is no text to read."))
    reader = _Reader(entries, join)
    body_at = reader.read_header()
    closing_at = reader.read_body(body_at)
    reader.read_closing(closing_at)
    doc = reader.doc
    doc.source = source
    for task in doc.all_tasks():
        _recognise(task)
    return doc


def _recognise(task: ReadTask) -> None:
    """Units and time named in a paragraph task (an action plan's columns name them already)."""
    if task.kind in ("row", "part"):
        return
    task.lead_text = lead_phrase(task.text)
    task.coordination_text = coordination_phrase(task.text)
    task.deadline = find_deadline(task.text)
    task.deliverable = _deliverable(task.text)


def _deliverable(text: str) -> str:
    f = fold(text)
    at = f.find("san pham:")
    if at < 0:
        return ""
    rest = text[at + 9 :].strip()
    for stop in (";", "\n"):
        cut = rest.find(stop)
        if cut >= 0:
            rest = rest[:cut]
    return rest.strip().rstrip(".")


def _text_entries(text: str) -> list[Entry]:
    entries: list[Entry] = []
    for raw in text.splitlines():
        line = raw.strip()
        if "\t" in line:
            entries.append(tuple(c.strip() for c in line.split("\t")))
        elif line.startswith("|") and line.count("|") >= 3:
            cells = tuple(c.strip() for c in line.strip("|").split("|"))
            if not all(_is_separator(c) or not c for c in cells):
                entries.append(cells)
        else:
            entries.append(line)
    return entries


def read_text(text: str) -> ReadDocument:
    """A directive given as plain text (pasted, or a .txt file)."""
    text = unicodedata.normalize("NFC", text).replace("\x00", "")
    return read_entries(_text_entries(text), source=text)

"""A directive's .docx read into the entries of the line-by-line reader.

docx2python walks the body (paragraphs and tables in order) and counts Word's automatic
numbering, paragraph by paragraph, as Word does; python-docx gives the numbering definitions,
whose level texts ("%1.", "%1.%2.", "%1)") turn the counts into the numbers Word shows. Tables
that lay out the page (the header, the signature beside "Nơi nhận") are read cell by cell as
lines; an action plan's table is kept as rows.
"""

import io
import zipfile

import docx
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from docx2python import docx2python
from lxml import etree

from .model import ReadDocument, ReadError
from .structure import Entry, _columns, clean, read_entries

W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"))
ROMAN += ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _formatted(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    return str(n)


class _Numbering:
    """Level texts, formats and start values of the document's lists, by (numId, level)."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {}
        for node in etree.ElementBase.xpath(root, "./w:abstractNum", namespaces=W):
            levels = {}
            for lvl in etree.ElementBase.xpath(node, "./w:lvl", namespaces=W):
                levels[int(lvl.get(_w("ilvl"), "0"))] = (
                    _val(lvl, "w:lvlText"),
                    _val(lvl, "w:numFmt") or "decimal",
                    int(_val(lvl, "w:start") or "1"),
                )
            abstract[node.get(_w("abstractNumId"))] = levels
        for num in etree.ElementBase.xpath(root, "./w:num", namespaces=W):
            levels = abstract.get(_val(num, "w:abstractNumId"), {})
            for level, spec in levels.items():
                self.levels[(num.get(_w("numId")), level)] = spec

    def styled(self, document) -> None:
        """Lists a paragraph style carries ("List Number", headings linked to a multilevel
        list): docx2python counts only numbering written on the paragraph itself, so these are
        counted here, in document order, as Word counts them."""
        self.style_lists: dict[str, tuple[str, int]] = {}
        self.style_counts: dict[str, list[int]] = {}
        styles = {
            s.get(_w("styleId")): s
            for s in etree.ElementBase.xpath(document.styles.element, "./w:style", namespaces=W)
        }
        for style_id in styles:
            node, seen = styles.get(style_id), set()
            while node is not None and style_id not in self.style_lists:
                num_id = _val(node, "w:pPr/w:numPr/w:numId")
                if num_id:
                    level = _val(node, "w:pPr/w:numPr/w:ilvl") or "0"
                    self.style_lists[style_id] = (num_id, int(level))
                based = _val(node, "w:basedOn")
                if not based or based in seen:
                    break
                seen.add(based)
                node = styles.get(based)

    def count_styled(self, style_id: str) -> tuple[str | None, list[int]]:
        found = self.style_lists.get(style_id)
        if found is None or found[0] == "0":
            return None, []
        num_id, level = found
        counts = self.style_counts.get(num_id, [])[: level + 1]
        counts += [0] * (level + 1 - len(counts))
        counts[level] += 1
        self.style_counts[num_id] = counts
        return num_id, list(counts)

    def label(self, num_id: str, counts: list[int]) -> str:
        """The number Word shows before the paragraph: "2.", "1.3.", "II-", "a)", "-"."""
        level = len(counts) - 1
        text, fmt, _start = self.levels.get((num_id, level), ("", "decimal", 1))
        if fmt == "bullet" or not text:
            return "+" if text == "+" else "-"
        for at in range(len(counts), 0, -1):
            spec = self.levels.get((num_id, at - 1), ("", "decimal", 1))
            shown = counts[at - 1] + spec[2] - 1
            text = text.replace(f"%{at}", _formatted(shown, spec[1]))
        return text


def _w(name: str) -> str:
    return "{" + W["w"] + "}" + name


def _val(node, path: str) -> str:
    found = etree.ElementBase.xpath(node, f"./{path}/@w:val", namespaces=W)
    return str(found[0]) if found else ""


def _check(data: bytes) -> None:
    if not data.strip():
        raise ReadError(_("The file is empty: there is nothing to read."))
    if data.startswith(OLE_MAGIC):
        if ENCRYPTION_INFO in data:
            raise ReadError(
                _(
                    "The Word file is protected by a password: open it, remove the password, "
                    "save it and upload it again."
                )
            )
        raise ReadError(
            _(
                "This is an old Word file (.doc): open it in Word, save it as .docx and upload "
                "it again."
            )
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(_("The file is not a Word .docx file."))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "word/document.xml" not in package.namelist():
            raise ReadError(_("The file is not a Word .docx file."))


def _paragraph_text(par, numbering: _Numbering) -> str:
    strings = list(par.run_strings)
    num_id, counts = par.list_position
    if num_id is None and par.style:
        num_id, counts = numbering.count_styled(par.style)
        if num_id is not None:
            return f"{numbering.label(num_id, counts)} {''.join(strings)}"
    if num_id is not None and counts:
        # docx2python counts only the levels seen so far; the paragraph's own level says how
        # deep it is ("%2." of a list whose level 0 never appears is still level 1).
        found = etree.ElementBase.xpath(par.elem, "./w:pPr/w:numPr/w:ilvl/@w:val", namespaces=W)
        level = int(found[0]) if found else len(counts) - 1
        counts = ([1] * (level + 1 - len(counts)) + counts)[: level + 1]
        # docx2python puts its own marker ("1)\t", "--\t") first; Word's own is used instead.
        if strings and strings[0].endswith("\t"):
            strings = strings[1:]
        return f"{numbering.label(num_id, counts)} {''.join(strings)}"
    return "".join(strings)


def read_docx(data: bytes) -> ReadDocument:
    """A directive from the bytes of its .docx; `ReadError` when it is not one."""
    _check(data)
    try:
        document = docx.Document(io.BytesIO(data))
        content = docx2python(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReadError(_("The Word file is damaged and cannot be read.")) from error
    numbering = _Numbering(document)
    numbering.styled(document)
    entries: list[Entry] = []
    source: list[str] = []
    with content:
        for table in content.body_pars:
            pars = [p for row in table for cell in row for p in cell]
            in_table = bool(pars) and pars[0].lineage[1] == "tbl"
            rows = [
                [[_paragraph_text(p, numbering) for p in cell] for cell in row] for row in table
            ]
            if in_table and rows and _columns(tuple(clean(" ".join(c)) for c in rows[0])):
                for row in rows:
                    cells = tuple(" ".join(c) for c in row)
                    entries.append(cells)
                    source.append("\t".join(cells))
                continue
            for row in rows:
                for cell in row:
                    for text in cell:
                        for line in text.split("\n"):
                            entries.append(line)
                            source.append(line)
                    if in_table:
                        # A cell ends its list ("Nơi nhận") and its block of the header.
                        entries.append("")
                        source.append("")
    if not any(isinstance(e, tuple) or e.strip() for e in entries):
        raise ReadError(_("The file is empty: there is nothing to read."))
    return read_entries(entries, source="\n".join(source), join=False)

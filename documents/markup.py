"""The light markup of the editable sections of a consolidated report.

Officials edit plain text: paragraphs separated by blank lines, lines starting "- " are list
items, **bold** and *italic*. Nothing else has a meaning: HTML or script pasted from elsewhere is
kept as text and escaped wherever it is printed, so it is never executed (issue 5, "Bad input").

The same parse feeds the screen and the PDF (`markup_to_html`) and the Word copy
(`markup_blocks`), so the three always agree.
"""

import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Characters XML 1.0 cannot hold (python-docx would raise on them, and they never belong in a
# document): C0 controls except tab and newline, and the non-characters U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ITEM = re.compile(r"^[ \t]*[-–•][ \t]+")

# "**" pairs first, so "**a *b* c**" is bold with an italic word inside. An emphasis marker must
# touch its text ("**x**", not "** x **") so that "5 * 3 * 2" stays arithmetic.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_ITALIC = re.compile(r"(?<!\*)\*(?=[^\s*])((?:\*\*.+?\*\*|[^*])+?)(?<=[^\s*])\*(?!\*)", re.DOTALL)


class Run(NamedTuple):
    """A piece of text with one style; unpacks as (text, bold, italic)."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph or a list item ("- ..." in the source, printed with its dash)."""

    kind: Literal["paragraph", "item"]
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def clean_text(text: str) -> str:
    """Normalise line ends and drop characters no document format can hold."""
    return _NOT_XML.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def parse_inline(text: str, *, bold: bool = False, italic: bool = False) -> list[Run]:
    runs: list[Run] = []
    position = 0
    while position < len(text):
        bold_match = _BOLD.search(text, position)
        italic_match = _ITALIC.search(text, position)
        candidates = [m for m in (bold_match, italic_match) if m is not None]
        if not candidates:
            break
        # The earliest marker wins; at the same place "**" wins over "*".
        match = min(candidates, key=lambda m: (m.start(), m.re is not _BOLD))
        if match.start() > position:
            runs.append(Run(text[position : match.start()], bold, italic))
        if match.re is _BOLD:
            runs.extend(parse_inline(match.group(1), bold=True, italic=italic))
        else:
            runs.extend(parse_inline(match.group(1), bold=bold, italic=True))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:], bold, italic))
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return merged


def markup_blocks(text: str) -> list[Block]:
    """Paragraphs and list items, each as a list of runs.

    Lines inside one paragraph are joined with a space (a line break typed in the editor is not a
    new paragraph; a blank line is). Each "- " line starts a list item; an indented line right
    after an item continues it.
    """
    groups: list[tuple[Literal["paragraph", "item"], list[str]]] = []
    for chunk in _BLANK_LINE.split(clean_text(text)):
        current: tuple[Literal["paragraph", "item"], list[str]] | None = None
        for line in chunk.split("\n"):
            if not line.strip():
                continue
            if _ITEM.match(line):
                current = ("item", [_ITEM.sub("", line, count=1)])
                groups.append(current)
            elif current is not None and (current[0] == "paragraph" or line[:1].isspace()):
                current[1].append(line)
            else:
                current = ("paragraph", [line])
                groups.append(current)
    return [_block(kind, lines) for kind, lines in groups]


def _block(kind: Literal["paragraph", "item"], lines: list[str]) -> Block:
    joined = " ".join(" ".join(line.split()) for line in lines)
    return Block(kind, parse_inline(joined))


def runs_to_html(runs: list[Run]) -> str:
    html = []
    for run in runs:
        piece = escape(run.text)
        if run.italic:
            piece = f"<em>{piece}</em>"
        if run.bold:
            piece = f"<strong>{piece}</strong>"
        html.append(piece)
    return "".join(html)


def markup_to_html(text: str, *, dash_in_text: bool = False) -> SafeString:
    """HTML for the screen and the PDF: <p> per paragraph, <ul class="dash-list"> for items.

    With `dash_in_text` (the PDF), an item is a plain paragraph with its "- " written in the
    text, in a <div class="dash-list">: it prints the same, and on a consolidated report of 150
    units (hundreds of items) it is about a fifth less work for WeasyPrint than list items with
    a ::before dash.

    Every character of the source is escaped; only the tags written here are markup.
    """
    container, item_tag, dash = ("div", "p", "- ") if dash_in_text else ("ul", "li", "")
    html: list[str] = []
    in_list = False
    for block in markup_blocks(text):
        if block.kind == "item" and not in_list:
            html.append(f'<{container} class="dash-list">')
            in_list = True
        elif block.kind == "paragraph" and in_list:
            html.append(f"</{container}>")
            in_list = False
        if block.kind == "item":
            html.append(f"<{item_tag}>{dash}{runs_to_html(block.runs)}</{item_tag}>")
        else:
            html.append(f"<p>{runs_to_html(block.runs)}</p>")
    if in_list:
        html.append(f"</{container}>")
    return mark_safe("\n".join(html))  # noqa: S308 - built only from escaped text above

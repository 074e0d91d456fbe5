"""The light markup of the editable sections of a consolidated report.

Officials edit plain text: paragraphs separated by blank lines, lines starting "- " are list
items, **bold** and *italic*. Nothing else has a meaning: HTML or script pasted from elsewhere is
kept as text and escaped wherever it is printed, so it is never executed (issue 5, "Bad input").

The same parse feeds the screen and the PDF (`markup_to_html`) and the Word copy
(`markup_blocks`), so the three always agree.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_inline import emphasis
from markdown_it.rules_inline.state_inline import StateInline

# Characters XML 1.0 cannot hold (python-docx would raise on them, and they never belong in a
# document): C0 controls except tab and newline, and the non-characters U+FFFE/U+FFFF.
_NOT_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
_BULLETS = "-–•"


def _asterisk_emphasis(state: StateInline, silent: bool) -> bool:
    # Only "*" marks emphasis: "_" is common in file names and codes ("ke_hoach_2026.pdf").
    if state.src[state.pos] != "*":
        return False
    return emphasis.tokenize(state, silent)


# Emphasis is parsed by markdown-it (CommonMark's delimiter-run algorithm, linear in the length
# of the text; the regular expressions it replaces backtracked exponentially on "*a**" repeated,
# issue 13). Only emphasis is switched on: no HTML, links, images, code, escapes or entities, so
# every other character stays the text the official typed. A marker must touch its text
# ("**x**", not "** x **"), so "5 * 3 * 2" stays arithmetic. Paragraphs and items are found
# line by line below, not by markdown-it: CommonMark would read "1." as a numbered list, four
# spaces as code and a line after an item as part of it, where officials mean none of that.
_INLINE = MarkdownIt("zero").enable("emphasis")
_INLINE.inline.ruler.at("emphasis", _asterisk_emphasis)


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
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_NOT_XML)


def parse_inline(text: str) -> list[Run]:
    """The runs of one paragraph's text: "**" is bold, "*" italic, and they nest."""
    if "*" not in text:
        return [Run(text)] if text else []
    with _no_cycle_collection():
        tokens = _INLINE.parseInline(text)[0].children or []
    runs: list[Run] = []
    pieces: list[str] = []  # the text of the run being gathered, joined once it ends
    style = (False, False)
    bold = italic = 0
    for token in tokens:
        kind = token.type
        if kind == "text":
            if token.content:
                if (bold > 0, italic > 0) != style:
                    if pieces:
                        runs.append(Run("".join(pieces), *style))
                    pieces, style = [], (bold > 0, italic > 0)
                pieces.append(token.content)
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
    if pieces:
        runs.append(Run("".join(pieces), *style))
    return runs


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while markdown-it builds its tokens.

    A paragraph dense with markers becomes one token object per marker character, all alive
    until the parse ends, so the collector's passes free nothing and cost more than the parse
    itself (100 KB of "*a**": 0.94 s of CPU with them, 0.39 s without). Reference counting
    still frees everything; the collector is switched back on if it was on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _item_text(line: str) -> str | None:
    """The text of a list item line ("- ", "– " or "• " after optional indent), else None."""
    rest = line.lstrip(" \t")
    if len(rest) >= 2 and rest[0] in _BULLETS and rest[1] in " \t":
        return rest[1:].lstrip(" \t")
    return None


def markup_blocks(text: str) -> list[Block]:
    """Paragraphs and list items, each as a list of runs.

    Lines inside one paragraph are joined with a space (a line break typed in the editor is not a
    new paragraph; a blank line is). Each "- " line starts a list item; an indented line right
    after an item continues it. One pass over the lines, no regular expression.
    """
    groups: list[tuple[Literal["paragraph", "item"], list[str]]] = []
    current: tuple[Literal["paragraph", "item"], list[str]] | None = None
    for line in clean_text(text).split("\n"):
        if not line.strip(" \t"):
            current = None  # a blank line ends the paragraph or the item
            continue
        if not line.strip():
            continue  # other white space alone on a line is dropped, as it always was
        item = _item_text(line)
        if item is not None:
            current = ("item", [item])
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

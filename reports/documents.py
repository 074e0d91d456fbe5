"""Party documents ("văn bản của Đảng") rendered as PDF and as Word.

A `PartyDocument` holds the finished text of a document; `render_pdf` and `render_docx` lay it
out per the guidance in force on the document's date (`layout_for`). Nothing here touches the
database: callers (the consolidated report) build the dataclasses and store the bytes.

Layout rules: /work/shared/party-document-format.md (Hướng dẫn 36-HD/VPTW; Quy định 399-QĐ/TW
from 2026). The values marked (~) there come from secondary sources and live in `LayoutVersion`
so a correction or a new rule is a new version, never an edit of what issued documents used.
"""

import contextlib
import dataclasses
import datetime
import functools
import gc
import mimetypes
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib import request
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone

from reports.markup import clean_text, markup_blocks, markup_to_html

# ---- the document ------------------------------------------------------------------------------


@dataclass
class Section:
    """One heading and its body. The heading carries its own marker ("I- ...", "3.1. ...",
    "a) ..."); level 1 is printed in capitals. The body is light markup (reports.markup)."""

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
    place_date_line: str  # "Quảng Ngãi, ngày 04 tháng 01 năm 2021" (directives.formatting)
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


# ---- layout versions ---------------------------------------------------------------------------


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


# ---- the font ----------------------------------------------------------------------------------


class DocumentFontMissing(ImproperlyConfigured):
    pass


FONT_FAMILY = "Liberation Serif"
_FONT_STYLES = {
    # file name stem -> (CSS font-weight, CSS font-style)
    "LiberationSerif-Regular": ("normal", "normal"),
    "LiberationSerif-Bold": ("bold", "normal"),
    "LiberationSerif-Italic": ("normal", "italic"),
    "LiberationSerif-BoldItalic": ("bold", "italic"),
}


@functools.cache
def document_fonts() -> dict[str, Path]:
    """The four Liberation Serif files (metric-compatible with Times New Roman, every Vietnamese
    glyph), from settings.PARTY_DOCUMENT_FONT_DIR or else from fontconfig.

    Fails loudly: a PDF set in a fallback face would look wrong and might lack diacritics."""
    directory = getattr(settings, "PARTY_DOCUMENT_FONT_DIR", None)
    candidates: list[Path] = []
    if directory:
        candidates = sorted(Path(directory).glob("LiberationSerif-*.ttf"))
    else:
        try:
            listing = subprocess.run(
                ["fc-list", "--format", "%{file}\n", FONT_FAMILY],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            ).stdout
        except OSError:
            listing = ""
        # Debian's fonts-liberation2 (version 2.x, the fuller Vietnamese coverage) first.
        candidates = sorted(
            (Path(line) for line in listing.splitlines() if line.endswith(".ttf")),
            key=lambda path: "liberation2" not in str(path),
        )
    found: dict[str, Path] = {}
    for path in candidates:
        if path.stem in _FONT_STYLES and path.stem not in found and path.is_file():
            found[path.stem] = path
    missing = sorted(set(_FONT_STYLES) - set(found))
    if missing:
        raise DocumentFontMissing(
            f"The Party document font {FONT_FAMILY} is missing ({', '.join(missing)}). "
            "Install Debian's fonts-liberation2 (scripts/system-deps does) or set "
            "PARTY_DOCUMENT_FONT_DIR to a folder holding LiberationSerif-*.ttf."
        )
    return found


def _font_faces() -> list[dict[str, str]]:
    return [
        {"url": path.as_uri(), "weight": _FONT_STYLES[stem][0], "style": _FONT_STYLES[stem][1]}
        for stem, path in document_fonts().items()
    ]


# ---- PDF ---------------------------------------------------------------------------------------


def _allowed_roots() -> list[Path]:
    roots = {path.parent.resolve() for path in document_fonts().values()}
    roots.add((Path(settings.BASE_DIR) / "static").resolve())
    return sorted(roots)


def _url_fetcher():
    """WeasyPrint may read the font files and the project's static files, nothing else:
    no network fetch ever happens, whatever URL a section's text might contain. The files are
    read directly, so no HTTP or FTP handler (nor an SSL context) is even built."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = _allowed_roots()

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self):
            # Not URLFetcher.__init__: it installs the network handlers this one must not have.
            request.OpenerDirector.__init__(self)
            self._fail_on_errors = False

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"Refused to fetch {url!r}: documents use local files only")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise ValueError(f"Refused to read {path}: outside the allowed folders")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
            )

    return LocalOnlyFetcher()


def _distribution_lines(items: list[str]) -> list[str]:
    # "- Thường trực Tỉnh ủy (b/c)," one per line; the last one ends with a full stop.
    names = [clean_text(item).strip().lstrip("-–• ").rstrip(",.; ").strip() for item in items]
    names = [name for name in names if name]
    return [f"- {name}{'.' if i == len(names) - 1 else ','}" for i, name in enumerate(names)]


def _annex_is_landscape(doc: PartyDocument, layout: LayoutVersion) -> bool:
    return doc.annex is not None and len(doc.annex.columns) >= layout.annex_landscape_min_columns


def _annex_title(annex: Annex) -> list[tuple[str, bool]]:
    # (line, is_note): "PHỤ LỤC" and the title in bold, a "(...)" line (period, legend) as a note.
    lines = [" ".join(line.split()) for line in annex.title.split("\n")]
    return [(line, line.startswith("(")) for line in lines if line]


def _heading(section: Section) -> str:
    heading = " ".join(clean_text(section.heading).split())
    return heading.upper() if section.level == 1 else heading


def _clean(value):
    # Control characters pasted from elsewhere would break the XML of the Word copy.
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    return value


def _text_columns(annex: Annex) -> set[int]:
    # Names and notes read left-aligned; short codes, dates and statuses centred.
    return {
        index
        for index in range(len(annex.columns))
        if any(len(row[index]) > 16 for row in annex.rows if index < len(row))
    }


@functools.cache
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Advance widths (in em) of the document font's characters, read from the font file."""
    from fontTools.ttLib import TTFont

    stem = "LiberationSerif-Bold" if bold else "LiberationSerif-Regular"
    with TTFont(document_fonts()[stem], lazy=True) as font:
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return widths, widths.get(ord("n"), 0.5)


@functools.lru_cache(maxsize=8192)
def _em(text: str, bold: bool = False) -> float:
    widths, default = _advances(bold)
    return sum(widths.get(ord(char), default) for char in text)


@functools.lru_cache(maxsize=8192)
def _longest_word(text: str, bold: bool = False) -> float:
    return max([0.0, *(_em(word, bold) for word in text.split())])


@functools.lru_cache(maxsize=8192)
def _two_lines(text: str, bold: bool = False) -> float:
    # The shortest line that holds the text on two lines, broken between words.
    words = text.split()
    if len(words) < 2:
        return _em(text, bold)
    return min(
        max(_em(" ".join(words[:cut]), bold), _em(" ".join(words[cut:]), bold))
        for cut in range(1, len(words))
    )


def _share(base: list[float], goal: list[float], available: float) -> list[float]:
    # From `base` towards `goal`, the room left shared in proportion to what each column lacks.
    spare = available - sum(base)
    lacking = [g - b for b, g in zip(base, goal, strict=True)]
    if spare <= 0 or sum(lacking) <= 0:
        return list(base)
    ratio = min(1.0, spare / sum(lacking))
    return [b + ratio * lack for b, lack in zip(base, lacking, strict=True)]


def _column_widths(annex: Annex, layout: LayoutVersion, landscape: bool) -> list[float]:
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
            max(1.0, _longest_word(column, True), *(_longest_word(c) for c in cells)) * em + padding
        )
        two_lines.append(
            max(_two_lines(column, True), *(_two_lines(c) for c in cells)) * em + padding
        )
        preferred.append(max(_em(column, True), *(_em(c) for c in cells)) * em + padding)
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


def document_html(doc: PartyDocument) -> str:
    """The HTML the PDF is made from (also handy to look at while adjusting the layout)."""
    doc = _clean(doc)
    layout = layout_for(doc.issued_on)
    text_columns = _text_columns(doc.annex) if doc.annex else set()
    return render_to_string(
        "reports/documents/party_document.html",
        {
            "doc": doc,
            "layout": layout,
            "fonts": _font_faces(),
            "opening_html": markup_to_html(doc.opening, dash_in_text=True),
            "sections": [
                {
                    "heading": _heading(s),
                    "level": max(1, min(s.level, 3)),
                    "body": markup_to_html(s.body, dash_in_text=True),
                }
                for s in doc.sections
            ],
            "distribution": _distribution_lines(doc.distribution),
            "annex_landscape": _annex_is_landscape(doc, layout),
            "annex_title": _annex_title(doc.annex) if doc.annex else [],
            "annex_widths": (
                _column_widths(doc.annex, layout, _annex_is_landscape(doc, layout))
                if doc.annex
                else []
            ),
            "annex_rows": (
                [
                    [(cell, index in text_columns) for index, cell in enumerate(row)]
                    for row in doc.annex.rows
                ]
                if doc.annex
                else []
            ),
        },
    )


_gc_lock = threading.Lock()
_gc_renders = 0
_gc_was_enabled = True


@contextlib.contextmanager
def _no_collections():
    """WeasyPrint makes millions of small objects (boxes, styles, lines) that all live until
    the PDF is written. The cyclic garbage collector, run every 700 allocations by default,
    walks ever more of them and frees next to nothing: 0.3 to 0.9 s of a 50-page report, a
    full pass alone about 0.5 s. It is paused while rendering and collects afterwards as usual;
    the peak memory is the same (measured: 155 MB either way). Process-wide, hence counted
    across threads."""
    global _gc_renders, _gc_was_enabled
    with _gc_lock:
        if _gc_renders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_renders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_renders -= 1
            if _gc_renders == 0 and _gc_was_enabled:
                gc.enable()


def render_pdf(doc: PartyDocument) -> tuple[bytes, int]:
    """The PDF bytes and its number of pages."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    base = (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"
    html = document_html(doc)
    with _no_collections():
        rendered = HTML(string=html, base_url=base, url_fetcher=_url_fetcher()).render(
            font_config=font_config
        )
        pdf, pages = rendered.write_pdf(), len(rendered.pages)
        del rendered
    # The layout's reference cycles, freed now rather than piling up until a full pass.
    gc.collect()
    return pdf, pages


# ---- Word --------------------------------------------------------------------------------------


def render_docx(doc: PartyDocument) -> bytes:
    from reports.documents_docx import build_docx

    return build_docx(_clean(doc), layout_for(doc.issued_on))


__all__ = [
    "Annex",
    "DocumentFontMissing",
    "LAYOUT_VERSIONS",
    "LayoutVersion",
    "PartyDocument",
    "Section",
    "document_html",
    "layout_for",
    "markup_blocks",
    "render_docx",
    "render_pdf",
]

"""The PDF of a Party document (WeasyPrint), laid out per the guidance of its date.

`render_pdf` takes a `documents.document.PartyDocument` and returns the bytes; the HTML and its
print stylesheet are `templates/documents/party_document.html`. WeasyPrint may read the font and
the project's static files, nothing else.
"""

import contextlib
import gc
import hashlib
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib import request
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

from documents.document import (
    PartyDocument,
    annex_title_lines,
    cleaned,
    distribution_lines,
    heading_text,
    text_columns,
)
from documents.fonts import document_fonts, font_faces
from documents.layout import annex_column_widths, annex_is_landscape, layout_for
from documents.markup import markup_to_html


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


def _context(doc: PartyDocument) -> dict:
    layout = layout_for(doc.issued_on)
    text_cells = text_columns(doc.annex) if doc.annex else set()
    return {
        "doc": doc,
        "layout": layout,
        "fonts": font_faces(),
        "opening_html": markup_to_html(doc.opening, dash_in_text=True),
        "sections": [
            {
                "heading": heading_text(s),
                "level": max(1, min(s.level, 3)),
                "body": markup_to_html(s.body, dash_in_text=True),
            }
            for s in doc.sections
        ],
        "distribution": distribution_lines(doc.distribution),
        "annex_landscape": annex_is_landscape(doc.annex, layout),
        "annex_title": annex_title_lines(doc.annex) if doc.annex else [],
        "annex_widths": (
            annex_column_widths(doc.annex, layout, annex_is_landscape(doc.annex, layout))
            if doc.annex
            else []
        ),
        "annex_rows": (
            [
                [(cell, index in text_cells) for index, cell in enumerate(row)]
                for row in doc.annex.rows
            ]
            if doc.annex
            else []
        ),
    }


def document_html(doc: PartyDocument) -> str:
    """The HTML the PDF is made from, its print stylesheet inline (handy to look at while
    adjusting the layout)."""
    context = _context(cleaned(doc))
    return render_to_string("documents/party_document.html", {**context, "inline_stylesheet": True})


@dataclass(frozen=True)
class PdfSource:
    """What a PDF is made from: the document's HTML and its print stylesheet apart, since the
    stylesheet is the same for every document of a layout and is parsed once (`_stylesheet`)."""

    html: str
    stylesheet: str

    def digest(self) -> str:
        """Names the PDF this source makes: the same digest, the same pages (WeasyPrint's
        version included, so an upgrade does not serve an old rendering)."""
        from weasyprint import __version__

        content = "\0".join((__version__, self.stylesheet, self.html))
        return hashlib.sha256(content.encode()).hexdigest()


def pdf_source(doc: PartyDocument) -> PdfSource:
    context = _context(cleaned(doc))
    template = "documents/party_document.html"
    return PdfSource(
        html=render_to_string(template, context),
        stylesheet=render_to_string(f"{template}#stylesheet", context),
    )


_parsed = threading.local()


def _stylesheet(text: str):
    """One FontConfiguration and one parsed print stylesheet per thread and stylesheet text
    (there are a few: one per layout version, draft or not), reused by every rendering: the
    @font-face rules are registered with fontconfig once instead of once per PDF. Per thread
    because WeasyPrint does not say a FontConfiguration may be shared between threads."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    cache = getattr(_parsed, "sheets", None)
    if cache is None:
        cache = _parsed.sheets = {}
    if text not in cache:
        if len(cache) >= 8:
            cache.clear()
        font_config = FontConfiguration()
        css = CSS(string=text, url_fetcher=_url_fetcher(), font_config=font_config)
        cache[text] = (font_config, css)
    return cache[text]


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
    return render_source(pdf_source(doc))


def render_source(source: PdfSource) -> tuple[bytes, int]:
    from weasyprint import HTML

    font_config, stylesheet = _stylesheet(source.stylesheet)
    base = (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"
    with _no_collections():
        rendered = HTML(string=source.html, base_url=base, url_fetcher=_url_fetcher()).render(
            stylesheets=[stylesheet], font_config=font_config
        )
        pdf, pages = rendered.write_pdf(), len(rendered.pages)
        del rendered
    # The layout's reference cycles are freed now rather than piling up until a full pass:
    # with the collector paused, everything the rendering made is in the youngest generation,
    # which the collector, enabled again, goes through at once (or this call does, when the
    # caller had it off). Not a full pass: that walked the whole long-lived heap again, ~35 ms
    # freeing nothing (measured).
    gc.collect(0)
    return pdf, pages

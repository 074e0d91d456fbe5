"""The document font, Liberation Serif (metric-compatible with Times New Roman, every
Vietnamese glyph): where its files are, and the advance widths both writers size tables with."""

import functools
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


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


def font_faces() -> list[dict[str, str]]:
    return [
        {"url": path.as_uri(), "weight": _FONT_STYLES[stem][0], "style": _FONT_STYLES[stem][1]}
        for stem, path in document_fonts().items()
    ]


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
def em_width(text: str, bold: bool = False) -> float:
    widths, default = _advances(bold)
    return sum(widths.get(ord(char), default) for char in text)


@functools.lru_cache(maxsize=8192)
def longest_word(text: str, bold: bool = False) -> float:
    return max([0.0, *(em_width(word, bold) for word in text.split())])


@functools.lru_cache(maxsize=8192)
def two_lines_width(text: str, bold: bool = False) -> float:
    # The shortest line that holds the text on two lines, broken between words.
    words = text.split()
    if len(words) < 2:
        return em_width(text, bold)
    return min(
        max(em_width(" ".join(words[:cut]), bold), em_width(" ".join(words[cut:]), bold))
        for cut in range(1, len(words))
    )

"""Pictures of a PDF's pages, compared within anti-aliasing: the check that a faster rendering
prints the same document (issue 14).

The pages that tell: the first, one in the middle of the body, the page with the signature
("Nơi nhận:") and the first page of the annex (the first landscape page, or the last page).
Each is drawn by poppler's `pdftoppm` in grey at a low resolution and compared with Pillow: a
pixel differs when its grey level moves by more than THRESHOLD (anti-aliasing moves edges by a
few levels, a shifted glyph by the whole range), and a page differs when more than TOLERANCE of
its pixels do. A 1 mm shift of the body moves every glyph by about 2 px at 60 dpi and fails.

As a command, for the lead who regenerates the reference images on the final document:

    python -m tests.documents.page_images write report.pdf folder/     # the reference PNGs
    python -m tests.documents.page_images compare before.pdf after.pdf # the verdict per page
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops
from pypdf import PdfReader

DPI = 60
THRESHOLD = 64  # of 255 grey levels
TOLERANCE = 0.001  # share of a page's pixels


def key_pages(pdf: Path) -> dict[str, int]:
    """The pages worth looking at, numbered from 1."""
    reader = PdfReader(pdf)
    count = len(reader.pages)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    landscape = [
        number
        for number, page in enumerate(reader.pages, 1)
        if page.mediabox.width > page.mediabox.height
    ]
    signature = next((number for number, page in enumerate(text, 1) if "Nơi nhận" in page), count)
    annex = landscape[0] if landscape else count
    body_end = max(1, (landscape[0] - 1) if landscape else count)
    return {
        "first": 1,
        "middle": max(1, (body_end + 1) // 2),
        "signature": signature,
        "annex": annex,
    }


def page_image(pdf: Path, page: int, dpi: int = DPI) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page)]
            + ["-singlefile", "-png", str(pdf), str(stem)],
            check=True,
        )
        with Image.open(stem.with_suffix(".png")) as image:
            return image.convert("L").copy()


def differing_share(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels whose grey level differs by more than THRESHOLD (1.0 when the
    pages are not even the same size)."""
    if a.size != b.size:
        return 1.0
    difference = ImageChops.difference(a.convert("L"), b.convert("L"))
    histogram = difference.histogram()
    return sum(histogram[THRESHOLD + 1 :]) / (a.size[0] * a.size[1])


def same_pages(a: dict[str, Image.Image], b: dict[str, Image.Image]) -> dict[str, float]:
    """Per key page, the share of differing pixels; the pages are the same when every share
    is at most TOLERANCE."""
    return {
        name: differing_share(image, b[name]) if name in b else 1.0 for name, image in a.items()
    }


def pictures(pdf: Path) -> dict[str, Image.Image]:
    return {name: page_image(pdf, number) for name, number in key_pages(pdf).items()}


def write_reference(pdf: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, image in pictures(pdf).items():
        image.save(folder / f"{name}.png", optimize=True)


def reference_pictures(folder: Path) -> dict[str, Image.Image]:
    found = {}
    for path in sorted(folder.glob("*.png")):
        with Image.open(path) as image:
            found[path.stem] = image.convert("L").copy()
    return found


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "write":
        write_reference(Path(argv[1]), Path(argv[2]))
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        before, after = Path(argv[1]), Path(argv[2])
        pages_before, pages_after = key_pages(before), key_pages(after)
        worst = 0.0
        for name, number in pages_before.items():
            share = differing_share(page_image(before, number), page_image(after, number))
            worst = max(worst, share)
            moved = "" if pages_after[name] == number else f" (after: page {pages_after[name]})"
            verdict = "same" if share <= TOLERANCE else "DIFFERENT"
            print(f"{name:10s} page {number:3d}{moved}: {share:.5f} of pixels differ, {verdict}")
        return 0 if worst <= TOLERANCE else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

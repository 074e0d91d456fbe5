"""The pages print as the reference pictures do (issue 14): a faster rendering must not move
anything. The reference is the synthetic sample (documents/sample.py, fixed date and content,
60 units); after a deliberate change of the document's look, write new pictures with

    python -m tests.documents.page_images write report.pdf tests/documents/reference_pages/

from `render_pdf(sample_document(units=60, task_sections=12))` (see `test_write_reference`).
"""

import dataclasses
import os
from pathlib import Path

import pytest

from documents import pdf as pdf_module
from documents.pdf import render_pdf
from documents.sample import sample_document
from tests.documents import page_images

pytestmark = pytest.mark.pdf

REFERENCE = Path(__file__).parent / "reference_pages"


def _render(tmp_path: Path, name: str = "report.pdf") -> Path:
    pdf, _pages = render_pdf(sample_document(units=60, task_sections=12))
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def test_the_key_pages_match_the_reference_pictures(tmp_path):
    shares = page_images.same_pages(
        page_images.reference_pictures(REFERENCE), page_images.pictures(_render(tmp_path))
    )
    assert set(shares) == {"first", "middle", "signature", "annex"}
    assert all(share <= page_images.TOLERANCE for share in shares.values()), shares


def test_a_body_moved_by_one_millimetre_differs(tmp_path, monkeypatch):
    real = pdf_module.layout_for

    def shifted(day):
        layout = real(day)
        return dataclasses.replace(layout, margin_left_mm=layout.margin_left_mm + 1)

    monkeypatch.setattr(pdf_module, "layout_for", shifted)
    shares = page_images.same_pages(
        page_images.reference_pictures(REFERENCE), page_images.pictures(_render(tmp_path))
    )
    assert shares["first"] > page_images.TOLERANCE
    assert shares["middle"] > page_images.TOLERANCE


@pytest.mark.skipif(not os.environ.get("WRITE_REFERENCE_PAGES"), reason="on demand only")
def test_write_reference(tmp_path):
    """WRITE_REFERENCE_PAGES=1 pytest tests/documents/test_page_images.py -k write"""
    page_images.write_reference(_render(tmp_path), REFERENCE)

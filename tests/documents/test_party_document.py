"""The Party document as PDF and .docx, checked with poppler's tools the way a reader sees it."""

import dataclasses
import datetime
import io
import logging
import os
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ImproperlyConfigured

from documents import fonts, layout, pdf
from documents.document import Annex, Section
from documents.fonts import DocumentFontMissing
from documents.layout import LAYOUT_VERSIONS, layout_for
from documents.pdf import document_html, render_pdf
from documents.sample import sample_document, sample_units
from documents.word import render_docx

pytestmark = pytest.mark.pdf

UNITS = 60


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is missing (Debian package poppler-utils, see scripts/system-deps)"
        # In CI the PDF checks must run: a missing tool is a failure, not a quiet skip.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _run(*args: str) -> str:
    return subprocess.run(
        [_tool(args[0]), *args[1:]], capture_output=True, text=True, check=True, timeout=60
    ).stdout


@pytest.fixture(scope="module")
def doc():
    return sample_document(units=UNITS, task_sections=12)


@pytest.fixture(scope="module")
def pdf_file(doc, tmp_path_factory):
    pdf, pages = render_pdf(doc)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(pdf)
    return path, pages


def _text(path, first=None, last=None, *, raw=False) -> str:
    options = ["-enc", "UTF-8"]
    if first is not None:
        options += ["-f", str(first), "-l", str(last or first)]
    if raw:
        # Content-stream order: the lines of one table cell stay together.
        options.append("-raw")
    return _run("pdftotext", *options, str(path), "-")


def _page_sizes(path, pages: int) -> list[tuple[float, float]]:
    info = _run("pdfinfo", "-f", "1", "-l", str(pages), str(path))
    return [
        (float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_text_holds_the_header_title_and_closing_with_diacritics(pdf_file, doc):
    path, _ = pdf_file
    text = _flat(_text(path))
    for line in [
        "TỈNH ỦY QUẢNG NGÃI",
        "BAN TUYÊN GIÁO",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 25-BC/BTGTU",
        "Quảng Ngãi, ngày 15 tháng 01 năm 2026",
        "BÁO CÁO",
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (b/c),",
        "- Lưu Văn phòng Ban.",
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Nguyễn Văn A",
    ]:
        assert line in text


def test_text_holds_every_section_heading(pdf_file, doc):
    path, _ = pdf_file
    text = _flat(_text(path))
    for section in doc.sections:
        heading = section.heading.upper() if section.level == 1 else section.heading
        assert heading in text


def test_annex_lists_every_unit(pdf_file):
    path, _ = pdf_file
    text = _flat(_text(path, raw=True))
    assert "Huyện ủy Bình Sơn" in text
    for name in sample_units(UNITS):
        assert name in text


def test_every_font_is_embedded_and_is_liberation_serif(pdf_file):
    path, _ = pdf_file
    rows = _run("pdffonts", str(path)).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert "Liberation" in name and "Serif" in name, row
        assert emb == "yes", row


def test_pages_are_a4_and_the_annex_is_landscape(pdf_file):
    path, pages = pdf_file
    sizes = _page_sizes(path, pages)
    assert len(sizes) == pages
    annex_start = next(page for page in range(1, pages + 1) if "PHỤ LỤC" in _text(path, page))
    assert annex_start > 1
    for number, (width, height) in enumerate(sizes, start=1):
        portrait = (pytest.approx(595.28, abs=0.5), pytest.approx(841.89, abs=0.5))
        expected = portrait if number < annex_start else portrait[::-1]
        assert (width, height) == expected, number


def test_annex_header_row_is_repeated_on_each_of_its_pages(pdf_file, doc):
    path, pages = pdf_file
    annex_start = next(page for page in range(1, pages + 1) if "PHỤ LỤC" in _text(path, page))
    assert pages - annex_start >= 1  # the table runs over more than one page
    header = " ".join(doc.annex.columns)
    for page in range(annex_start + 1, pages + 1):
        # In drawing order the table's first row on a continuation page is its header again.
        assert _text(path, page, raw=True).splitlines()[0] == header, page


def test_page_numbers_start_at_the_top_of_page_two(pdf_file):
    path, pages = pdf_file
    assert pages >= 3
    first_page = _text(path, 1).split()
    assert first_page[0] == "TỈNH"  # no number above the heading
    for page in (2, 3, pages):
        lines = [line.strip() for line in _text(path, page).splitlines() if line.strip()]
        assert lines[0] == str(page)


def test_draft_has_a_watermark_and_an_issued_document_not(pdf_file, doc, tmp_path):
    path, _ = pdf_file
    assert "DỰ THẢO" not in _text(path)
    draft, _ = render_pdf(dataclasses.replace(doc, draft=True, annex=None))
    (tmp_path / "draft.pdf").write_bytes(draft)
    assert "DỰ THẢO" in _text(tmp_path / "draft.pdf", 1)


def test_pasted_script_is_printed_as_text(doc, tmp_path):
    pasted = '<script>alert(1)</script> <img src="http://example.com/x.png">'
    evil = dataclasses.replace(
        doc, annex=None, sections=[Section("I- Thử", 1, pasted)], opening=pasted
    )
    assert "<script>" not in document_html(evil)
    pdf, _ = render_pdf(evil)
    (tmp_path / "evil.pdf").write_bytes(pdf)
    text = _text(tmp_path / "evil.pdf")
    assert "<script>alert(1)</script>" in text
    assert '<img src="http://example.com/x.png">' in text


def test_same_document_renders_to_identical_bytes(doc):
    small = dataclasses.replace(doc, annex=None)
    assert render_pdf(small)[0] == render_pdf(small)[0]


def test_the_renderer_fetches_nothing_but_local_fonts_and_static_files():
    fetcher = pdf._url_fetcher()
    for url in [
        "http://example.com/x.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        "file://example.com/share/x.png",
        "data:text/plain,x",
    ]:
        with pytest.raises(ValueError, match="Refused"):
            fetcher.fetch(url)
    font = next(iter(fonts.document_fonts().values()))
    response = fetcher.fetch(font.as_uri())
    assert response.read(4) in (b"\x00\x01\x00\x00", b"true")
    response.close()


def test_a_missing_font_fails_with_a_clear_message(settings, tmp_path):
    settings.PARTY_DOCUMENT_FONT_DIR = str(tmp_path)
    fonts.document_fonts.cache_clear()
    try:
        with pytest.raises(DocumentFontMissing, match="fonts-liberation2"):
            fonts.document_fonts()
        assert issubclass(DocumentFontMissing, ImproperlyConfigured)
    finally:
        fonts.document_fonts.cache_clear()


def test_the_layout_follows_the_document_date():
    assert layout_for(datetime.date(2021, 1, 4)).name == "36-HD/VPTW"
    assert layout_for(datetime.date(2026, 1, 8)).name == "36-HD/VPTW"
    assert layout_for(datetime.date(2026, 1, 9)).name == "399-QĐ/TW"
    assert layout_for(datetime.date(2015, 1, 1)) is LAYOUT_VERSIONS[0]
    margins = layout_for(datetime.date(2021, 1, 4))
    assert (
        margins.margin_top_mm,
        margins.margin_bottom_mm,
        margins.margin_left_mm,
        margins.margin_right_mm,
    ) == (20, 20, 30, 15)


def test_docx_opens_and_holds_the_same_headings_and_annex(doc):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    word = Document(io.BytesIO(render_docx(doc)))
    paragraphs = [p.text for p in word.paragraphs]
    for section in doc.sections:
        heading = section.heading.upper() if section.level == 1 else section.heading
        assert heading in paragraphs
    assert "BÁO CÁO" in paragraphs
    masthead, closing, annex = word.tables
    (left, right), (number, place_date) = (row.cells for row in masthead.rows)
    assert (left.text, right.text) == (
        "TỈNH ỦY QUẢNG NGÃI\nBAN TUYÊN GIÁO\n*",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    )
    assert (number.text, place_date.text) == (doc.number_line, doc.place_date_line)
    assert "Nơi nhận:" in closing.rows[0].cells[0].text
    assert "K/T TRƯỞNG BAN" in closing.rows[0].cells[1].text
    assert len(annex.rows) == UNITS + 1
    assert annex.rows[1].cells[1].text == "Huyện ủy Bình Sơn"
    assert word.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert word.sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_docx_keeps_pasted_markup_as_text(doc):
    from docx import Document

    pasted = "<script>alert(1)</script> **đậm**\x00"
    word = Document(
        io.BytesIO(render_docx(dataclasses.replace(doc, sections=[Section("I- Thử", 1, pasted)])))
    )
    body = next(p for p in word.paragraphs if "alert" in p.text)
    assert body.text == "<script>alert(1)</script> đậm"
    assert [run.bold for run in body.runs if run.text == "đậm"] == [True]


def test_a_narrow_annex_stays_on_portrait_pages(doc, tmp_path):
    narrow = dataclasses.replace(
        doc,
        sections=doc.sections[:1],
        annex=Annex(
            "PHỤ LỤC", ["STT", "Đơn vị", "Ngày gửi"], [["1", "Huyện ủy Bình Sơn", "04/01/2021"]]
        ),
    )
    pdf, pages = render_pdf(narrow)
    (tmp_path / "narrow.pdf").write_bytes(pdf)
    assert pages == 2
    for width, height in _page_sizes(tmp_path / "narrow.pdf", pages):
        assert (width, height) == (pytest.approx(595.28, abs=0.5), pytest.approx(841.89, abs=0.5))
    assert "Huyện ủy Bình Sơn" in _text(tmp_path / "narrow.pdf", 2)


def test_a_document_without_annex_or_recipients_has_neither(doc, tmp_path):
    bare = dataclasses.replace(doc, annex=None, distribution=[], sections=doc.sections[:1])
    pdf, pages = render_pdf(bare)
    (tmp_path / "bare.pdf").write_bytes(pdf)
    text = _text(tmp_path / "bare.pdf")
    assert pages == 1
    assert "Nơi nhận" not in text and "PHỤ LỤC" not in text
    assert "Nguyễn Văn A" in text


def test_rendering_loads_the_fonts_without_any_warning(doc, caplog):
    # A font the fetcher refused, or a missing glyph, would show up as a WeasyPrint warning.
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(dataclasses.replace(doc, annex=None, sections=doc.sections[:2], draft=True))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_a_new_layout_version_applies_to_documents_from_its_date_only(doc, tmp_path, monkeypatch):
    wider = dataclasses.replace(
        LAYOUT_VERSIONS[-1], name="test", valid_from=datetime.date(2030, 1, 1), margin_left_mm=40
    )
    monkeypatch.setattr(layout, "LAYOUT_VERSIONS", [*LAYOUT_VERSIONS, wider])
    short = dataclasses.replace(doc, annex=None, sections=[])

    def left_edge(day):
        pdf, _ = render_pdf(dataclasses.replace(short, issued_on=day))
        (tmp_path / "m.pdf").write_bytes(pdf)
        bbox = _run("pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "m.pdf"), "-")
        # The opening paragraph starts one first-line indent (12.7 mm) right of the margin.
        first_word = re.search(r'<word xMin="([\d.]+)"[^>]*>Thực</word>', bbox)
        return float(first_word[1]) - 12.7 * 72 / 25.4

    assert left_edge(datetime.date(2026, 1, 15)) == pytest.approx(30 * 72 / 25.4, abs=0.5)
    assert left_edge(datetime.date(2030, 1, 15)) == pytest.approx(40 * 72 / 25.4, abs=0.5)


def test_docx_page_setup_styles_and_page_numbers(doc):
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    word = Document(io.BytesIO(render_docx(dataclasses.replace(doc, draft=True))))
    first = word.sections[0]
    # Word stores twentieths of a point: compare in millimetres.
    measures = [first.page_width, first.page_height, first.top_margin, first.bottom_margin]
    measures += [first.left_margin, first.right_margin]
    assert [round(length.mm, 1) for length in measures] == [210, 297, 20, 20, 30, 15]
    # A PAGE field in the header of pages 2 onwards; page 1 has its own header, with no number.
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml
    assert "PAGE" not in first.first_page_header._element.xml
    assert "DỰ THẢO" in first.first_page_header.paragraphs[0].text
    body = word.styles["Văn bản"]
    assert round(body.paragraph_format.first_line_indent.mm, 1) == 12.7
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.space_after == Pt(6)
    heading = next(p for p in word.paragraphs if p.text == "I- TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT")
    assert heading.style.name == "Đề mục" and heading.style.font.bold
    annex = word.tables[-1]
    assert annex.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeated on every page


def test_a_long_issuing_body_is_set_on_two_balanced_lines(tmp_path):
    """“BAN TUYÊN GIÁO VÀ DÂN VẬN” wrapped where the column ended and left “VẬN” alone; it is
    set as the offices set it, in the PDF and in the Word copy."""
    from docx import Document

    merged = dataclasses.replace(
        sample_document(units=3, task_sections=1), issuing_body="Ban Tuyên giáo và Dân vận"
    )
    pdf, _pages = render_pdf(merged)
    path = tmp_path / "merged.pdf"
    path.write_bytes(pdf)
    lines = [line.strip() for line in _text(path, 1, raw=True).splitlines()]
    assert "BAN TUYÊN GIÁO" in lines and "VÀ DÂN VẬN" in lines
    assert "VẬN" not in lines
    word = Document(io.BytesIO(render_docx(merged)))
    masthead = [p.text for p in word.tables[0].rows[0].cells[0].paragraphs]
    assert masthead[1:3] == ["BAN TUYÊN GIÁO", "VÀ DÂN VẬN"]

"""The Word copy of a Party document (python-docx), laid out like the PDF.

Offices still edit and sign in Word, so the copy uses Times New Roman (what their machines have;
Liberation Serif in the PDF has the same metrics) and real Word structures: named paragraph
styles (an office can restyle the whole body at once), a borderless table for the two-column
heading and for "Nơi nhận" beside the signature, a PAGE field in the header from page 2, and a
landscape section for a wide annex with its header row repeated on every page.

Formatting lives in the styles, not on each run: python-docx is slow per run property, and a
150-unit annex has two thousand cells.
"""

import datetime
import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from documents.document import (
    PartyDocument,
    annex_title_lines,
    cleaned,
    distribution_lines,
    heading_text,
    text_columns,
)
from documents.layout import LayoutVersion, annex_column_widths, annex_is_landscape, layout_for
from documents.markup import markup_blocks

WORD_FONT = "Times New Roman"

# Style names, in Vietnamese: the office sees them in Word's style list.
BODY = "Văn bản"
HEADING = "Đề mục"
CENTERED = "Căn giữa"
RECIPIENTS = "Nơi nhận"
CELL = "Ô bảng"
CELL_CENTERED = "Ô bảng giữa"


def _set_word_font(element):
    # Word picks the face per script; Vietnamese letters outside Latin-1 need hAnsi and cs too.
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), WORD_FONT)


def _paragraph_style(document, name, *, size, align, indent_mm=0.0, after_pt=0.0, exact_pt=None):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = _STYLE_IDS[name]
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Mm(indent_mm)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after_pt)
    if exact_pt is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact_pt)
    else:
        fmt.line_spacing = 1.0
    return style


def _add_styles(document, layout):
    """Normal plus the named styles that the paragraphs refer to by id."""
    normal = document.styles["Normal"]
    normal.font.name = WORD_FONT
    normal.font.size = Pt(layout.body_pt)
    _set_word_font(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    _paragraph_style(
        document,
        BODY,
        size=layout.body_pt,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent_mm=layout.first_line_indent_mm,
        after_pt=layout.paragraph_after_pt,
        exact_pt=layout.line_height_pt,
    )
    heading = _paragraph_style(
        document,
        HEADING,
        size=layout.body_pt,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent_mm=layout.first_line_indent_mm,
        after_pt=layout.paragraph_after_pt,
        exact_pt=layout.line_height_pt,
    )
    heading.font.bold = True
    heading.paragraph_format.keep_with_next = True
    _paragraph_style(document, CENTERED, size=layout.bodies_pt, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(
        document, RECIPIENTS, size=layout.distribution_pt, align=WD_ALIGN_PARAGRAPH.LEFT
    )
    _paragraph_style(document, CELL, size=layout.annex_pt, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(document, CELL_CENTERED, size=layout.annex_pt, align=WD_ALIGN_PARAGRAPH.CENTER)


def _styled(paragraph, style_name):
    # Straight to <w:pStyle>: python-docx's `paragraph.style = ...` looks up the default style
    # on every call, which dominated the time of a long annex.
    paragraph._p.style = _STYLE_IDS[style_name]
    return paragraph


# ASCII ids, as Word writes them; the Vietnamese names are what the office sees.
_STYLE_IDS = {
    BODY: "VanBan",
    HEADING: "DeMuc",
    CENTERED: "CanGiua",
    RECIPIENTS: "NoiNhan",
    CELL: "OBang",
    CELL_CENTERED: "OBangGiua",
}


def _run(paragraph, text, *, size=None, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True
    return run


def _line(container, text, *, style=CENTERED, first=False, **run_format):
    """A paragraph in a cell (its first, empty paragraph when `first`) or in the body."""
    paragraph = _styled(container.paragraphs[0] if first else container.add_paragraph(), style)
    _run(paragraph, text, **run_format)
    return paragraph


def _add_markup(document, text):
    for block in markup_blocks(text):
        paragraph = _styled(document.add_paragraph(), BODY)
        if block.kind == "item":
            paragraph.add_run("- ")
        for run in block.runs:
            _run(paragraph, run.text, bold=run.bold, italic=run.italic)


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _page_number_field(paragraph, size):
    run = _run(paragraph, "", size=size)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def _set_margins(section, layout):
    section.top_margin = Mm(layout.margin_top_mm)
    section.bottom_margin = Mm(layout.margin_bottom_mm)
    section.left_margin = Mm(layout.margin_left_mm)
    section.right_margin = Mm(layout.margin_right_mm)
    section.header_distance = Mm(10)


def _repeat_header_row(row):
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def render_docx(doc: PartyDocument) -> bytes:
    """The .docx bytes of the document, laid out per the guidance of its date."""
    return _build(cleaned(doc), layout_for(doc.issued_on))


def _set_language(document, language: str = "vi-VN") -> None:
    # Without it Word takes the template's en-US and marks every Vietnamese word as misspelt.
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)
    document.styles["Normal"].paragraph_format.widow_control = True


def _set_properties(document, doc: PartyDocument) -> None:
    """Title, author (the issuing body, not "python-docx") and the document's own date."""
    moment = datetime.datetime.combine(doc.issued_on, datetime.time(8, 0))
    properties = document.core_properties
    properties.title = f"{doc.doc_type} {doc.number_line} {doc.subject}"[:250]
    properties.subject = doc.subject[:250]
    properties.author = doc.issuing_body
    properties.last_modified_by = doc.issuing_body
    properties.comments = ""
    properties.keywords = ""
    properties.category = doc.doc_type
    properties.language = "vi-VN"
    properties.revision = 1
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment


def _subject_rule(document, layout) -> None:
    """The short line under the subject, drawn (a bottom border on an indented, empty
    paragraph), as in the PDF: never the characters "-----"."""
    paragraph = _line(document, "", size=4)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(65)
    fmt.space_after = Pt(12)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1")):
        bottom.set(qn(attribute), value)
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _keep_together(row) -> None:
    # The signature block and "Nơi nhận" never split over two pages.
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _build(doc: PartyDocument, layout: LayoutVersion) -> bytes:
    document = Document()
    _add_styles(document, layout)
    _set_language(document)
    _set_properties(document, doc)

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    _set_margins(section, layout)
    # Page numbers at the top centre from page 2; the first page has its own, empty header.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(header, layout.page_number_pt)
    if doc.draft:
        for part in (section.header, section.first_page_header):
            mark = part.add_paragraph() if part is section.header else part.paragraphs[0]
            mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(mark, "DỰ THẢO", size=12, bold=True).font.color.rgb = RGBColor(0xBE, 0, 0)

    # Two-column heading; the number and the place and date share the second row.
    masthead = document.add_table(rows=2, cols=2)
    masthead.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(masthead)
    (left, right), (number, place_date) = (row.cells for row in masthead.rows)
    for cell, width in ((left, 70), (right, 95), (number, 70), (place_date, 95)):
        cell.width = Mm(width)
    _line(left, doc.parent_body.upper(), first=True)
    for body_line in doc.issuing_body_lines:
        _line(left, body_line, bold=True)
    _line(left, "*")
    _line(number, doc.number_line, first=True)
    _line(
        right, "ĐẢNG CỘNG SẢN VIỆT NAM", first=True, size=layout.party_name_pt, bold=True,
        underline=True,
    )  # fmt: skip
    _line(place_date, doc.place_date_line, first=True, italic=True)

    title = _line(document, doc.doc_type.upper(), size=layout.doc_type_pt, bold=True)
    title.paragraph_format.space_before = Pt(18)
    _line(document, doc.subject, size=layout.subject_pt, bold=True)
    _subject_rule(document, layout)

    _add_markup(document, doc.opening)
    for item in doc.sections:
        _styled(document.add_paragraph(heading_text(item)), HEADING)
        _add_markup(document, item.body)

    # The last paragraph of the body goes to the signature's page with it.
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    closing = document.add_table(rows=1, cols=2)
    _no_borders(closing)
    _keep_together(closing.rows[0])
    recipients, signature = closing.rows[0].cells
    recipients.width, signature.width = Mm(75), Mm(90)
    lines = distribution_lines(doc.distribution)
    if lines:
        _line(
            recipients,
            "Nơi nhận:",
            style=RECIPIENTS,
            first=True,
            size=layout.distribution_label_pt,
            underline=True,
        )
        for line in lines:
            _line(recipients, line, style=RECIPIENTS)
    _line(signature, doc.signing_authority.upper(), first=True, bold=True)
    _line(signature, doc.signer_position.upper())
    _line(signature, "").paragraph_format.space_after = Pt(layout.signature_space_mm * 72 / 25.4)
    _line(signature, doc.signer_name, bold=True)

    if doc.annex is not None:
        _add_annex(document, doc, layout)

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _add_annex(document, doc, layout):
    annex = doc.annex
    landscape = annex_is_landscape(doc.annex, layout)
    annex_section = document.add_section(WD_SECTION.NEW_PAGE)
    annex_section.different_first_page_header_footer = False
    if landscape:
        annex_section.orientation = WD_ORIENT.LANDSCAPE
        annex_section.page_width, annex_section.page_height = Mm(297), Mm(210)
    _set_margins(annex_section, layout)
    title_lines = annex_title_lines(annex)
    for index, (line, is_note) in enumerate(title_lines):
        paragraph = _line(
            document,
            line,
            size=layout.annex_pt if is_note else layout.body_pt,
            bold=not is_note,
            italic=is_note,
        )
        if index == len(title_lines) - 1:
            paragraph.paragraph_format.space_after = Pt(8)

    page_mm = (297 if landscape else 210) - layout.margin_left_mm - layout.margin_right_mm
    widths = [
        Mm(page_mm * percent / 100) for percent in annex_column_widths(annex, layout, landscape)
    ]
    text_cells = text_columns(annex)
    table = document.add_table(rows=1, cols=len(annex.columns))
    table.style = "Table Grid"
    _repeat_header_row(table.rows[0])
    for cell, column, width in zip(table.rows[0].cells, annex.columns, widths, strict=True):
        cell.width = width
        _line(cell, column, style=CELL_CENTERED, first=True, bold=True)
    styles = [CELL if i in text_cells else CELL_CENTERED for i in range(len(annex.columns))]
    for values in annex.rows:
        cells = table.add_row().cells
        for cell, value, style in zip(cells, values, styles, strict=False):
            _styled(cell.paragraphs[0], style).add_run(value)

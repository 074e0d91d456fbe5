"""The Word copy of a Party document (python-docx), laid out like the PDF.

Offices still edit and sign in Word, so the copy uses Times New Roman (what their machines have;
Liberation Serif in the PDF has the same metrics) and real Word structures: a borderless table
for the two-column heading and for "Nơi nhận" beside the signature, a PAGE field in the header
from page 2, and a landscape section for a wide annex with its header row repeated.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reports.markup import markup_blocks

WORD_FONT = "Times New Roman"


def _set_font(run, *, size=None, bold=None, italic=None, underline=None):
    run.font.name = WORD_FONT
    # Word picks the face per script; Vietnamese letters outside Latin-1 need hAnsi/cs set too.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), WORD_FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline
    return run


def _centered(cell_or_doc, text, *, size, bold=False, italic=False, underline=False, first=False):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _tight(paragraph)
    _set_font(paragraph.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _tight(paragraph):
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Mm(0)


def _body_paragraph(document, layout):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(layout.first_line_indent_mm)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(layout.paragraph_after_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(layout.line_height_pt)
    return paragraph


def _add_markup(document, layout, text):
    for block in markup_blocks(text):
        paragraph = _body_paragraph(document, layout)
        if block.kind == "item":
            _set_font(paragraph.add_run("- "), size=layout.body_pt)
        for run in block.runs:
            _set_font(
                paragraph.add_run(run.text),
                size=layout.body_pt,
                bold=run.bold,
                italic=run.italic,
            )


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _page_number_field(paragraph, size):
    run = _set_font(paragraph.add_run(), size=size)
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


def build_docx(doc, layout) -> bytes:
    from reports.documents import (
        _annex_is_landscape,
        _annex_title,
        _distribution_lines,
        _heading,
    )

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = WORD_FONT
    normal.font.size = Pt(layout.body_pt)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), WORD_FONT)
    document.core_properties.title = f"{doc.doc_type} {doc.number_line}"

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
            _set_font(mark.add_run("DỰ THẢO"), size=14, bold=True).font.color.rgb = RGBColor(
                0xBE, 0, 0
            )

    # Two-column heading; the number and the place and date share the second row.
    masthead = document.add_table(rows=2, cols=2)
    masthead.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(masthead)
    (left, right), (number, place_date) = (row.cells for row in masthead.rows)
    for cell, width in ((left, 70), (right, 95), (number, 70), (place_date, 95)):
        cell.width = Mm(width)
    _centered(left, doc.parent_body.upper(), size=layout.bodies_pt, first=True)
    _centered(left, doc.issuing_body.upper(), size=layout.bodies_pt, bold=True)
    _centered(left, "*", size=layout.bodies_pt)
    _centered(number, doc.number_line, size=layout.bodies_pt, first=True)
    _centered(
        right,
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        size=layout.party_name_pt,
        bold=True,
        underline=True,
        first=True,
    )
    _centered(place_date, doc.place_date_line, size=layout.bodies_pt, italic=True, first=True)

    title = _centered(document, doc.doc_type.upper(), size=layout.doc_type_pt, bold=True)
    title.paragraph_format.space_before = Pt(18)
    _centered(document, doc.subject, size=layout.subject_pt, bold=True)
    rule = _centered(document, "-----", size=layout.subject_pt)
    rule.paragraph_format.space_after = Pt(12)

    _add_markup(document, layout, doc.opening)
    for item in doc.sections:
        heading = _body_paragraph(document, layout)
        heading.paragraph_format.keep_with_next = True
        _set_font(heading.add_run(_heading(item)), size=layout.body_pt, bold=True)
        _add_markup(document, layout, item.body)

    closing = document.add_table(rows=1, cols=2)
    _no_borders(closing)
    recipients, signature = closing.rows[0].cells
    recipients.width, signature.width = Mm(75), Mm(90)
    lines = _distribution_lines(doc.distribution)
    if lines:
        label = recipients.paragraphs[0]
        _tight(label)
        _set_font(label.add_run("Nơi nhận:"), size=layout.distribution_label_pt, underline=True)
        for line in lines:
            paragraph = recipients.add_paragraph()
            _tight(paragraph)
            _set_font(paragraph.add_run(line), size=layout.distribution_pt)
    _centered(signature, doc.signing_authority.upper(), size=layout.body_pt, bold=True, first=True)
    _centered(signature, doc.signer_position.upper(), size=layout.body_pt)
    space = _centered(signature, "", size=layout.body_pt)
    space.paragraph_format.space_after = Pt(layout.signature_space_mm * 72 / 25.4)
    _centered(signature, doc.signer_name, size=layout.body_pt, bold=True)

    if doc.annex is not None:
        annex_section = document.add_section(WD_SECTION.NEW_PAGE)
        annex_section.different_first_page_header_footer = False
        if _annex_is_landscape(doc, layout):
            annex_section.orientation = WD_ORIENT.LANDSCAPE
            annex_section.page_width, annex_section.page_height = Mm(297), Mm(210)
        _set_margins(annex_section, layout)
        title_lines = _annex_title(doc.annex)
        for index, (line, is_note) in enumerate(title_lines):
            paragraph = _centered(
                document,
                line,
                size=layout.annex_pt if is_note else layout.body_pt,
                bold=not is_note,
                italic=is_note,
            )
            if index == len(title_lines) - 1:
                paragraph.paragraph_format.space_after = Pt(8)
        table = document.add_table(rows=1, cols=len(doc.annex.columns))
        table.style = "Table Grid"
        _repeat_header_row(table.rows[0])
        for cell, column in zip(table.rows[0].cells, doc.annex.columns, strict=True):
            _centered(cell, column, size=layout.annex_pt, bold=True, first=True)
        for values in doc.annex.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=False):
                paragraph = cell.paragraphs[0]
                _tight(paragraph)
                _set_font(paragraph.add_run(value), size=layout.annex_pt)

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()

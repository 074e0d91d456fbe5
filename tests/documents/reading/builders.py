"""Word files written the way offices write them: the header and the signature in borderless
two-column tables, lists numbered by Word itself (numbering.xml), action plans as tables."""

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

NUM_ID = 90
# Level texts as a Party document numbers: I-, 1., 1.1., a), -
LEVELS = [
    ("upperRoman", "%1-"),
    ("decimal", "%2."),
    ("decimal", "%2.%3."),
    ("lowerLetter", "%4)"),
    ("bullet", "-"),
]


def _add_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUM_ID}">{levels}</w:abstractNum>'
    )
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{NUM_ID}"><w:abstractNumId w:val="{NUM_ID}"/></w:num>'
    )
    # abstractNum elements come before num elements in numbering.xml.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def _no_borders(table) -> None:
    borders = parse_xml(
        f"<w:tblBorders {nsdecls('w')}>"
        + "".join(
            f'<w:{side} w:val="nil"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders>"
    )
    table._tbl.tblPr.append(borders)


def _fill(cell, lines) -> None:
    cell.paragraphs[0].text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def layout_table(document, left: list[str], right: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _fill(table.cell(0, 0), left)
    _fill(table.cell(0, 1), right)


def numbered(document, level: int, text: str) -> None:
    paragraph = document.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = NUM_ID


def grid_table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def build(header_left, header_right, body, closing_left, closing_right) -> bytes:
    """`body`: strings (typed paragraphs), (level, text) for Word's numbering, or a list of
    rows for a table."""
    document = docx.Document()
    _add_numbering(document)
    layout_table(document, header_left, header_right)
    for item in body:
        if isinstance(item, tuple):
            numbered(document, *item)
        elif isinstance(item, list):
            grid_table(document, item)
        else:
            document.add_paragraph(item)
    layout_table(document, closing_left, closing_right)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

"""Spreadsheets for the import tests, written the way Excel and the Department write them."""

import csv
import io

from openpyxl import Workbook

HEADER = [
    "Mã",
    "Tên đầy đủ",
    "Tên viết tắt",
    "Ký hiệu",
    "Loại",
    "Mã đơn vị cấp trên",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Tên gọi khác",
]


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, header=HEADER, *, bom=True, delimiter=",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def unit_row(
    code,
    name=None,
    *,
    short=None,
    symbol="",
    kind="huyen",
    parent="",
    since="",
    until="",
    aliases="",
):
    return [
        code,
        name or f"Đơn vị {code}",
        f"ĐV {code}" if short is None else short,
        symbol,
        kind,
        parent,
        since,
        until,
        aliases,
    ]

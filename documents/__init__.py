"""The Party document format ("văn bản của Đảng"), read and written; nothing of reporting.

- `document`: a `PartyDocument` as finished text (header, sections, annex, "Nơi nhận", signature).
- `layout`: the page by date (Hướng dẫn 36-HD/VPTW, then Quy định 399-QĐ/TW), annex column widths.
- `dates`: how dates are written in a document ("Quảng Ngãi, ngày 04 tháng 01 năm 2021").
- `markup`: the light markup of editable text (paragraphs, "- " items, bold, italic).
- `fonts`: the document font and its metrics.
- `pdf` and `word`: the writers (WeasyPrint, python-docx).
- `sample`: a realistic synthetic report, for benchmarks and tests.

Callers build a document and hand it over; this package imports nothing from the apps.
"""

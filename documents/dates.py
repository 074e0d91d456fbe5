"""How dates and numbers are written in Party documents (Hướng dẫn 36-HD/VPTW)."""

import datetime


def document_date(place: str, day: datetime.date) -> str:
    """ "Quảng Ngãi, ngày 04 tháng 01 năm 2021": days under 10 and months 1 and 2 get a
    leading zero, so that a handwritten digit cannot be added in front of them."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: datetime.date) -> str:
    """ "04/01/2021", as dates are cited inside the body of a document."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"

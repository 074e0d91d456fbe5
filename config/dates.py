"""The one date field every form uses, the admin's included: dates as Vietnamese users write
them, dd/mm/yyyy, whatever language the browser or the session is in.

Django reads a typed date with the input formats of the active language, and English lists
"%m/%d/%Y": 05/01/2026 became 1 May and 15/01/2026 was refused. A browser's <input type=date>
shows mm/dd/yyyy in an English browser. So the field is a plain text box showing dd/mm/yyyy,
and its parser takes the day first, always; anything it cannot read as one certain day is
refused with a message saying what is wrong, never read another way. ISO dates (2026-01-15)
are accepted too: with the year first they cannot be misread.
"""

import calendar
import datetime
import re

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

DISPLAY_FORMAT = "%d/%m/%Y"
PLACEHOLDER = "dd/mm/yyyy"
# The years a directive, a period or a report can carry; a typo such as 20266 or 0202 is refused
# instead of being stored as a date nobody meant.
FIRST_YEAR, LAST_YEAR = 1900, 2200

# Anchored, one digit run per part, no nested quantifier: linear in the length of what is typed.
_DAY_FIRST = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{1,4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_day_month_year(value: str) -> datetime.date:
    """The day `value` names, read day first; ValidationError (in the user's language) when it
    names no day, or could be read as more than one."""
    text = value.strip()
    if len(text) > 20:
        raise ValidationError(_invalid(), code="invalid")
    iso = _ISO.fullmatch(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return _checked(day, month, year, written=text)
    match = _DAY_FIRST.fullmatch(text)
    if not match:
        raise ValidationError(_invalid(), code="invalid")
    day, month, year_text = int(match[1]), int(match[3]), match[4]
    if len(year_text) == 3:
        raise ValidationError(_invalid(), code="invalid")
    if len(year_text) != 4:
        # 05/01/26: 2026 or 1926? Nothing in the form can tell, so the user says.
        raise ValidationError(
            _("Write the year in full, with four digits: for example %(example)s.")
            % {"example": f"{day:02d}/{month:02d}/20{year_text[-2:]:0>2}"},
            code="two_digit_year",
        )
    return _checked(day, month, int(year_text), written=text)


def _invalid():
    return _("Enter the date as dd/mm/yyyy (day, month, year), for example 31/12/2026.")


def _checked(day: int, month: int, year: int, *, written: str) -> datetime.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year_out_of_range",
        )
    if month < 1 or month > 12:
        if 1 <= day <= 12 and 1 <= month <= calendar.monthrange(year, day)[1]:
            # 01/15/2026 is the month-first way of writing 15 January: refused, not swapped.
            raise ValidationError(
                _(
                    "“%(written)s” has no month %(month)s: dates are written day first "
                    "(dd/mm/yyyy). Did you mean %(swapped)s?"
                )
                % {
                    "written": written,
                    "month": month,
                    "swapped": f"{month:02d}/{day:02d}/{year}",
                },
                code="month_first",
            )
        raise ValidationError(
            _("There is no month %(month)s: the month is between 1 and 12.") % {"month": month},
            code="no_such_month",
        )
    last = calendar.monthrange(year, month)[1]
    if day < 1 or day > last:
        raise ValidationError(
            _("“%(written)s” does not exist: month %(month)s of %(year)s has %(days)s days.")
            % {"written": written, "month": month, "year": year, "days": last},
            code="no_such_day",
        )
    return datetime.date(year, month, day)


class DayMonthYearInput(forms.DateInput):
    """A text box showing dd/mm/yyyy; no browser date picker, whose order follows the
    browser's language."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "class": "form-control",
                "placeholder": PLACEHOLDER,
                "inputmode": "numeric",
                "autocomplete": "off",
                "size": 10,
                **(attrs or {}),
            },
            format=DISPLAY_FORMAT,
        )


class AdminDayMonthYearInput(AdminDateWidget):
    """The admin's date box (with its calendar, which writes the first of DATE_INPUT_FORMATS,
    dd/mm/yyyy in both languages: config/formats), shown as dd/mm/yyyy."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": PLACEHOLDER, **(attrs or {})}, format=DISPLAY_FORMAT)


class DayMonthYearField(forms.DateField):
    widget = DayMonthYearInput
    default_error_messages = {"required": _("Enter this date.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_day_month_year(str(value))


class DayMonthYearAdmin:
    """For every ModelAdmin and inline: their date fields read and show dd/mm/yyyy with our
    messages (tests/config/test_dates.py checks that every registered admin has it)."""

    formfield_overrides = {
        models.DateField: {"form_class": DayMonthYearField, "widget": AdminDayMonthYearInput}
    }

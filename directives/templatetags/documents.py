from django import template
from django.utils.formats import get_format

from documents.dates import document_date, short_date

register = template.Library()


@register.simple_tag
def date_line(place, day):
    return document_date(place, day)


@register.filter
def vn_date(day):
    return short_date(day) if day else ""


@register.filter
def figure(value):
    """A whole number with its thousands grouped as the interface's language writes them
    (1.480 in Vietnamese, 1,480 in English), as the consolidated report prints it. Django's
    own grouping is off for Vietnamese (its NUMBER_GROUPING is 0)."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", get_format("THOUSAND_SEPARATOR"))

from django import template

from documents.dates import document_date, short_date

register = template.Library()


@register.simple_tag
def date_line(place, day):
    return document_date(place, day)


@register.filter
def vn_date(day):
    return short_date(day) if day else ""

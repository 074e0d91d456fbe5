from django import template

from units.names import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's name as Vietnamese write it: "Nguyễn Thị Tuyên", family name first."""
    return display_name(user)

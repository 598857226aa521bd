"""People in templates: shown by their name in the directory, never by a login name."""

from django import template

from learning.directory import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    return _person_name(user) if user is not None else ""

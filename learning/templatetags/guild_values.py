"""How a stored value reads on a page, in the viewer's language and time zone.

Wagtail's admin prints a field's value with ``{{ value|localize }}`` on inspect pages and
``{{ value }}`` in listing cells: ``True``, ``None`` and a UTC clock reach the page as
they are. Guild's copies of those templates (``templates/wagtailadmin/``) and its own
templates pass values through ``shown`` instead.
"""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext, npgettext_lazy, pgettext

register = template.Library()

EMPTY = "—"


@register.filter
def shown(value):
    """``value`` as a person reads it: yes or no for a boolean, a dash for nothing, a
    date-time in the active zone, a date by the locale's format; anything else as is."""
    if value is None or value == "":
        return EMPTY
    if value is True:
        return pgettext("a stored value", "Yes")
    if value is False:
        return pgettext("a stored value", "No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return value


# Guild's own words for elapsed time. Django's catalogs lack some of its plural forms (its
# Greek one leaves "3 hours" in English); a context keeps these apart from its msgids.
ELAPSED = {
    "year": npgettext_lazy("time elapsed", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time elapsed", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time elapsed", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time elapsed", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time elapsed", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time elapsed", "%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter
def since(value):
    """How long ago ``value`` was ("3 hours, 5 minutes"), in Guild's words; empty for
    nothing."""
    if not value:
        return ""
    return timesince(value, time_strings=ELAPSED)


@register.filter
def shown_title(value):
    """The hover text of a yes/no icon (Wagtail's boolean cells title it ``True``)."""
    if value is None:
        return gettext("Unknown")
    return shown(bool(value))

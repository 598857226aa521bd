"""Schema errors in the caller's language.

Pydantic writes its errors in English ("Field required", "Input should be a valid
integer"). Each error carries a stable ``type`` and its limits in ``ctx``; here the common
types get a message through gettext, in the language the API already chose for the
caller (their profile's, else Accept-Language). Where Django's forms say the same thing,
the message is Django's own msgid, so it reads as the admin's forms do and is translated
by Django's catalogs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DATE_TYPES = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
}
DATETIME_TYPES = {"datetime_type", "datetime_parsing", "datetime_from_date_parsing"}


def _limit(ctx: dict, *keys: str):
    return next((ctx[key] for key in keys if key in ctx), "")


def _at_most(error: dict) -> str:
    limit = _limit(error.get("ctx", {}), "le", "lt")
    if "lt" in error.get("ctx", {}) and isinstance(limit, int):
        limit -= 1
    return _("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": limit}


def _at_least(error: dict) -> str:
    limit = _limit(error.get("ctx", {}), "ge", "gt")
    if "gt" in error.get("ctx", {}) and isinstance(limit, int):
        limit += 1
    return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
        "limit_value": limit
    }


def _text_too_long(error: dict) -> str:
    limit = error.get("ctx", {}).get("max_length", 0)
    given = len(error.get("input") or "")
    return ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        limit,
    ) % {"limit_value": limit, "show_value": given}


def _text_too_short(error: dict) -> str:
    limit = error.get("ctx", {}).get("min_length", 0)
    given = len(error.get("input") or "")
    return ngettext(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        limit,
    ) % {"limit_value": limit, "show_value": given}


def _too_many(error: dict) -> str:
    limit = error.get("ctx", {}).get("max_length", 0)
    return ngettext("Send at most %(count)d item.", "Send at most %(count)d items.", limit) % {
        "count": limit
    }


def _too_few(error: dict) -> str:
    limit = error.get("ctx", {}).get("min_length", 0)
    return ngettext("Send at least %(count)d item.", "Send at least %(count)d items.", limit) % {
        "count": limit
    }


def _choice(error: dict) -> str:
    return _("Select a valid choice. %(value)s is not one of the available choices.") % {
        "value": error.get("input", "")
    }


def _own_message(error: dict) -> str:
    # Guild's own validators raise ValueError with a message already in gettext.
    message = str(error.get("ctx", {}).get("error", "")) or error.get("msg", "")
    return message.removeprefix("Value error, ")


MESSAGES: dict[str, Callable[[dict], str]] = {
    "missing": lambda error: _("This field is required."),
    "int_type": lambda error: _("Enter a whole number."),
    "int_parsing": lambda error: _("Enter a whole number."),
    "int_from_float": lambda error: _("Enter a whole number."),
    "float_type": lambda error: _("Enter a number."),
    "float_parsing": lambda error: _("Enter a number."),
    "decimal_parsing": lambda error: _("Enter a number."),
    "bool_type": lambda error: _("Enter true or false."),
    "bool_parsing": lambda error: _("Enter true or false."),
    "string_type": lambda error: _("Enter text."),
    "string_too_long": _text_too_long,
    "string_too_short": _text_too_short,
    "too_long": _too_many,
    "too_short": _too_few,
    "less_than_equal": _at_most,
    "less_than": _at_most,
    "greater_than_equal": _at_least,
    "greater_than": _at_least,
    **dict.fromkeys(DATE_TYPES, lambda error: _("Enter a valid date.")),
    **dict.fromkeys(DATETIME_TYPES, lambda error: _("Enter a valid date/time.")),
    "time_type": lambda error: _("Enter a valid time."),
    "time_parsing": lambda error: _("Enter a valid time."),
    "enum": _choice,
    "literal_error": _choice,
    "list_type": lambda error: _("Enter a list of values."),
    "dict_type": lambda error: _("Send an object."),
    "model_type": lambda error: _("Send an object."),
    "model_attributes_type": lambda error: _("Send an object."),
    "uuid_type": lambda error: _("Enter a valid UUID."),
    "uuid_parsing": lambda error: _("Enter a valid UUID."),
    "extra_forbidden": lambda error: _("This field is not accepted."),
    "value_error": _own_message,
    "assertion_error": _own_message,
}


def field_error_message(error: dict) -> str:
    """The message of one pydantic error, in the active language.

    A type without its own message says "Enter a valid value." rather than English.
    Custom errors (``PydanticCustomError``) carry their translated message already.
    """
    build = MESSAGES.get(error.get("type", ""))
    if build is not None:
        return build(error)
    if error.get("type", "").startswith("guild_"):
        return error.get("msg", "")
    return _("Enter a valid value.")

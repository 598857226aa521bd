"""Recognition's declarations: the default kudos values, the weekly prompts in their
rotation, and the words that name the welcome duty."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Choice:
    code: str
    label: str | Promise


# The values kudos may name in a program whose HR defined none.
DEFAULT_VALUES = (
    Choice("teamwork", pgettext_lazy("a kudos value", "Teamwork")),
    Choice("customer", pgettext_lazy("a kudos value", "Customer first")),
    Choice("ownership", pgettext_lazy("a kudos value", "Ownership")),
    Choice("courage", pgettext_lazy("a kudos value", "Courage")),
    Choice("growth", pgettext_lazy("a kudos value", "Growth")),
    Choice("helping", pgettext_lazy("a kudos value", "A helping hand")),
)


@dataclass(frozen=True)
class Prompt:
    code: str
    question: str | Promise


# Asked one a week, in this order, round and round (004: questions that bring someone
# to mind).
PROMPTS = (
    Prompt(
        "achieved",
        _("What did your team achieve this week, and who made it happen?"),
    ),
    Prompt("led", _("Who took the lead on a recent project?")),
    Prompt("handled", _("Who handled a hard situation well lately?")),
    Prompt("grown", _("Who have you seen grow since the program began?")),
)
PROMPT_BY_CODE = {prompt.code: prompt for prompt in PROMPTS}

# A helper's duty is free text (``Membership.helper_duty``): a duty that contains one of
# these words, in any of Guild's languages, is the welcome duty.
WELCOME_DUTY_WORDS = ("welcom", "greet", "迎新", "欢迎", "приветств", "встреч", "καλωσ")

"""The retrospective's form on the site and in the admin: it checks shape, the services
decide.

Each list is written as plain text, one entry per paragraph (a blank line between
entries); lines starting with ``>`` in an entry quote what members said. A phone's
keyboard types that as easily as a computer's.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cohorts.retrospectives.services import EntryInput
from cohorts.retrospectives.services.writing import SUMMARY_MAX

LIST_HELP = _(
    "One entry per paragraph, with a blank line between entries. Start a line with > "
    "to quote what members said."
)


def entries_parse(text: str) -> list[EntryInput]:
    """The entries written in ``text`` (paragraphs; ``>`` lines are the quote)."""
    entries = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        said, quoted = [], []
        for line in block.split("\n"):
            stripped = line.strip()
            if stripped.startswith(">"):
                quoted.append(stripped[1:].strip())
            elif stripped:
                said.append(stripped)
        if said or quoted:
            entries.append(EntryInput(text="\n".join(said), quote="\n".join(quoted)))
    return entries


def entries_text(entries) -> str:
    """``entries`` written back as the form's text."""
    blocks = []
    for entry in entries:
        lines = [entry.text] + [f"> {line}" for line in entry.quote.splitlines() if line.strip()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class RetrospectiveForm(forms.Form):
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    went_well = forms.CharField(
        label=_("What went well"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=LIST_HELP,
    )
    to_change = forms.CharField(
        label=_("What to change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=LIST_HELP,
    )
    summary = forms.CharField(
        label=_("Closing summary"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    @classmethod
    def initial_of(cls, retrospective, entries: dict) -> dict:
        return {
            "language": retrospective.language,
            "went_well": entries_text(entries["went_well"]),
            "to_change": entries_text(entries["to_change"]),
            "summary": retrospective.summary,
        }

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "language": data["language"],
            "summary": data["summary"],
            "went_well": entries_parse(data["went_well"]),
            "to_change": entries_parse(data["to_change"]),
        }

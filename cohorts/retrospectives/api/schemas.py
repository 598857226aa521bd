"""What the retrospectives' API reads and writes."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from cohorts.retrospectives.services.writing import ENTRIES_MAX, QUOTE_MAX, SUMMARY_MAX, TEXT_MAX
from learning.api.schemas import PersonOut


class EntryIn(Schema):
    text: str = Field(..., max_length=TEXT_MAX, description="The point, in a few sentences.")
    quote: str = Field("", max_length=QUOTE_MAX, description="What members said, quoted.")


class EntryOut(Schema):
    text: str
    quote: str


class RetrospectiveIn(Schema):
    """Only what is given changes; a list replaces that kind's entries in its order."""

    language: str | None = Field(
        None, description="The language it is written in: en, zh-hans, ru or el."
    )
    summary: str | None = Field(None, max_length=SUMMARY_MAX)
    went_well: list[EntryIn] | None = Field(None, max_length=ENTRIES_MAX)
    to_change: list[EntryIn] | None = Field(None, max_length=ENTRIES_MAX)


class RetrospectiveOut(Schema):
    cohort: str = Field(description="The cohort's slug.")
    status: str = Field(description="`draft` or `published`.")
    language: str
    revision: int = Field(description="Counts the edits; the PDF follows it.")
    summary: str
    went_well: list[EntryOut]
    to_change: list[EntryOut]
    published_at: datetime.datetime | None
    published_by: PersonOut | None
    updated_at: datetime.datetime
    pdf: str = Field(description="Where its PDF is downloaded (`?lang=` for a language).")

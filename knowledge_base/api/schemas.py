"""What the knowledge-base API takes and answers: declarations only."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.conf import settings
from ninja import Schema
from pydantic import Field, WithJsonSchema

from cohorts.sessions.api.schemas import choice_of
from knowledge_base.models import CaseKind, CaseSource, DealStage
from knowledge_base.services.cases import LINE_MAX, TAG_MAX, TAGS_MAX, TEXT_MAX
from knowledge_base.tools.api.schemas import ToolOut
from learning.api.schemas import Id, PersonOut

Kind = choice_of(CaseKind)
Stage = choice_of(DealStage)
Source = choice_of(CaseSource)
Language = Annotated[
    str,
    WithJsonSchema({"type": "string", "enum": [code for code, _name in settings.LANGUAGES]}),
]
Line = Annotated[str, Field(max_length=LINE_MAX)]
Text = Annotated[str, Field(max_length=TEXT_MAX)]


class CaseIn(Schema):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Kind
    language: Language = "en"
    product: Line = ""
    industry: Line = ""
    region_id: Id | None = None
    customer_segment: Line = ""
    deal_stage: Stage | None = None
    situation: Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]
    actions: Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]
    outcome: Text = ""
    lessons: Text = ""
    source: Source = CaseSource.FIELD
    source_reference: Annotated[str, Field(max_length=300)] = ""
    tags: Annotated[
        list[Annotated[str, Field(max_length=TAG_MAX)]], Field(max_length=TAGS_MAX)
    ] = []


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class CaseOut(Schema):
    id: int
    title: str
    kind: str
    language: str
    product: str
    industry: str
    region: str | None
    customer_segment: str
    deal_stage: str
    source: str
    status: str = Field(description="approved, in_review, needs_changes or draft")
    tags: list[str]
    author: PersonOut | None
    created_at: datetime.datetime


class FlagOut(Schema):
    word: str
    start: int
    end: int
    preferred: str
    concept: str


class CaseDetailOut(CaseOut):
    situation: str
    actions: str
    outcome: str
    lessons: str
    source_reference: str
    attachments: list[AttachmentOut]
    glossary_flags: list[FlagOut] = Field(
        description="Deprecated words and their preferred terms; for the author and reviewers."
    )


class CasePageOut(Schema):
    items: list[CaseOut]
    count: int


class CaseFilters(Schema):
    kind: Kind | None = None
    mine: bool = False


class GlossaryTermOut(Schema):
    id: int
    concept: str
    language: str
    preferred: str
    deprecated: list[str]
    definition: str


class GlossaryFilters(Schema):
    language: Language | None = None


class SearchFilters(Schema):
    q: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Kind | None = None
    product: Line | None = None
    region_id: Id | None = None
    deal_stage: Stage | None = None
    tag: Annotated[str, Field(max_length=TAG_MAX)] | None = None


class SearchOut(Schema):
    cases: list[CaseOut]
    glossary: list[GlossaryTermOut]
    tools: list[ToolOut] = Field(
        description="Published sales tools the caller may read (left out when a case type "
        "is asked for)."
    )


class LibraryFilters(Schema):
    program_id: Id | None = None
    cohort_id: Id | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


class LibrarySummaryOut(Schema):
    id: int
    session_id: int
    session: str
    date: datetime.date
    program: str
    cohort: str
    cohort_slug: str
    subgroup: str | None
    key_points: str
    published_at: datetime.datetime | None


class SummaryPageOut(Schema):
    items: list[LibrarySummaryOut]
    count: int

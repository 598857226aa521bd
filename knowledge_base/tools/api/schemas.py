"""What the sales tools' API takes and answers: declarations only."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.conf import settings
from ninja import Schema
from pydantic import Field, WithJsonSchema

from cohorts.sessions.api.schemas import choice_of
from knowledge_base.models import DealStage
from knowledge_base.tools.models import ToolKind
from learning.api.schemas import Id, PersonOut

Kind = choice_of(ToolKind)
Stage = choice_of(DealStage)
Language = Annotated[
    str,
    WithJsonSchema({"type": "string", "enum": [code for code, _name in settings.LANGUAGES]}),
]


class ToolFilters(Schema):
    kind: Kind | None = None
    product: Annotated[str, Field(max_length=120)] | None = None
    region_id: Id | None = None
    deal_stage: Stage | None = None
    language: Language | None = None
    tag: Annotated[str, Field(max_length=40)] | None = None


class ToolOut(Schema):
    id: int
    title: str
    kind: str
    language: str
    summary: str
    product: str
    region: str | None
    deal_stage: str
    tags: list[str]
    owner: PersonOut | None
    url: str = Field(description="The tool's page on the site.")
    helped_count: int
    published_at: datetime.datetime | None


class ToolPageOut(Schema):
    items: list[ToolOut]
    count: int


class BlockOut(Schema):
    type: str = Field(
        description="talk_track, objections, comparison, presentation, "
        "checklist, project_plan, concessions, form, heading or paragraph"
    )
    id: str
    value: Any = Field(description="The block's fields; a paragraph's value is HTML.")


class CaseRefOut(Schema):
    id: int
    title: str
    kind: str


class ToolDetailOut(ToolOut):
    body: list[BlockOut]
    cases: list[CaseRefOut] = Field(description="The approved cases it was built from.")
    review_by: datetime.date | None
    due_for_review: bool
    helped_by_me: bool
    audience: str = Field(description="everyone, cohort or subgroup")


class HelpedOut(Schema):
    helped_by_me: bool
    helped_count: int

"""What the board's API reads and writes."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from learning.api.schemas import PersonOut


class BoardQuestionIn(Schema):
    title: str = Field(max_length=200)
    body: str = Field("", max_length=10000)
    tags: list[str] = Field(default_factory=list, max_length=5)
    subgroup: str | None = Field(
        None, max_length=100, description="The slug of a sub-group you are in, or none."
    )


class BoardQuestionOut(Schema):
    id: int
    title: str
    body: str
    author: PersonOut | None
    subgroup: str | None = Field(description="The sub-group's slug, or none.")
    tags: list[str]
    votes: int
    answer_count: int
    accepted_answer_id: int | None
    escalation_level: int = Field(
        description="0 none, 1 helpers on Q&A duty, 2 planning team, 3 core team."
    )
    first_answer_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    created_at: datetime.datetime
    url: str


class BoardQuestionPageOut(Schema):
    items: list[BoardQuestionOut]
    count: int


class BoardAnswerIn(Schema):
    body: str = Field(max_length=10000)


class BoardAnswerOut(Schema):
    id: int
    author: PersonOut | None
    body: str
    helpful: bool
    accepted: bool
    created_at: datetime.datetime


class BoardQuestionDetailOut(BoardQuestionOut):
    answers: list[BoardAnswerOut]
    voted: bool


class BoardVoteOut(Schema):
    counted: bool = Field(description="False when you had already voted.")
    votes: int


class BoardHelpfulIn(Schema):
    helpful: bool = True


class BoardReportIn(Schema):
    reason: str = Field(max_length=2000)
    answer_id: int | None = Field(None, ge=1, description="Report this answer of it instead.")


class BoardReportOut(Schema):
    id: int
    status: str


class BoardSimilarOut(Schema):
    id: int
    title: str
    answer_count: int
    accepted: bool
    url: str


class BoardSettingsIn(Schema):
    answer_within_hours: int = Field(ge=1, le=336)
    helper_duty_match: str | None = Field(None, max_length=120)


class BoardSettingsOut(Schema):
    answer_within_hours: int
    helper_duty_match: str


class BoardProposedOut(Schema):
    references: list[str]


class BoardScorecardOut(Schema):
    mentor_id: int
    mentor_name: str
    questions: int
    replied: int
    resolved: int
    median_first_reply_hours: float | None

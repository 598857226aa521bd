"""What the operations room's API takes and answers: declarations only."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from learning.api.schemas import CalendarDate, PersonOut


class OpsPostIn(Schema):
    kind: str = Field(description="`plan`, `decision`, `roster` or `note`.")
    title: str = Field(max_length=200)
    body: str = Field("", max_length=10_000)


class OpsPostOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    pinned: bool
    author: PersonOut | None
    created_at: datetime.datetime
    edited_at: datetime.datetime | None


class OpsPostPageOut(Schema):
    items: list[OpsPostOut]
    count: int


class PlanItemIn(Schema):
    text: str = Field(max_length=300)
    owner: str | None = Field(
        None, max_length=150, description="The owner's employee id (or username), of the team."
    )


class PlanItemDoneIn(Schema):
    done: bool = True


class PlanItemOut(Schema):
    id: int
    text: str
    owner: PersonOut | None
    done_at: datetime.datetime | None


class WeeklyPlanOut(Schema):
    week: datetime.date = Field(description="The Monday of the week, on the cohort's clock.")
    focus: str
    items: list[PlanItemOut]


class WeeklyPlanIn(Schema):
    focus: str = Field("", max_length=200)


class EvaluationOut(Schema):
    id: int
    period_start: datetime.date
    period_end: datetime.date
    person: PersonOut | None
    role: str
    helper_duty: str
    counts: dict[str, int] = Field(description="Duties done in the period, by duty code.")
    total: int
    assessment: str
    assessed_at: datetime.datetime | None


class EvaluationPageOut(Schema):
    items: list[EvaluationOut]
    count: int


class AssessmentIn(Schema):
    assessment: str = Field(max_length=2000)


class PlanningInviteIn(Schema):
    membership_id: int = Field(ge=1)
    message: str = Field("", max_length=1000)


class PlanningInvitationOut(Schema):
    id: int
    cohort: str = Field(description="The cohort's slug.")
    membership_id: int
    status: str
    message: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None


__all__ = ["CalendarDate"]

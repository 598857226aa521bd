"""What the check-ins and points API takes and answers: declarations only."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from learning.api.schemas import CalendarDate, PersonOut, WallClock


class CheckinTaskOut(Schema):
    id: int
    title: str
    instructions: str
    kind: str = Field(description="`reading` (book, title, text) or `free` (text, photo).")
    frequency: str = Field(description="`daily` or `weekly`.")
    weekday: int = Field(description="A weekly task's due day, 0 = Monday.")
    due_time: WallClock = Field(description="On the cohort's clock.")
    time_zone: str
    lateness: str = Field(description="`late_window`, `refuse` or `end_of_day`.")
    late_hours: int
    today: datetime.date | None = Field(description="The current period's (due) day.")
    due_at: datetime.datetime | None = Field(description="UTC.")
    closes_at: datetime.datetime | None = Field(description="UTC: no check-in after it.")


class CheckinIn(Schema):
    day: CalendarDate | None = Field(
        None, description="The period's day; the current period when left out."
    )
    book: str = Field("", max_length=200)
    chapter: str = Field("", max_length=200, description="The title of what was read.")
    text: str = Field("", max_length=20_000)


class CheckinOut(Schema):
    id: int
    task_id: int
    day: datetime.date
    book: str
    chapter: str
    text: str
    word_count: int = Field(
        description="Counted by the server: each CJK character is one word, other "
        "languages count words between spaces."
    )
    late: bool
    has_photo: bool
    photo_url: str | None = Field(description="Where to download the photo, if any.")
    submitted_at: datetime.datetime


class TaskStreakOut(Schema):
    task_id: int
    streak: int = Field(description="Consecutive periods completed.")
    done_today: bool


class MyCheckinsOut(Schema):
    streaks: list[TaskStreakOut]
    recent: list[CheckinOut]


class MissingOut(Schema):
    person: PersonOut | None
    nudged: bool


class MissingPageOut(Schema):
    day: datetime.date | None = Field(description="Today's period; null when none is due.")
    expected: int
    done: int
    late: int
    items: list[MissingOut]


class NudgeOut(Schema):
    nudged: int = Field(description="People nudged now (each is nudged once per period).")


class PointsEntryOut(Schema):
    id: int
    rule: str
    label: str
    points: int
    counts: bool = Field(description="False once withdrawn (the action was undone).")
    cause_type: str
    cause_id: int
    cause: str
    cause_url: str
    occurred_at: datetime.datetime


class LedgerOut(Schema):
    total: int
    items: list[PointsEntryOut]
    count: int


class StandingOut(Schema):
    rank: int
    person: PersonOut | None
    points: int


class LeaderboardOut(Schema):
    top: list[StandingOut]
    me: StandingOut | None

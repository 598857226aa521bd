"""What recognition's API reads and writes."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from cohorts.recognition.models import Visibility
from learning.api.schemas import PersonOut, person_of


class KudosIn(Schema):
    receivers: list[str] = Field(
        ...,
        min_length=1,
        max_length=10,
        description="Employee ids (or usernames) of the members thanked.",
    )
    message: str = Field(..., max_length=2000)
    value: str = Field("", max_length=40, description="One of the cohort's value codes, or empty.")
    private: bool = Field(
        False,
        description="Only for the receivers. Kudos are private anyway when a receiver "
        "prefers private recognition.",
    )
    prompt: str = Field("", max_length=20, description="The weekly prompt answered, if any.")


class KudosOut(Schema):
    id: int
    cohort: str = Field(description="The cohort's slug.")
    giver: PersonOut | None
    receivers: list[PersonOut]
    message: str
    value: str
    visibility: str = Field(description="`public` (in the feed) or `private`.")
    hidden: bool = Field(description="Hidden by moderation (seen by organizers only).")
    created_at: datetime.datetime

    @staticmethod
    def resolve_cohort(obj):
        return obj.cohort.slug

    @staticmethod
    def resolve_giver(obj):
        return person_of(obj.giver)

    @staticmethod
    def resolve_receivers(obj):
        return [p for p in (person_of(row.user) for row in obj.receiver_rows.all()) if p]


class KudosPageOut(Schema):
    items: list[KudosOut]
    count: int


class WallOut(Schema):
    items: list[KudosOut]
    next_before: int | None = Field(
        description="Pass as `before` for the next (older) page; null at the end."
    )


class PreferenceIn(Schema):
    visibility: Visibility
    note: str = Field("", max_length=200)


class PreferenceOut(Schema):
    visibility: str
    note: str


class AwardOut(Schema):
    id: int
    name: str
    description: str
    phase: str = Field(description="upcoming, nominating, voting, counting or closed.")
    nominations_open_at: datetime.datetime
    nominations_close_at: datetime.datetime
    voting_open_at: datetime.datetime
    voting_close_at: datetime.datetime
    winners_count: int
    closed_at: datetime.datetime | None


class AwardPageOut(Schema):
    items: list[AwardOut]
    count: int


class NominationIn(Schema):
    nominee: str = Field(..., max_length=150, description="Employee id (or username).")
    reason: str = Field(..., max_length=1000)


class NominationOut(Schema):
    id: int
    nominee: PersonOut | None
    reason: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_nominee(obj):
        return person_of(obj.nominee)


class NomineeOut(Schema):
    nominee: PersonOut | None
    reasons: list[str]
    votes: int | None = Field(
        description="Votes so far: shown once announced, and to organizers; else null."
    )
    winner: bool


class VoteIn(Schema):
    nominee: str = Field(..., max_length=150, description="Employee id (or username).")


class AwardVoteOut(Schema):
    award_id: int
    nominee: PersonOut | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_nominee(obj):
        return person_of(obj.nominee)

"""What the mentoring API reads and writes."""

from __future__ import annotations

import datetime

from django.conf import settings
from ninja import Schema
from pydantic import ConfigDict, Field

from learning.api.jobs import JobOut
from learning.api.schemas import PersonOut

TEXT_MAX = 2000
TAG_MAX = 40


class MentorProfileIn(Schema):
    """Only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    opted_in: bool | None = Field(None, description="Open to new mentees now.")
    capacity: int | None = Field(None, ge=1, le=20, description="Mentees at once.")
    products: list[str] | None = Field(None, max_length=20)
    skills: list[str] | None = Field(None, max_length=20)
    regions: list[str] | None = Field(None, description="Region codes besides one's own.")
    languages: list[str] | None = Field(
        None,
        description="Language codes besides one's preferred one: "
        + ", ".join(code for code, _name in settings.LANGUAGES),
    )
    availability: str | None = Field(None, max_length=200)
    contact: str | None = Field(None, max_length=200)


class MentorProfileOut(Schema):
    exists: bool = Field(description="False until the person has saved a profile.")
    person: PersonOut | None
    opted_in: bool
    capacity: int
    products: list[str]
    skills: list[str]
    regions: list[str] = Field(description="Region codes.")
    languages: list[str]
    availability: str
    contact: str
    updated_at: datetime.datetime | None


class MentorProfilePageOut(Schema):
    items: list[MentorProfileOut]
    count: int


class WeightsIn(Schema):
    """Points per trait; those not sent keep their default."""

    model_config = ConfigDict(extra="forbid")

    subgroup: float | None = Field(None, ge=0, le=1000)
    region: float | None = Field(None, ge=0, le=1000)
    subsidiary: float | None = Field(None, ge=0, le=1000)
    expertise: float | None = Field(None, ge=0, le=1000)
    expertise_max_tags: int | None = Field(None, ge=0, le=50)
    level_gap: float | None = Field(None, ge=0, le=1000)
    level_gap_min: int | None = Field(None, ge=-100, le=100)
    level_gap_max: int | None = Field(None, ge=-100, le=100)
    load: float | None = Field(None, ge=0, le=1000)


class PartOut(Schema):
    code: str = Field(
        description="`subgroup`, `region`, `subsidiary`, `expertise`, `level_gap` or `load`."
    )
    points: float
    detail: str = Field(description="What the part is about: an id, a tag or a gap.")
    name: str = Field(description="What it is about, by name.")
    label: str = Field(description="The part in words, in the caller's language.")


class ProposalOut(Schema):
    id: int
    mentee: PersonOut | None
    mentor: PersonOut | None
    score: float
    parts: list[PartOut]
    locked: bool
    source: str = Field(description="`engine`, `hr` or `published` (already paired).")


class ProposalPageOut(Schema):
    items: list[ProposalOut]
    count: int


class UnmatchedOut(Schema):
    mentee: PersonOut | None
    reason: str = Field(description="A hard constraint's code, `all_full` or `no_mentors`.")
    counts: dict[str, int] = Field(description="Mentors ruled out by each constraint.")
    label: str


class MatchRunOut(Schema):
    id: int
    cohort: str = Field(description="The cohort's slug.")
    status: str = Field(
        description="`queued`, `running`, `proposed`, `published`, `failed` or `discarded`."
    )
    weights: dict
    total: float = Field(description="The total fit of the proposed pairs.")
    unmatched: list[UnmatchedOut] = Field(description="At most 200 of them.")
    unmatched_count: int
    created_at: datetime.datetime
    solved_at: datetime.datetime | None
    published_at: datetime.datetime | None


class MatchRunPageOut(Schema):
    items: list[MatchRunOut]
    count: int


class MatchRunStartedOut(Schema):
    run: MatchRunOut
    job: JobOut | None = Field(description="The background job solving it, for large cohorts.")


class LockIn(Schema):
    locked: bool


class ChangeIn(Schema):
    mentee: str = Field(description="The newcomer's employee id.", max_length=40)
    mentor: str = Field(description="The mentor's employee id.", max_length=40)
    over_capacity: bool = Field(
        False, description="Give a mentor whose places are all taken one more (logged)."
    )


class PublishedOut(Schema):
    started: int
    ended: int
    kept: int


class PairingOut(Schema):
    id: int
    cohort: str
    mentor: PersonOut | None
    mentee: PersonOut | None
    status: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None


class PairingPageOut(Schema):
    items: list[PairingOut]
    count: int


class RepairIn(Schema):
    reason: str = Field(min_length=1, max_length=TEXT_MAX)


class RepairDecideIn(Schema):
    grant: bool
    note: str = Field("", max_length=TEXT_MAX)
    new_mentor: str | None = Field(None, max_length=40, description="An employee id.")
    over_capacity: bool = Field(
        False, description="Let the new mentor go past their capacity (logged)."
    )


class RepairOut(Schema):
    id: int
    pairing: PairingOut
    requested_by: PersonOut | None
    reason: str
    status: str = Field(description="`open`, `granted` or `declined`.")
    note: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None


class RepairPageOut(Schema):
    items: list[RepairOut]
    count: int


class ExclusionIn(ChangeIn):
    reason: str = Field("", max_length=300)


class ExclusionOut(Schema):
    id: int
    mentee: PersonOut | None
    mentor: PersonOut | None
    reason: str
    created_at: datetime.datetime


class ExclusionPageOut(Schema):
    items: list[ExclusionOut]
    count: int

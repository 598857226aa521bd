"""What the guest-session API takes and answers: declarations only.

Times are given twice: the UTC instants (``starts_at``, ``ends_at``), and the evening on
the cohort's wall clock (``date``, ``start_time``, ``end_time`` as HH:MM, in
``time_zone``), which is what people read and what organizers write.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.db import models
from ninja import Schema
from pydantic import ConfigDict, Field, WithJsonSchema, field_validator

from cohorts.sessions.models import (
    Guest,
    GuestInvitation,
    Rsvp,
    Session,
    SessionFormat,
    SessionSegment,
)
from learning.api.schemas import Count, Id, PersonOut, WallClock

MINUTES_MAX = 24 * 60
TEXT_MAX = 20_000


def choice_of(choices: type[models.Choices]):
    """A field taking one of a model's choices, declared inline in the OpenAPI document:
    as a named component, ``Session.Status`` and ``GuestInvitation.Status`` (or
    ``SessionSegment.Kind`` and the feed's ``Post.Kind``) would share one name, and one
    would describe the other's field."""
    kind = "integer" if all(isinstance(value, int) for value in choices.values) else "string"
    return Annotated[choices, WithJsonSchema({"type": kind, "enum": list(choices.values)})]


SegmentKind = choice_of(SessionSegment.Kind)


class SegmentIn(Schema):
    kind: SegmentKind
    minutes: int = Field(ge=1, le=MINUTES_MAX)
    title: str = Field("", max_length=150)


class SegmentOut(Schema):
    kind: str
    title: str
    minutes: int


class SessionIn(Schema):
    date: datetime.date = Field(description="The evening, on the cohort's calendar.")
    start_time: WallClock | None = Field(None, description="Default: the cohort's 19:30.")
    end_time: WallClock | None = Field(None, description="Default: the cohort's 21:00.")
    subgroup: str | None = Field(None, description="A sub-group's slug; none for everyone.")
    title: str = Field("", max_length=200)
    description: str = Field("", max_length=TEXT_MAX)
    host: str | None = Field(None, description="The host's employee id.")
    summary_writer: str | None = Field(
        None, description="Employee id of the helper on summary duty."
    )
    format: choice_of(SessionFormat) = SessionFormat.ROOM
    meeting_url: str = Field("", max_length=500)
    place: str = Field("", max_length=200)
    seat_limit: Count | None = None
    segments: list[SegmentIn] | None = Field(
        None, max_length=20, description="Default: the guest's talk, then Q&A."
    )


class SessionUpdateIn(Schema):
    """Only the fields sent change; the status changes with `POST …/transition`."""

    model_config = ConfigDict(extra="forbid")

    date: datetime.date | None = None
    start_time: WallClock | None = None
    end_time: WallClock | None = None
    subgroup: str | None = Field(None, description="A sub-group's slug; `null` for everyone.")
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=TEXT_MAX)
    host: str | None = Field(None, description="The host's employee id; `null` for none.")
    summary_writer: str | None = Field(
        None, description="Employee id of the helper on summary duty; `null` for none."
    )
    format: choice_of(SessionFormat) | None = None
    meeting_url: str | None = Field(None, max_length=500)
    place: str | None = Field(None, max_length=200)
    seat_limit: Count | None = None
    segments: list[SegmentIn] | None = Field(None, max_length=20)

    @field_validator(
        "date",
        "start_time",
        "end_time",
        "title",
        "description",
        "format",
        "meeting_url",
        "place",
        "segments",
    )
    @classmethod
    def _not_null(cls, value):
        # Sent as null: these have no "none" (only the sub-group, host, summary writer and
        # seat limit do).
        if value is None:
            raise ValueError("This field cannot be null.")
        return value


class SessionTransitionIn(Schema):
    to: choice_of(Session.Status)
    reason: str = Field("", max_length=2000, description="Needed to cancel.")


class RsvpCountsOut(Schema):
    going: int
    maybe: int
    not_going: int


class SessionOut(Schema):
    id: int
    cohort: str = Field(description="The cohort's slug.")
    subgroup: str | None = Field(description="The sub-group's slug, if it is for one.")
    title: str
    status: str
    format: str
    time_zone: str
    date: datetime.date
    start_time: WallClock
    end_time: WallClock
    starts_at: datetime.datetime = Field(description="UTC.")
    ends_at: datetime.datetime = Field(description="UTC.")
    host: PersonOut | None
    guests: list[str] = Field(description="Names of the guests who confirmed.")
    my_rsvp: choice_of(Rsvp.Answer) | None
    rsvp_counts: RsvpCountsOut


class SessionDetailOut(SessionOut):
    description: str
    meeting_url: str
    place: str
    seat_limit: int | None
    cancel_reason: str
    sequence: int = Field(description="Raised on every change attendees see (calendars).")
    segments: list[SegmentOut]
    attendance_count: int
    questions_count: int
    summary_published: bool
    allowed_transitions: list[str] = Field(description="For organizers; empty for others.")


class SessionPageOut(Schema):
    items: list[SessionOut]
    count: int


class SessionFilters(Schema):
    date_from: datetime.date | None = Field(
        None, alias="from", description="Evenings on or after this date."
    )
    date_to: datetime.date | None = Field(
        None, alias="to", description="Evenings on or before this date."
    )
    status: choice_of(Session.Status) | None = None


class SeriesIn(Schema):
    first_date: datetime.date
    last_date: datetime.date
    skip_weekdays: list[int] = Field(
        default_factory=list, max_length=7, description="ISO weekdays: 1 is Monday."
    )
    holidays: list[datetime.date] = Field(default_factory=list, max_length=366)
    subgroup: str | None = Field(None, description="A sub-group's slug; none for everyone.")


class SeriesOut(Schema):
    id: int
    first_date: datetime.date
    last_date: datetime.date
    sessions_created: int


class ClashOut(Schema):
    session_id: int
    date: datetime.date
    code: str = Field(description="`guest_twice` or `unfilled`.")
    message: str


class ClashFilters(Schema):
    date_from: datetime.date | None = Field(None, alias="from", description="Default: today.")
    date_to: datetime.date | None = Field(None, alias="to")


class ShareOut(Schema):
    url: str
    text: str = Field(description="Ready to paste into other channels, in your language.")


class GuestIn(Schema):
    tier: choice_of(Guest.Tier)
    employee_id: str | None = Field(None, description="For an employee; else give `name`.")
    name: str = Field("", max_length=150)
    organization: str = Field("", max_length=150)
    job_title: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    bio: str = Field("", max_length=TEXT_MAX)
    note: str = Field("", max_length=TEXT_MAX)


class GuestUpdateIn(Schema):
    """Only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    tier: choice_of(Guest.Tier) | None = None
    employee_id: str | None = Field(None, description="An employee; `null` for an outside guest.")
    name: str | None = Field(None, max_length=150)
    organization: str | None = Field(None, max_length=150)
    job_title: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    bio: str | None = Field(None, max_length=TEXT_MAX)
    note: str | None = Field(None, max_length=TEXT_MAX)

    @field_validator("tier", "name", "organization", "job_title", "email", "bio", "note")
    @classmethod
    def _not_null(cls, value):
        if value is None:
            raise ValueError("Leave the field out to keep it; it cannot be null.")
        return value


class GuestOut(Schema):
    id: int
    tier: int
    name: str
    is_outside: bool
    employee: PersonOut | None
    organization: str
    job_title: str
    email: str
    bio: str
    note: str


class PipelineGuestOut(GuestOut):
    invitations: dict[str, int] = Field(
        description="How many of the guest's invitations in this cohort are at each status."
    )


class PipelineTierOut(Schema):
    tier: int
    label: str
    guests: list[PipelineGuestOut]


class SuggestionOut(Schema):
    person: PersonOut
    posts: int
    reason: str


class InvitationIn(Schema):
    guest_id: Id
    message: str = Field("", max_length=TEXT_MAX)


class GuestBriefOut(Schema):
    id: int
    tier: int
    name: str
    is_outside: bool
    organization: str
    job_title: str


class InvitationOut(Schema):
    id: int
    session_id: int
    guest: GuestBriefOut
    status: str
    message: str
    answer: str
    link_active: bool = Field(description="Whether a secret link was minted and still works.")
    link_expires_at: datetime.datetime | None
    responded_at: datetime.datetime | None


class InvitationTransitionIn(Schema):
    to: choice_of(GuestInvitation.Status)
    answer: str = Field("", max_length=2000)


class InvitationLinkOut(Schema):
    url: str = Field(description="Shown this once: only a digest is kept.")
    token: str
    expires_at: datetime.datetime


class GuestAnswerIn(Schema):
    token: str = Field(max_length=200)
    accept: bool
    answer: str = Field("", max_length=2000)


class GuestInvitationPublicOut(Schema):
    """What the guest's own link shows: their invitation and its evening."""

    status: str
    cohort: str = Field(description="The cohort's name.")
    title: str
    time_zone: str
    date: datetime.date
    start_time: WallClock
    end_time: WallClock
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class RsvpIn(Schema):
    answer: choice_of(Rsvp.Answer)


class RsvpOut(Schema):
    answer: str
    listener: bool = Field(description="Coming from outside the cohort (the share link).")


class RoomPostIn(Schema):
    body: str = Field(max_length=4000)
    segment: SegmentKind = SessionSegment.Kind.TALK


class RoomPostOut(Schema):
    id: int
    author: PersonOut | None
    segment: str
    body: str
    has_image: bool
    has_audio: bool
    audio_type: str
    created_at: datetime.datetime


class RoomPostPageOut(Schema):
    items: list[RoomPostOut]
    count: int
    version: int = Field(description="Changes whenever a post or question does.")


class QuestionIn(Schema):
    body: str = Field(max_length=1000)


class QuestionOut(Schema):
    id: int
    author: PersonOut | None
    body: str
    votes: int
    answered_at: datetime.datetime | None
    created_at: datetime.datetime


class QuestionPageOut(Schema):
    items: list[QuestionOut]
    count: int


class VoteOut(Schema):
    counted: bool = Field(description="False when you had already voted.")
    votes: int


class AttendanceOut(Schema):
    person: PersonOut | None
    source: str
    first_seen_at: datetime.datetime


class AttendeeOut(AttendanceOut):
    rsvp: str | None = Field(description="Their answer beforehand, if they gave one.")
    rating: int | None = Field(description="Their rating (1–5), if they gave one.")


class AttendancePageOut(Schema):
    items: list[AttendeeOut]
    count: int


class CheckInIn(Schema):
    employee_id: str = Field(max_length=64)


class FeedbackIn(Schema):
    rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


class FeedbackOut(Schema):
    rating: int
    comment: str
    updated_at: datetime.datetime


class SummaryIn(Schema):
    """Only the texts sent change."""

    model_config = ConfigDict(extra="forbid")

    key_points: str | None = Field(None, max_length=TEXT_MAX)
    questions_and_answers: str | None = Field(None, max_length=TEXT_MAX)
    actions: str | None = Field(None, max_length=TEXT_MAX)
    body: str | None = Field(None, max_length=TEXT_MAX)


class SummaryOut(Schema):
    status: str
    key_points: str
    questions_and_answers: str
    actions: str
    body: str
    author: PersonOut | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime

"""Schemas shared by every router: the error shape and compact views of people.

Other apps' routers reuse ``PersonOut`` wherever they name a person (a cohort member, a
mentor, a session host) so that a person looks the same everywhere in the API and no
router leaks private directory fields by accident.
"""

import datetime
import re
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from learning.models import EmployeeProfile

# Every integer a client sends is bounded in the schema: the databases hold 64-bit
# integers, and a larger one must be refused as invalid input (400), not reach the
# database driver and crash the request.
DB_INT_MAX = 2**63 - 1
COUNT_MAX = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]


def _wall_clock(value):
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, str) and re.fullmatch(WALL_CLOCK_PATTERN, value):
        return datetime.time.fromisoformat(value)
    raise ValueError(_("Enter a time as HH:MM, e.g. 19:30."))


# Dates a person could mean: pydantic alone reads "0" as 1970-01-01 (seconds since the
# epoch) and takes the year 1 or 9999; a hire date or a cohort's dates are none of those.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)
ISO_DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"


def _calendar_date(value):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        day = value
    elif isinstance(value, str) and re.fullmatch(ISO_DATE_PATTERN, value.strip()):
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError("date_parsing", "Input should be a valid date") from None
    else:
        raise PydanticCustomError("date_parsing", "Input should be a valid date as YYYY-MM-DD")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year}
        )
    return day


# A date a client sends: ISO text (YYYY-MM-DD) between 1900 and 2199, nothing else.
CalendarDate = Annotated[datetime.date, BeforeValidator(_calendar_date)]


def input_values(payload: Schema, *, exclude=(), only_set: bool = False) -> dict:
    """A request body's fields as Python values for a service (a time stays a time, where
    ``model_dump`` would hand over the text the schema sends); ``only_set`` keeps only the
    fields the client sent, for partial updates."""
    names = payload.model_fields_set if only_set else type(payload).model_fields
    return {name: getattr(payload, name) for name in names if name not in exclude}


# A time of day on the wall clock (the nightly session's 19:30), with no date and so no
# offset: OpenAPI's `format: time` demands an offset, so it is declared and sent as HH:MM
# text, and read back only in that form.
WALL_CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
WallClock = Annotated[
    datetime.time,
    BeforeValidator(_wall_clock),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": WALL_CLOCK_PATTERN,
            "examples": ["19:30"],
            "description": "A time of day, HH:MM, in the cohort's time zone.",
        }
    ),
]


class ErrorBody(Schema):
    code: str = Field(description="Stable machine-readable reason, e.g. `invalid`, `not_found`.")
    message: str = Field(description="A sentence for people, in the caller's language.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages per input field, for `invalid` errors."
    )


class ErrorOut(Schema):
    error: ErrorBody


def person_of(user) -> EmployeeProfile | None:
    """What to show as ``PersonOut`` for an account: its directory entry, or None for an
    account outside the directory (a service account, say)."""
    return getattr(user, "profile", None) if user is not None else None


class PersonOut(Schema):
    """A person as any signed-in employee may see them: who they are, not how to reach them.

    Build it from an ``EmployeeProfile``.
    """

    employee_id: str
    full_name: str
    title: str


DISPLAY_NAME = Field(description="The name in the caller's language (``name`` where none is set).")


class LevelOut(Schema):
    code: str
    name: str
    display_name: str = DISPLAY_NAME
    rank: int


class OrgUnitOut(Schema):
    """A region, subsidiary, department or project team."""

    code: str
    name: str
    display_name: str = DISPLAY_NAME


class DirectoryEntryOut(PersonOut):
    """A row of the people directory.

    ``email`` and ``hire_date`` are private: they are filled only when the profile was
    marked by ``learning.directory.profiles_reveal_private`` for this viewer, so a
    profile that nobody marked shows them as null.
    """

    level: LevelOut
    region: OrgUnitOut | None
    subsidiary: OrgUnitOut | None
    department: OrgUnitOut | None
    project_team: OrgUnitOut | None
    manager: PersonOut | None
    is_active: bool
    email: str | None = Field(
        None, description="Only for HR, the person themself and their managers."
    )
    hire_date: datetime.date | None = Field(
        None, description="Only for HR, the person themself and their managers."
    )

    @staticmethod
    def resolve_email(obj) -> str | None:
        return obj.email if getattr(obj, "show_private", False) else None

    @staticmethod
    def resolve_hire_date(obj) -> datetime.date | None:
        return obj.hire_date if getattr(obj, "show_private", False) else None


class PersonDetailOut(DirectoryEntryOut):
    direct_reports_count: int = Field(description="Active people who report to this person.")
    preferred_language: str
    time_zone: str = Field(
        description="The IANA zone the person lives in: their own, else their region's, "
        "else the company's."
    )

    @staticmethod
    def resolve_time_zone(obj) -> str:
        return obj.zone_name

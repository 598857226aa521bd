"""Schemas shared by every router: the error shape and compact views of people.

Other apps' routers reuse ``PersonOut`` wherever they name a person (a cohort member, a
mentor, a session host) so that a person looks the same everywhere in the API and no
router leaks private directory fields by accident.
"""

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from learning.models import EmployeeProfile

# Every integer a client sends is bounded in the schema: the databases hold 64-bit
# integers, and a larger one must be refused as invalid input (400), not reach the
# database driver and crash the request.
DB_INT_MAX = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]


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


class LevelOut(Schema):
    code: str
    name: str
    rank: int


class OrgUnitOut(Schema):
    """A region, subsidiary, department or project team."""

    code: str
    name: str


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
    time_zone: str

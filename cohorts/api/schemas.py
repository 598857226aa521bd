"""What the cohort API takes and answers: declarations only."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import ConfigDict, Field

from cohorts.models import (
    EntryRule,
    Membership,
    Post,
    Report,
    SubGroup,
)
from learning.api.jobs import JobOut
from learning.api.schemas import (
    CalendarDate,
    Count,
    Id,
    LevelOut,
    OrgUnitOut,
    PersonOut,
    WallClock,
    person_of,
)


class ProgramOut(Schema):
    id: int
    title: str
    slug: str
    kind: str
    group_wide: bool
    url: str | None

    @staticmethod
    def resolve_url(obj) -> str | None:
        return obj["url"] if isinstance(obj, dict) else obj.url


class StreamItemOut(Schema):
    type: str
    value: object


class CohortOut(Schema):
    id: int
    slug: str
    name: str
    program_id: int
    program_title: str
    status: str
    start_date: datetime.date
    end_date: datetime.date
    time_zone: str
    session_start: WallClock
    session_end: WallClock
    capacity: Count | None
    group_wide: bool
    member_count: int | None = None

    @staticmethod
    def resolve_program_title(obj) -> str:
        return obj["program_title"] if isinstance(obj, dict) else obj.program.title


class ProgramDetailOut(ProgramOut):
    description: str
    curriculum: list[StreamItemOut]
    resources: list[StreamItemOut]
    cohorts: list[CohortOut]


class MembershipMineOut(Schema):
    id: int
    role: str
    status: str
    helper_duty: str
    wave: int
    joined_at: datetime.datetime | None
    muted_until: datetime.datetime | None


class CohortDetailOut(CohortOut):
    description: str
    membership: MembershipMineOut | None
    rules_version: int | None
    needs_rules_acceptance: bool
    allowed_transitions: list[str]
    warnings: list[str]


class TransitionIn(Schema):
    status: str = Field(description="`open`, `running`, `closed` or back to `draft`.")
    reason: str = Field("", max_length=500)


class SubGroupOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    dimension: str
    dimension_value: str | None
    hidden_from_non_eligible: bool
    opens_at: datetime.datetime | None
    capacity: Count | None
    member_count: int

    @staticmethod
    def resolve_dimension_value(obj) -> str | None:
        value = obj.dimension_value
        return str(value) if value not in (None, "") else None


class SubGroupPlanIn(Schema):
    dimension: SubGroup.Dimension
    custom_key: str = Field("", max_length=60)


class SubGroupGenerateIn(SubGroupPlanIn):
    add_members: bool = True
    opens_at: datetime.datetime | None = None


class SubGroupProposalOut(Schema):
    name: str
    slug: str
    dimension: str
    value_id: int | None
    custom_value: str
    member_count: int
    exists: bool


class CharterOut(Schema):
    version: int
    body: str
    published_at: datetime.datetime
    owner: PersonOut | None
    enforcers: list[PersonOut]
    accepted: bool


class AcceptIn(Schema):
    version: Id


class JoinIn(Schema):
    accept_rules_version: Id | None = Field(
        None, description="The version number of the group rules in force, if any."
    )


class MemberOut(Schema):
    id: int
    role: str
    status: str
    helper_duty: str
    wave: int
    joined_at: datetime.datetime | None
    person: PersonOut | None


class MemberPageOut(Schema):
    items: list[MemberOut]
    count: int


class DecisionIn(Schema):
    reason: str = Field("", max_length=1000)


class RoleIn(Schema):
    role: Membership.Role
    helper_duty: str = Field("", max_length=120)
    reason: str = Field("", max_length=500)


class ReportIn(Schema):
    target_membership_id: Id | None = None
    target_post_id: Id | None = None
    reason: str = Field(max_length=4000)
    rule_excerpt: str = Field("", max_length=2000)


class ReportOut(Schema):
    id: int
    cohort_slug: str
    status: str
    outcome: str
    note: str
    reason: str
    rule_excerpt: str
    mute_until: datetime.datetime | None
    created_at: datetime.datetime
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_cohort_slug(obj) -> str:
        return obj.cohort.slug


class ReportReviewOut(ReportOut):
    reporter: PersonOut | None
    target: PersonOut | None
    target_membership_id: int | None
    target_post_id: int | None

    @staticmethod
    def resolve_reporter(obj):
        return person_of(obj.reporter)

    @staticmethod
    def resolve_target(obj):
        return person_of(obj.target_member.user) if obj.target_member_id else None

    @staticmethod
    def resolve_target_membership_id(obj):
        return obj.target_member_id


class ReportPageOut(Schema):
    items: list[ReportOut]
    count: int


class ReportReviewPageOut(Schema):
    items: list[ReportReviewOut]
    count: int


class DecideIn(Schema):
    outcome: Report.Outcome
    note: str = Field("", max_length=2000)
    mute_until: datetime.datetime | None = None


class PostIn(Schema):
    body: str = Field(max_length=10000)
    kind: Post.Kind = Post.Kind.POST


class PostOut(Schema):
    id: int
    kind: str
    body: str
    created_at: datetime.datetime
    hidden: bool
    subgroup_id: int | None
    author: PersonOut | None

    @staticmethod
    def resolve_author(obj):
        return person_of(obj.author)


class PostPageOut(Schema):
    items: list[PostOut]
    count: int


class CohortPageOut(Schema):
    items: list[CohortOut]
    count: int


class JobStartedOut(Schema):
    job: JobOut = Field(description="The background job doing the work.")


class CohortIn(Schema):
    program_id: Id = Field(description="The program page's id (see `GET /programs/`).")
    name: str
    slug: str
    description: str = ""
    start_date: CalendarDate
    end_date: CalendarDate
    time_zone: str | None = Field(None, description="Default: the site's time zone.")
    capacity: Count | None = Field(None, description="Leave out for no limit.")
    session_start: WallClock | None = Field(None, description="Default 19:30.")
    session_end: WallClock | None = Field(None, description="Default 21:00.")
    announce_days_before: Count | None = Field(
        None, description="Days before each session its announcement goes out. Default 2."
    )
    reminder_minutes_before: Count | None = Field(
        None, description="Minutes before each session the day's reminder goes out. Default 120."
    )
    group_wide: bool = False
    subsidiaries: list[str] = Field(
        default_factory=list, description="Subsidiary codes; leave empty when group-wide."
    )


class CohortUpdateIn(Schema):
    """Only the fields sent change. The status changes with `POST …/transition`."""

    model_config = ConfigDict(extra="forbid")

    program_id: Id | None = None
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    start_date: CalendarDate | None = None
    end_date: CalendarDate | None = None
    time_zone: str | None = None
    capacity: Count | None = None
    session_start: WallClock | None = None
    session_end: WallClock | None = None
    announce_days_before: Count | None = None
    reminder_minutes_before: Count | None = None
    group_wide: bool | None = None
    subsidiaries: list[str] | None = None


class CohortSetupOut(CohortOut):
    description: str
    announce_days_before: int
    reminder_minutes_before: int
    subsidiaries: list[str] = Field(description="Subsidiary codes.")

    @staticmethod
    def resolve_subsidiaries(obj) -> list[str]:
        return [subsidiary.code for subsidiary in obj.subsidiaries.all()]


class SubGroupIn(Schema):
    name: str
    slug: str
    description: str = ""
    dimension: SubGroup.Dimension = SubGroup.Dimension.CUSTOM
    level: str | None = Field(None, description="Level code, for a `level` group.")
    region: str | None = Field(None, description="Region code, for a `region` group.")
    subsidiary: str | None = Field(None, description="Subsidiary code.")
    project_team: str | None = Field(None, description="Project team code.")
    custom_key: str = ""
    custom_value: str = ""
    hidden_from_non_eligible: bool = False
    opens_at: datetime.datetime | None = None
    capacity: Count | None = None


class SubGroupUpdateIn(Schema):
    """Only the fields sent change; send `null` to clear a level, region, team…"""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    slug: str | None = None
    description: str | None = None
    dimension: SubGroup.Dimension | None = None
    level: str | None = None
    region: str | None = None
    subsidiary: str | None = None
    project_team: str | None = None
    custom_key: str | None = None
    custom_value: str | None = None
    hidden_from_non_eligible: bool | None = None
    opens_at: datetime.datetime | None = None
    capacity: Count | None = None


class SubGroupSetupOut(SubGroupOut):
    dimension_code: str | None = Field(
        description="The code of the level, region, subsidiary or team it is cut by."
    )
    custom_key: str
    custom_value: str

    @staticmethod
    def resolve_dimension_code(obj) -> str | None:
        return getattr(obj.dimension_value, "code", None)


class DirectoryConditionsIn(Schema):
    """Conditions on the people directory; what is left out means "any"."""

    min_level: str | None = Field(None, description="Level code; this level or more senior.")
    max_level: str | None = Field(None, description="Level code; this level or more junior.")
    regions: list[str] = Field(default_factory=list, description="Region codes.")
    subsidiaries: list[str] = Field(default_factory=list, description="Subsidiary codes.")
    departments: list[str] = Field(default_factory=list, description="Department codes.")
    project_teams: list[str] = Field(default_factory=list, description="Project team codes.")
    hired_after: CalendarDate | None = None
    hired_before: CalendarDate | None = None


class EntryRuleIn(DirectoryConditionsIn):
    """The whole rule: what is left out means "any"."""

    invitation_only: bool = False
    approval_required: bool = False
    approver: EntryRule.Approver = EntryRule.Approver.ORGANIZER
    approver_user: str | None = Field(
        None, description="Username or employee id, when a named person approves."
    )


class EntryRuleConditionsOut(EntryRuleIn):
    """The rule as it is set: the same fields as `PUT …/entry-rule` takes."""


class EntryVerdictOut(Schema):
    eligible: bool
    reasons: list[str] = Field(description="Why the caller may not join, one per condition.")


class EntryRuleOut(Schema):
    is_set: bool
    invitation_only: bool
    approval_required: bool
    for_you: EntryVerdictOut = Field(description="The rule checked against the caller.")
    conditions: EntryRuleConditionsOut | None = Field(
        description="The rule in full: only for the cohort's organizers."
    )


class CharterDraftIn(Schema):
    body: str = Field(max_length=20000)
    owner: str | None = Field(
        None, description="Who set the rules (username or employee id); default: the caller."
    )
    enforcers: list[str] = Field(
        default_factory=list, description="Who enforces them: usernames or employee ids."
    )


class CharterVersionOut(Schema):
    version: int
    body: str
    published_at: datetime.datetime | None
    created_at: datetime.datetime
    owner: PersonOut | None
    enforcers: list[PersonOut]


class InvitationsIn(Schema):
    employee_ids: list[str] = Field(min_length=1, max_length=500)
    role: Membership.Role = Membership.Role.NEWCOMER
    reason: str = Field("", max_length=500)


class ByRuleIn(DirectoryConditionsIn):
    """Everyone active in the directory who meets every condition sent."""

    levels: list[str] = Field(default_factory=list, description="Level codes (any of them).")
    subgroup: str | None = Field(
        None, description="A sub-group's slug: also put the people there (adding only)."
    )
    reason: str = Field("", max_length=500, description="For the audit log (adding only).")


class CandidateOut(PersonOut):
    level: LevelOut
    region: OrgUnitOut | None
    subsidiary: OrgUnitOut | None
    department: OrgUnitOut | None
    project_team: OrgUnitOut | None


class CandidatePageOut(Schema):
    items: list[CandidateOut]
    count: int


class ByRuleAddedOut(Schema):
    added: int = Field(description="People added (to the sub-group, when one was named).")


class EventOut(Schema):
    id: int
    action: str
    created_at: datetime.datetime
    actor: PersonOut | None
    member: PersonOut | None
    membership_id: int | None
    subgroup: str | None = Field(description="The sub-group's slug.")
    report_id: int | None
    changes: dict
    reason: str

    @staticmethod
    def resolve_actor(obj):
        return person_of(obj.actor)

    @staticmethod
    def resolve_member(obj):
        return person_of(obj.membership.user) if obj.membership_id else None

    @staticmethod
    def resolve_subgroup(obj):
        return obj.subgroup.slug if obj.subgroup_id else None


class EventPageOut(Schema):
    items: list[EventOut]
    count: int


class HealthOut(Schema):
    warnings: list[str] = Field(description="Problems to fix, as sentences; empty when none.")


class RequestWaitingOut(Schema):
    """A request to join waiting for the caller's decision: decide it at
    `POST /memberships/{id}/approve|reject` (cohorts) or
    `POST /subgroup-requests/{id}/approve|reject` (sub-groups)."""

    id: int
    cohort_slug: str
    subgroup_slug: str | None
    person: PersonOut | None


class QueueOut(Schema):
    requests: list[RequestWaitingOut]
    reports: list[ReportReviewOut] = Field(description="Decide at `POST /reports/{id}/decide`.")
    requests_count: int
    reports_count: int
    others_count: int = Field(
        description="What else waits on me in the queue: invitations, greetings, "
        "evaluations, award rounds and retrospectives (see the queue page)."
    )

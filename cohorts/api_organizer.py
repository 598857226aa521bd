"""Organizer endpoints of the cohort API: what HR does in the Wagtail admin, for integrations.

Create and change cohorts and sub-groups, set entry rules, write and publish group rules,
invite people, add people by rule, read the audit log and the health warnings. Each view
finds the cohort the caller may see (404 otherwise), asks ``cohorts.permissions`` whether
they organize it (403 otherwise) before it reads any input, turns codes and employee ids
into rows (400 naming every unknown one), then calls a service.

These operations are added to ``cohorts.api.router`` rather than to a router of their
own: several share an address with a member endpoint (``PATCH /cohorts/{slug}`` beside
``GET``), and Django resolves an address to the first router that declares it, so a
second router's method there would never be reached.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import ConfigDict, Field

from cohorts import jobs as cohorts_jobs
from cohorts import permissions, selectors, services
from cohorts.api import (
    CohortOut,
    JobStartedOut,
    MemberPageOut,
    Paginator,
    SubGroupOut,
    _cohort,
    _member_out,
    _page,
    _person,
    _subgroup,
    router,
)
from cohorts.models import (
    CharterVersion,
    Cohort,
    EntryRule,
    Membership,
    MembershipEvent,
    ProgramPage,
    SubGroup,
)
from learning import directory, jobs
from learning.api import ERROR_RESPONSES
from learning.api.schemas import LevelOut, OrgUnitOut, PersonOut
from learning.conditions import DirectoryConditions
from learning.models import (
    Department,
    EmployeeProfile,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
    User,
)

TAGS = ["cohort organizers"]


# --- Schemas ---------------------------------------------------------------------------


class CohortIn(Schema):
    program_id: int = Field(description="The program page's id (see `GET /programs/`).")
    name: str
    slug: str
    description: str = ""
    start_date: datetime.date
    end_date: datetime.date
    time_zone: str | None = Field(None, description="Default: the site's time zone.")
    capacity: int | None = Field(None, description="Leave out for no limit.")
    session_start: datetime.time | None = Field(None, description="Default 19:30.")
    session_end: datetime.time | None = Field(None, description="Default 21:00.")
    group_wide: bool = False
    subsidiaries: list[str] = Field(
        default_factory=list, description="Subsidiary codes; leave empty when group-wide."
    )


class CohortUpdateIn(Schema):
    """Only the fields sent change. The status changes with `POST …/transition`."""

    model_config = ConfigDict(extra="forbid")

    program_id: int | None = None
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    time_zone: str | None = None
    capacity: int | None = None
    session_start: datetime.time | None = None
    session_end: datetime.time | None = None
    group_wide: bool | None = None
    subsidiaries: list[str] | None = None


class CohortSetupOut(CohortOut):
    description: str
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
    capacity: int | None = None


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
    capacity: int | None = None


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
    hired_after: datetime.date | None = None
    hired_before: datetime.date | None = None


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
        return _person(obj.actor)

    @staticmethod
    def resolve_member(obj):
        return _person(obj.membership.user) if obj.membership_id else None

    @staticmethod
    def resolve_subgroup(obj):
        return obj.subgroup.slug if obj.subgroup_id else None


class EventPageOut(Schema):
    items: list[EventOut]
    count: int


class HealthOut(Schema):
    warnings: list[str] = Field(description="Problems to fix, as sentences; empty when none.")


# --- Input into rows -------------------------------------------------------------------


class _Lookup:
    """Turns the codes, usernames and employee ids a client sends into rows.

    Every unknown value is collected, so that one 400 names all of them by field; call
    ``check()`` before using the rows.
    """

    def __init__(self):
        self.errors: dict[str, str] = {}

    def many(self, field: str, model, codes) -> list:
        codes = list(dict.fromkeys(codes or ()))
        if not codes:
            return []
        found = {obj.code: obj for obj in model.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            self.errors[field] = _("Unknown %(kind)s code: %(codes)s.") % {
                "kind": model._meta.verbose_name,
                "codes": ", ".join(missing),
            }
        return [found[code] for code in codes if code in found]

    def one(self, field: str, model, code: str | None):
        if code is None:
            return None
        found = self.many(field, model, [code])
        return found[0] if found else None

    def people(self, field: str, keys) -> list[User]:
        """Users by username or employee id."""
        keys = list(dict.fromkeys(keys or ()))
        if not keys:
            return []
        users = User.objects.filter(
            Q(username__in=keys) | Q(profile__employee_id__in=keys)
        ).select_related("profile")
        found: dict[str, User] = {}
        for user in users:
            found[user.username] = user
            profile = getattr(user, "profile", None)
            if profile is not None:
                found[profile.employee_id] = user
        missing = [key for key in keys if key not in found]
        if missing:
            self.errors[field] = _("Nobody has the username or employee id: %(keys)s.") % {
                "keys": ", ".join(missing)
            }
        return list(dict.fromkeys(found[key] for key in keys if key in found))

    def person(self, field: str, key: str | None) -> User | None:
        if key is None:
            return None
        found = self.people(field, [key])
        return found[0] if found else None

    def employees(self, field: str, employee_ids) -> list[User]:
        """Current employees by employee id (people who left cannot be invited)."""
        employee_ids = list(dict.fromkeys(employee_ids))
        profiles = {
            p.employee_id: p
            for p in EmployeeProfile.objects.filter(employee_id__in=employee_ids).select_related(
                "user"
            )
        }
        missing = [key for key in employee_ids if key not in profiles]
        gone = [key for key in employee_ids if key in profiles and not profiles[key].is_active]
        messages = []
        if missing:
            messages.append(
                _("Nobody in the directory has the employee id: %(ids)s.")
                % {"ids": ", ".join(missing)}
            )
        if gone:
            messages.append(
                _("These people have left the company: %(ids)s.") % {"ids": ", ".join(gone)}
            )
        if messages:
            self.errors[field] = " ".join(messages)
        return [profiles[key].user for key in employee_ids if key in profiles]

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _organizer_cohort(request, slug: str) -> Cohort:
    """The cohort, if the caller may see it (404) and organizes it (403)."""
    cohort = _cohort(request, slug)
    _require(
        permissions.can_change_cohort(request.user, cohort),
        _("Only the cohort's organizers can do this."),
    )
    return cohort


def _subgroup_out(request, subgroup: SubGroup) -> SubGroup:
    # With its member count and dimension value, as the sub-group list shows it.
    return selectors.subgroups_visible(cohort=subgroup.cohort, user=request.user).get(
        pk=subgroup.pk
    )


# --- Cohorts ---------------------------------------------------------------------------


@router.post(
    "/cohorts/",
    response={201: CohortSetupOut, **ERROR_RESPONSES},
    summary="Create a cohort, in draft (HR organizers)",
    tags=TAGS,
)
def cohort_create(request, payload: CohortIn):
    _require(permissions.is_hr_organizer(request.user), _("Only HR organizers can create cohorts."))
    lookup = _Lookup()
    subsidiaries = lookup.many("subsidiaries", Subsidiary, payload.subsidiaries)
    program = ProgramPage.objects.filter(pk=payload.program_id).first()
    if program is None:
        lookup.errors["program_id"] = _("There is no program with this id.")
    lookup.check()
    fields = payload.model_dump(exclude={"program_id", "subsidiaries"})
    cohort = services.cohort_create(
        actor=request.user, program=program, subsidiaries=subsidiaries, **fields
    )
    return Status(201, cohort)


@router.patch(
    "/cohorts/{slug}",
    response={200: CohortSetupOut, **ERROR_RESPONSES},
    summary="Change a cohort's fields, not its status (organizers)",
    tags=TAGS,
)
def cohort_update(request, slug: str, payload: CohortUpdateIn):
    cohort = _organizer_cohort(request, slug)
    changes = payload.model_dump(exclude_unset=True)
    lookup = _Lookup()
    if "subsidiaries" in changes:
        changes["subsidiaries"] = lookup.many("subsidiaries", Subsidiary, changes["subsidiaries"])
    if "program_id" in changes:
        program_id = changes.pop("program_id")
        changes["program"] = ProgramPage.objects.filter(pk=program_id).first()
        if changes["program"] is None:
            lookup.errors["program_id"] = _("There is no program with this id.")
    lookup.check()
    return services.cohort_update(cohort=cohort, actor=request.user, changes=changes)


@router.get(
    "/cohorts/{slug}/health",
    response={200: HealthOut, **ERROR_RESPONSES},
    summary="What an organizer should fix in the cohort (its staff)",
    tags=TAGS,
)
def cohort_health(request, slug: str):
    cohort = _cohort(request, slug)
    _require(
        permissions.is_cohort_staff(request.user, cohort),
        _("Only the cohort's organizers and operations team see its health."),
    )
    return {"warnings": selectors.cohort_health_warnings(cohort)}


@router.get(
    "/cohorts/{slug}/events",
    response={200: EventPageOut, **ERROR_RESPONSES},
    summary="The cohort's audit log, newest first (organizers and core)",
    tags=TAGS,
)
def cohort_events(
    request,
    slug: str,
    pagination: Query[Paginator.Input],
    action: MembershipEvent.Action | None = None,
):
    events = selectors.cohort_events(cohort=_cohort(request, slug), user=request.user)
    if action:
        events = events.filter(action=action)
    return _page(request, events.order_by("-created_at", "-pk"), pagination)


# --- Sub-groups ------------------------------------------------------------------------


def _subgroup_values(lookup: _Lookup, data: dict) -> dict:
    for name, model in (
        ("level", Level),
        ("region", Region),
        ("subsidiary", Subsidiary),
        ("project_team", ProjectTeam),
    ):
        if name in data:
            data[name] = lookup.one(name, model, data[name])
    return data


@router.post(
    "/cohorts/{slug}/subgroups/",
    response={201: SubGroupSetupOut, **ERROR_RESPONSES},
    summary="Create a sub-group by hand (organizers)",
    tags=TAGS,
)
def subgroup_create(request, slug: str, payload: SubGroupIn):
    cohort = _organizer_cohort(request, slug)
    lookup = _Lookup()
    fields = _subgroup_values(lookup, payload.model_dump())
    lookup.check()
    subgroup = services.subgroup_create(cohort=cohort, actor=request.user, **fields)
    return Status(201, _subgroup_out(request, subgroup))


@router.patch(
    "/cohorts/{slug}/subgroups/{subgroup_slug}",
    response={200: SubGroupSetupOut, **ERROR_RESPONSES},
    summary="Change a sub-group's fields (organizers)",
    tags=TAGS,
)
def subgroup_update(request, slug: str, subgroup_slug: str, payload: SubGroupUpdateIn):
    subgroup = _subgroup(request, _organizer_cohort(request, slug), subgroup_slug)
    lookup = _Lookup()
    changes = _subgroup_values(lookup, payload.model_dump(exclude_unset=True))
    lookup.check()
    subgroup = services.subgroup_update(subgroup=subgroup, actor=request.user, changes=changes)
    return _subgroup_out(request, subgroup)


# --- Entry rules -----------------------------------------------------------------------


def _entry_rule(*, cohort: Cohort | None = None, subgroup: SubGroup | None = None):
    return (
        EntryRule.objects.select_related("min_level", "max_level", "approver_user__profile")
        .prefetch_related("regions", "subsidiaries", "departments", "project_teams")
        .filter(cohort=cohort, subgroup=subgroup)
        .first()
    )


def _entry_rule_out(request, rule: EntryRule | None, *, cohort: Cohort, invited: bool) -> dict:
    if rule is None:
        verdict = {"eligible": True, "reasons": []}
    else:
        check = services.entry_rule_check(
            rule=rule, profile=directory.profile_of(user=request.user), invited=invited
        )
        verdict = {"eligible": check.ok, "reasons": check.messages}
    conditions = None
    if rule is not None and permissions.can_change_cohort(request.user, cohort):
        approver = rule.approver_user
        conditions = {
            "min_level": rule.min_level.code if rule.min_level_id else None,
            "max_level": rule.max_level.code if rule.max_level_id else None,
            **{
                name: [item.code for item in getattr(rule, name).all()]
                for name in ("regions", "subsidiaries", "departments", "project_teams")
            },
            "hired_after": rule.hired_after,
            "hired_before": rule.hired_before,
            "invitation_only": rule.invitation_only,
            "approval_required": rule.approval_required,
            "approver": rule.approver,
            "approver_user": approver.username if approver is not None else None,
        }
    return {
        "is_set": rule is not None,
        "invitation_only": bool(rule and rule.invitation_only),
        "approval_required": bool(rule and rule.approval_required),
        "for_you": verdict,
        "conditions": conditions,
    }


def _entry_rule_put(request, payload: EntryRuleIn, **target) -> EntryRule:
    lookup = _Lookup()
    values = {
        "min_level": lookup.one("min_level", Level, payload.min_level),
        "max_level": lookup.one("max_level", Level, payload.max_level),
        "regions": lookup.many("regions", Region, payload.regions),
        "subsidiaries": lookup.many("subsidiaries", Subsidiary, payload.subsidiaries),
        "departments": lookup.many("departments", Department, payload.departments),
        "project_teams": lookup.many("project_teams", ProjectTeam, payload.project_teams),
        "approver_user": lookup.person("approver_user", payload.approver_user),
    }
    lookup.check()
    services.entry_rule_set(
        actor=request.user,
        hired_after=payload.hired_after,
        hired_before=payload.hired_before,
        invitation_only=payload.invitation_only,
        approval_required=payload.approval_required,
        approver=payload.approver,
        **values,
        **target,
    )
    return _entry_rule(**target)


@router.get(
    "/cohorts/{slug}/entry-rule",
    response={200: EntryRuleOut, **ERROR_RESPONSES},
    summary="Who may join: your verdict, and the full rule for organizers",
    tags=["cohorts"],
)
def cohort_entry_rule(request, slug: str):
    cohort = _cohort(request, slug)
    membership = permissions.membership_for(request.user, cohort)
    invited = membership is not None and membership.status == Membership.Status.INVITED
    return _entry_rule_out(request, _entry_rule(cohort=cohort), cohort=cohort, invited=invited)


@router.put(
    "/cohorts/{slug}/entry-rule",
    response={200: EntryRuleOut, **ERROR_RESPONSES},
    summary="Set or replace the cohort's entry rule (organizers)",
    tags=TAGS,
)
def cohort_entry_rule_set(request, slug: str, payload: EntryRuleIn):
    cohort = _organizer_cohort(request, slug)
    rule = _entry_rule_put(request, payload, cohort=cohort)
    return _entry_rule_out(request, rule, cohort=cohort, invited=False)


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/entry-rule",
    response={200: EntryRuleOut, **ERROR_RESPONSES},
    summary="Who may join the sub-group: your verdict, and the full rule for organizers",
    tags=["cohorts"],
)
def subgroup_entry_rule(request, slug: str, subgroup_slug: str):
    cohort = _cohort(request, slug)
    subgroup = _subgroup(request, cohort, subgroup_slug)
    return _entry_rule_out(request, _entry_rule(subgroup=subgroup), cohort=cohort, invited=False)


@router.put(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/entry-rule",
    response={200: EntryRuleOut, **ERROR_RESPONSES},
    summary="Set or replace a sub-group's entry rule (organizers)",
    tags=TAGS,
)
def subgroup_entry_rule_set(request, slug: str, subgroup_slug: str, payload: EntryRuleIn):
    cohort = _organizer_cohort(request, slug)
    subgroup = _subgroup(request, cohort, subgroup_slug)
    rule = _entry_rule_put(request, payload, subgroup=subgroup)
    return _entry_rule_out(request, rule, cohort=cohort, invited=False)


# --- Group rules -----------------------------------------------------------------------


def _version_out(version: CharterVersion) -> dict:
    version = CharterVersion.objects.select_related("owner__profile").get(pk=version.pk)
    enforcers = User.objects.filter(pk__in=version.enforcers.values("pk")).select_related("profile")
    return {
        "version": version.number,
        "body": version.body,
        "published_at": version.published_at,
        "created_at": version.created_at,
        "owner": _person(version.owner),
        "enforcers": [p for p in (_person(user) for user in enforcers) if p],
    }


def _charter_draft(request, payload: CharterDraftIn, **target) -> dict:
    lookup = _Lookup()
    owner = lookup.person("owner", payload.owner) or request.user
    enforcers = lookup.people("enforcers", payload.enforcers)
    lookup.check()
    version = services.charter_draft(
        body=payload.body, owner=owner, actor=request.user, enforcers=enforcers, **target
    )
    return _version_out(version)


def _charter_publish(request, version: int, **target) -> dict:
    lookup = {f"charter__{name}": value for name, value in target.items()}
    found = get_object_or_404(
        CharterVersion.objects.select_related("charter__cohort", "charter__subgroup__cohort"),
        number=version,
        **lookup,
    )
    return _version_out(services.charter_publish(version=found, actor=request.user))


@router.post(
    "/cohorts/{slug}/rules",
    response={201: CharterVersionOut, **ERROR_RESPONSES},
    summary="Write a new version of the group rules, not yet in force (organizers)",
    tags=TAGS,
)
def cohort_rules_draft(request, slug: str, payload: CharterDraftIn):
    cohort = _organizer_cohort(request, slug)
    return Status(201, _charter_draft(request, payload, cohort=cohort))


@router.post(
    "/cohorts/{slug}/rules/{version}/publish",
    response={200: CharterVersionOut, **ERROR_RESPONSES},
    summary="Put a version of the group rules in force; members must accept it (organizers)",
    tags=TAGS,
)
def cohort_rules_publish(request, slug: str, version: int):
    cohort = _organizer_cohort(request, slug)
    return _charter_publish(request, version, cohort=cohort)


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/rules",
    response={201: CharterVersionOut, **ERROR_RESPONSES},
    summary="Write a new version of a sub-group's rules, not yet in force (organizers)",
    tags=TAGS,
)
def subgroup_rules_draft(request, slug: str, subgroup_slug: str, payload: CharterDraftIn):
    subgroup = _subgroup(request, _organizer_cohort(request, slug), subgroup_slug)
    return Status(201, _charter_draft(request, payload, subgroup=subgroup))


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/rules/{version}/publish",
    response={200: CharterVersionOut, **ERROR_RESPONSES},
    summary="Put a version of a sub-group's rules in force (organizers)",
    tags=TAGS,
)
def subgroup_rules_publish(request, slug: str, subgroup_slug: str, version: int):
    subgroup = _subgroup(request, _organizer_cohort(request, slug), subgroup_slug)
    return _charter_publish(request, version, subgroup=subgroup)


# --- Invitations and adding by rule ----------------------------------------------------


def _membership_manager_cohort(request, slug: str) -> Cohort:
    cohort = _cohort(request, slug)
    _require(
        permissions.can_manage_memberships(request.user, cohort),
        _("Only organizers and the core team can add people."),
    )
    return cohort


@router.post(
    "/cohorts/{slug}/invitations",
    response={201: MemberPageOut, **ERROR_RESPONSES},
    summary="Invite people by employee id, all or nothing (organizers and core)",
    tags=TAGS,
)
def cohort_invite(request, slug: str, payload: InvitationsIn):
    cohort = _membership_manager_cohort(request, slug)
    lookup = _Lookup()
    users = lookup.employees("employee_ids", payload.employee_ids)
    lookup.check()
    invited = services.memberships_invite(
        cohort=cohort, users=users, actor=request.user, role=payload.role, reason=payload.reason
    )
    rows = Membership.objects.filter(pk__in=[m.pk for m in invited]).select_related("user__profile")
    items = [_member_out(m) for m in rows.order_by("user__profile__full_name", "pk")]
    return Status(201, {"items": items, "count": len(items)})


def _by_rule_conditions(payload: ByRuleIn) -> DirectoryConditions:
    return DirectoryConditions.from_values(
        payload.dict(include=set(DirectoryConditionsIn.model_fields) | {"levels"}), by="code"
    )


def _by_rule_subgroup(cohort: Cohort, payload: ByRuleIn) -> SubGroup | None:
    if not payload.subgroup:
        return None
    subgroup = SubGroup.objects.filter(cohort=cohort, slug=payload.subgroup).first()
    if subgroup is None:
        raise ValidationError({"subgroup": _("This cohort has no such sub-group.")})
    return subgroup


@router.post(
    "/cohorts/{slug}/members/by-rule/preview",
    response={200: CandidatePageOut, **ERROR_RESPONSES},
    summary="Who adding by rule would add now: a count and a page of people; saves nothing",
    tags=TAGS,
)
def members_by_rule_preview(
    request, slug: str, payload: ByRuleIn, pagination: Query[Paginator.Input]
):
    cohort = _membership_manager_cohort(request, slug)
    conditions = _by_rule_conditions(payload)
    _by_rule_subgroup(cohort, payload)
    candidates = services.memberships_add_by_rule_preview(
        cohort=cohort, conditions=conditions, actor=request.user
    )
    return _page(request, candidates, pagination)


@router.post(
    "/cohorts/{slug}/members/by-rule",
    response={200: ByRuleAddedOut, 202: JobStartedOut, **ERROR_RESPONSES},
    summary="Add everyone who meets the conditions, as active members (organizers and core)",
    description=(
        "Up to `GUILD_INLINE_BULK_MAX` people (200 by default) are added at once (200). "
        "More start a background job (202): poll `GET /api/v1/jobs/{id}` until it is "
        "finished; its result holds `added`."
    ),
    tags=TAGS,
)
def members_by_rule_add(request, slug: str, payload: ByRuleIn):
    cohort = _membership_manager_cohort(request, slug)
    conditions = _by_rule_conditions(payload)
    subgroup = _by_rule_subgroup(cohort, payload)
    outcome = cohorts_jobs.memberships_add_by_rule_run(
        actor=request.user,
        conditions=conditions,
        cohort=None if subgroup else cohort,
        subgroup=subgroup,
        reason=payload.reason,
    )
    if outcome.job is not None:
        return Status(202, {"job": jobs.job_status(job=outcome.job)})
    return {"added": len(outcome.result)}

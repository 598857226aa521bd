"""Every write to cohorts: transitions, sub-groups, entry rules, memberships, group rules,
reports and posts.

Each service runs in one transaction, checks permissions through ``cohorts.permissions``,
raises ``ValidationError({field: message})`` for bad input and ``PermissionDenied`` for
forbidden actions, and writes what it did to the audit log (``MembershipEvent``).
Notifications go through ``learning.notifications`` inside the same transaction (the
outbox delivers them after commit).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts import permissions
from cohorts.models import (
    CharterVersion,
    Cohort,
    EntryRule,
    GroupCharter,
    Membership,
    MembershipEvent,
    Post,
    ProgramPage,
    Report,
    RuleAcceptance,
    SubGroup,
    SubGroupMembership,
)
from cohorts.selectors import charter_current
from learning.models import (
    Department,
    EmployeeProfile,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
)
from learning.notifications.services import (
    in_recipient_language,
    notification_send,
    notification_send_many,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action

# ---------------------------------------------------------------------------------------
# Audit log and notifications
# ---------------------------------------------------------------------------------------


def _log(
    *,
    cohort: Cohort,
    action: str,
    actor=None,
    membership: Membership | None = None,
    subgroup: SubGroup | None = None,
    report: Report | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> MembershipEvent:
    return MembershipEvent.objects.create(
        cohort=cohort,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        membership=membership,
        subgroup=subgroup,
        report=report,
        changes=changes or {},
        reason=reason or "",
    )


def _notify(*, recipient, kind: str, title: str, body: str, url: str, dedupe_key: str) -> None:
    notification_send(
        recipient=recipient, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key
    )


def _notify_many(*, recipients, kind: str, title: str, body: str, url: str, dedupe_key: str):
    notification_send_many(
        recipients=recipients, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key
    )


def cohort_url(cohort: Cohort) -> str:
    return f"/cohorts/{cohort.slug}/"


def _audit_value(value):
    """A value as the audit log's JSON keeps it: a row by its id, a date or time as ISO
    text, a list of rows as their sorted ids.
    """
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset | QuerySet):
        return sorted(_audit_value(item) for item in value)
    return value


def _audit_fields(instance, names: Iterable[str]) -> dict:
    # ``attname`` reads a foreign key's id without fetching the row it points to.
    return {
        name: _audit_value(getattr(instance, instance._meta.get_field(name).attname))
        for name in names
    }


# ---------------------------------------------------------------------------------------
# Cohort status
# ---------------------------------------------------------------------------------------

# draft → open → running → closed. An open cohort may go back to draft to fix a mistake,
# but only while nobody outside the organizing team has joined, asked or been invited:
# people who already joined would otherwise see their cohort disappear.
COHORT_TRANSITIONS: dict[str, set[str]] = {
    Cohort.Status.DRAFT: {Cohort.Status.OPEN},
    Cohort.Status.OPEN: {Cohort.Status.RUNNING, Cohort.Status.DRAFT},
    Cohort.Status.RUNNING: {Cohort.Status.CLOSED},
    Cohort.Status.CLOSED: set(),
}


def cohort_allowed_transitions(cohort: Cohort) -> list[str]:
    return sorted(COHORT_TRANSITIONS[cohort.status])


def cohort_transition(*, cohort: Cohort, to_status: str, actor, reason: str = "") -> Cohort:
    """Move a cohort along its life cycle (draft → open → running → closed).

    Opening needs published group rules: the rules are written before the group opens.
    Logs the change. Repeating a transition already made is refused, not ignored.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's organizers can change its status."))
    if to_status not in Cohort.Status.values:
        raise ValidationError({"status": _("Unknown status “%(status)s”.") % {"status": to_status}})
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if to_status not in COHORT_TRANSITIONS[cohort.status]:
            raise ValidationError(
                {
                    "status": _("A %(current)s cohort cannot become %(target)s.")
                    % {
                        "current": cohort.get_status_display().lower(),
                        "target": Cohort.Status(to_status).label.lower(),
                    }
                }
            )
        if to_status == Cohort.Status.OPEN and charter_current(cohort=cohort) is None:
            raise ValidationError(
                {"status": _("Publish the group rules before opening the cohort.")}
            )
        if cohort.status == Cohort.Status.OPEN and to_status == Cohort.Status.DRAFT:
            joined = (
                cohort.memberships.exclude(role__in=Membership.STAFF_ROLES)
                .filter(status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED])
                .exists()
            )
            if joined:
                raise ValidationError(
                    {
                        "status": _(
                            "People have already joined or been invited; the cohort "
                            "can no longer go back to draft."
                        )
                    }
                )
        previous = cohort.status
        cohort.status = to_status
        cohort.save(update_fields=["status", "updated_at"])
        _log(
            cohort=cohort,
            action=Action.COHORT_STATUS,
            actor=actor,
            changes={"status": [previous, to_status]},
            reason=reason,
        )
    return cohort


# ---------------------------------------------------------------------------------------
# Setting up: cohorts, sub-groups and entry rules
# ---------------------------------------------------------------------------------------

# What an organizer may set on a cohort. The status moves only by ``cohort_transition``.
COHORT_FIELDS = frozenset(
    {
        "program",
        "name",
        "slug",
        "description",
        "start_date",
        "end_date",
        "time_zone",
        "capacity",
        "session_start",
        "session_end",
        "group_wide",
        "subsidiaries",
    }
)

SUBGROUP_FIELDS = frozenset(
    {
        "name",
        "slug",
        "description",
        "dimension",
        "level",
        "region",
        "subsidiary",
        "project_team",
        "custom_key",
        "custom_value",
        "hidden_from_non_eligible",
        "opens_at",
        "capacity",
    }
)

# These words are addresses of the API under a cohort's sub-groups; a group with that
# slug could never be reached at its own address.
RESERVED_SUBGROUP_SLUGS = frozenset({"preview", "generate"})


def _admin_log(*, instance, action: str, actor) -> None:
    """The entry Wagtail's own save would write to its history.

    The admin's create and edit views of cohorts, sub-groups and entry rules save through
    these services instead of the model form, so this is the one place the history entry
    is written, whether the change came from the admin, the API or code.
    """
    from wagtail.log_actions import log

    log(
        instance=instance,
        action=action,
        user=actor if actor is not None and actor.is_authenticated else None,
        content_changed=True,
    )


def _validated(instance, errors: dict) -> None:
    """``full_clean`` plus the checks the service made itself, raised together by field.

    The table constraints (dates in order, one slug per cohort…) are checked by the
    service first with messages on their field; when one failed, Django's own constraint
    check is skipped so the same problem is not reported twice in vaguer words.
    """
    try:
        instance.full_clean(validate_constraints=not errors)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


def _unknown_fields(changes: dict, allowed: frozenset) -> None:
    unknown = sorted(set(changes) - allowed)
    if "status" in unknown:
        raise ValidationError(
            {"status": _("Change the status with a transition (open, start, close).")}
        )
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})


def _cohort_errors(cohort: Cohort, subsidiaries) -> dict:
    errors: dict = {}
    if cohort.start_date and cohort.end_date and cohort.end_date < cohort.start_date:
        errors["end_date"] = _("The cohort must end on or after its start date.")
    if cohort.session_start and cohort.session_end and cohort.session_end <= cohort.session_start:
        errors["session_end"] = _("The nightly sessions must end after they start.")
    if cohort.group_wide and subsidiaries:
        errors["subsidiaries"] = _(
            "A group-wide cohort takes every subsidiary; leave the list empty."
        )
    return errors


def cohort_create(
    *,
    actor,
    program: ProgramPage,
    name: str,
    slug: str,
    start_date: datetime.date,
    end_date: datetime.date,
    description: str = "",
    time_zone: str | None = None,
    capacity: int | None = None,
    session_start: datetime.time | None = None,
    session_end: datetime.time | None = None,
    group_wide: bool = False,
    subsidiaries: Iterable[Subsidiary] = (),
) -> Cohort:
    """Create a cohort of a program, in draft: nobody outside HR sees it until it opens.

    HR organizers only. Validated whole (dates and session times in order, capacity not
    negative, a free slug…); nothing is saved when any field is wrong. Logged in the
    cohort's audit log and in Wagtail's history. A second call with the same slug is
    refused.
    """
    if not permissions.is_hr_organizer(actor):
        raise PermissionDenied(_("Only HR organizers can create cohorts."))
    defaults = {
        "time_zone": time_zone,
        "session_start": session_start,
        "session_end": session_end,
    }
    cohort = Cohort(
        program=program,
        name=name,
        slug=slug,
        description=description,
        start_date=start_date,
        end_date=end_date,
        capacity=capacity,
        group_wide=group_wide,
        # Left out, the model's defaults apply (the site's time zone, 19:30–21:00).
        **{name: value for name, value in defaults.items() if value is not None},
    )
    subsidiaries = list(subsidiaries)
    _validated(cohort, _cohort_errors(cohort, subsidiaries))
    with transaction.atomic():
        cohort.save()
        cohort.subsidiaries.set(subsidiaries)
        _log(
            cohort=cohort,
            action=Action.COHORT_CREATED,
            actor=actor,
            changes={
                **_audit_fields(cohort, sorted(COHORT_FIELDS - {"subsidiaries"})),
                "subsidiaries": _audit_value(subsidiaries),
            },
        )
        _admin_log(instance=cohort, action="wagtail.create", actor=actor)
    return cohort


def cohort_update(*, cohort: Cohort, actor, changes: dict) -> Cohort:
    """Change some of a cohort's fields (not its status: that is ``cohort_transition``).

    ``changes`` maps field names to new values; ``subsidiaries`` replaces the list.
    Organizers only. Validated whole against the cohort as it would become; nothing is
    saved when any field is wrong. What changed (before and after) goes to the audit log
    and the change to Wagtail's history. Safe to repeat: unchanged values write nothing.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's organizers can change it."))
    _unknown_fields(changes, COHORT_FIELDS)
    changes = dict(changes)
    subsidiaries = changes.pop("subsidiaries", None)
    with transaction.atomic():
        # Only the cohort's own row: the program page it joins stays unlocked.
        cohort = (
            Cohort.objects.select_for_update(of=("self",))
            .select_related("program")
            .get(pk=cohort.pk)
        )
        before_subsidiaries = {s.pk for s in cohort.subsidiaries.all()}
        changed = [name for name, value in changes.items() if getattr(cohort, name) != value]
        before = _audit_fields(cohort, changed)
        for name in changed:
            setattr(cohort, name, changes[name])
        new_subsidiaries = (
            list(subsidiaries) if subsidiaries is not None else list(cohort.subsidiaries.all())
        )
        _validated(cohort, _cohort_errors(cohort, new_subsidiaries))
        subsidiaries_changed = {s.pk for s in new_subsidiaries} != before_subsidiaries
        if not changed and not subsidiaries_changed:
            return cohort
        cohort.save()
        after = _audit_fields(cohort, changed)
        audit = {name: [before[name], after[name]] for name in changed}
        if subsidiaries_changed:
            cohort.subsidiaries.set(new_subsidiaries)
            audit["subsidiaries"] = [
                sorted(before_subsidiaries),
                _audit_value(new_subsidiaries),
            ]
        _log(cohort=cohort, action=Action.COHORT_UPDATED, actor=actor, changes=audit)
        _admin_log(instance=cohort, action="wagtail.edit", actor=actor)
    return cohort


def _subgroup_errors(subgroup: SubGroup) -> dict:
    errors: dict = {}
    value_field = DIMENSION_FIELDS.get(subgroup.dimension)
    if value_field and getattr(subgroup, f"{value_field}_id") is None:
        errors[value_field] = _("A sub-group cut by %(dimension)s must name its %(dimension)s.") % {
            "dimension": SubGroup.Dimension(subgroup.dimension).label.lower()
        }
    if subgroup.slug in RESERVED_SUBGROUP_SLUGS:
        errors["slug"] = _("“%(slug)s” is a reserved word; choose another slug.") % {
            "slug": subgroup.slug
        }
    elif (
        subgroup.slug
        and SubGroup.objects.filter(cohort_id=subgroup.cohort_id, slug=subgroup.slug)
        .exclude(pk=subgroup.pk)
        .exists()
    ):
        errors["slug"] = _("This cohort already has a sub-group with the slug “%(slug)s”.") % {
            "slug": subgroup.slug
        }
    return errors


def subgroup_create(
    *,
    cohort: Cohort,
    actor,
    name: str,
    slug: str,
    dimension: str = SubGroup.Dimension.CUSTOM,
    description: str = "",
    level: Level | None = None,
    region: Region | None = None,
    subsidiary: Subsidiary | None = None,
    project_team: ProjectTeam | None = None,
    custom_key: str = "",
    custom_value: str = "",
    hidden_from_non_eligible: bool = False,
    opens_at: datetime.datetime | None = None,
    capacity: int | None = None,
) -> SubGroup:
    """Create one sub-group by hand (``subgroups_generate`` makes many from the directory).

    The value of its dimension (the level, region, subsidiary or project team) is
    required. Organizers only. Nothing is saved when any field is wrong. Logged in the
    cohort's audit log and in Wagtail's history. A slug the cohort already uses is
    refused, so a repeat is refused rather than duplicated.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only organizers can create sub-groups."))
    with transaction.atomic():
        # The cohort's row is the lock under which its slugs are checked and taken.
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        subgroup = SubGroup(
            cohort=cohort,
            name=name,
            slug=slug,
            dimension=dimension,
            description=description,
            level=level,
            region=region,
            subsidiary=subsidiary,
            project_team=project_team,
            custom_key=custom_key,
            custom_value=custom_value,
            hidden_from_non_eligible=hidden_from_non_eligible,
            opens_at=opens_at,
            capacity=capacity,
        )
        _validated(subgroup, _subgroup_errors(subgroup))
        subgroup.save()
        _log(
            cohort=cohort,
            action=Action.SUBGROUP_CREATED,
            actor=actor,
            subgroup=subgroup,
            changes=_audit_fields(subgroup, sorted(SUBGROUP_FIELDS)),
        )
        _admin_log(instance=subgroup, action="wagtail.create", actor=actor)
    return subgroup


def subgroup_update(*, subgroup: SubGroup, actor, changes: dict) -> SubGroup:
    """Change some of a sub-group's fields. Organizers only; validated whole, nothing is
    saved when any field is wrong. What changed (before and after) goes to the cohort's
    audit log and the change to Wagtail's history. Safe to repeat: unchanged values
    write nothing.
    """
    if not permissions.can_change_cohort(actor, subgroup.cohort):
        raise PermissionDenied(_("Only organizers can change sub-groups."))
    _unknown_fields(changes, SUBGROUP_FIELDS)
    with transaction.atomic():
        Cohort.objects.select_for_update().filter(pk=subgroup.cohort_id).first()
        subgroup = SubGroup.objects.select_related("cohort").get(pk=subgroup.pk)
        changed = [name for name, value in changes.items() if getattr(subgroup, name) != value]
        before = _audit_fields(subgroup, changed)
        for name in changed:
            setattr(subgroup, name, changes[name])
        _validated(subgroup, _subgroup_errors(subgroup))
        if not changed:
            return subgroup
        subgroup.save()
        after = _audit_fields(subgroup, changed)
        _log(
            cohort=subgroup.cohort,
            action=Action.SUBGROUP_UPDATED,
            actor=actor,
            subgroup=subgroup,
            changes={name: [before[name], after[name]] for name in changed},
        )
        _admin_log(instance=subgroup, action="wagtail.edit", actor=actor)
    return subgroup


def entry_rule_set(
    *,
    actor,
    cohort: Cohort | None = None,
    subgroup: SubGroup | None = None,
    min_level: Level | None = None,
    max_level: Level | None = None,
    regions: Iterable[Region] = (),
    subsidiaries: Iterable[Subsidiary] = (),
    departments: Iterable[Department] = (),
    project_teams: Iterable[ProjectTeam] = (),
    hired_after: datetime.date | None = None,
    hired_before: datetime.date | None = None,
    invitation_only: bool = False,
    approval_required: bool = False,
    approver: str = EntryRule.Approver.ORGANIZER,
    approver_user=None,
) -> EntryRule:
    """Set (or replace) the threshold for joining a cohort or a sub-group.

    Every condition is replaced by the given one, so leaving a list empty means "any".
    Organizers only. Checked before anything is saved: the level range and the hiring
    window must be in order, and a named approver is required exactly when a named
    person approves. The rule as it now stands goes to the cohort's audit log and the
    change to Wagtail's history. Safe to repeat: setting the same rule writes nothing.
    """
    if (cohort is None) == (subgroup is None):
        raise ValidationError({"target": _("Choose a cohort or a sub-group.")})
    target_cohort = cohort if cohort is not None else subgroup.cohort
    if not permissions.can_change_cohort(actor, target_cohort):
        raise PermissionDenied(_("Only organizers can set entry rules."))
    errors: dict = {}
    if min_level is not None and max_level is not None and min_level.rank > max_level.rank:
        errors["max_level"] = _("The highest level is below the lowest level.")
    if hired_after and hired_before and hired_before < hired_after:
        errors["hired_before"] = _("The end of the hiring window comes before its start.")
    if approver == EntryRule.Approver.PERSON and approver_user is None:
        errors["approver_user"] = _("Name the person who approves requests.")
    if approver != EntryRule.Approver.PERSON and approver_user is not None:
        errors["approver_user"] = _("Name an approver only when a named person approves.")
    lists = {
        "regions": list(regions),
        "subsidiaries": list(subsidiaries),
        "departments": list(departments),
        "project_teams": list(project_teams),
    }
    with transaction.atomic():
        # Lock the target so that two organizers setting the rule at once do not both
        # create one.
        if cohort is not None:
            Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
        else:
            SubGroup.objects.select_for_update().filter(pk=subgroup.pk).first()
        rule = EntryRule.objects.filter(cohort=cohort, subgroup=subgroup).first()
        created = rule is None
        before = None
        if created:
            rule = EntryRule(cohort=cohort, subgroup=subgroup)
        else:
            before = _entry_rule_audit(rule, {name: getattr(rule, name).all() for name in lists})
        rule.min_level = min_level
        rule.max_level = max_level
        rule.hired_after = hired_after
        rule.hired_before = hired_before
        rule.invitation_only = invitation_only
        rule.approval_required = approval_required
        rule.approver = approver
        rule.approver_user = approver_user
        _validated(rule, errors)
        after = _entry_rule_audit(rule, lists)
        if after == before:
            return _entry_rule_for(cohort if cohort is not None else subgroup)
        rule.save()
        for name, items in lists.items():
            getattr(rule, name).set(items)
        _log(
            cohort=target_cohort,
            action=Action.ENTRY_RULE_SET,
            actor=actor,
            subgroup=subgroup,
            changes=after if created else {"before": before, "after": after},
        )
        _admin_log(
            instance=rule, action="wagtail.create" if created else "wagtail.edit", actor=actor
        )
    return _entry_rule_for(cohort if cohort is not None else subgroup)


ENTRY_RULE_FIELDS = (
    "min_level",
    "max_level",
    "hired_after",
    "hired_before",
    "invitation_only",
    "approval_required",
    "approver",
    "approver_user",
)


def _entry_rule_audit(rule: EntryRule, lists: dict) -> dict:
    return {
        **_audit_fields(rule, ENTRY_RULE_FIELDS),
        **{name: _audit_value(items) for name, items in lists.items()},
    }


# ---------------------------------------------------------------------------------------
# Entry rules
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryFailure:
    code: str
    message: str


@dataclass
class EntryCheck:
    failures: list[EntryFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def messages(self) -> list[str]:
        return [failure.message for failure in self.failures]


def _names(items: Iterable) -> str:
    return ", ".join(str(item) for item in items)


def _date(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def entry_rule_check(*, rule: EntryRule, profile: EmployeeProfile | None, invited: bool = False):
    """Every condition of ``rule`` that ``profile`` fails, each with a specific message.

    Pure read (no writes); prefetch the rule's lists to keep it free of queries. An
    invitation lifts the "invitation only" condition, nothing else.
    """
    result = EntryCheck()
    fail = result.failures.append
    if profile is None:
        fail(EntryFailure("no_profile", _("You are not in the company directory yet.")))
        return result
    if rule.invitation_only and not invited:
        fail(EntryFailure("invitation_only", _("This group is by invitation only.")))
    if rule.min_level_id and profile.level.rank < rule.min_level.rank:
        fail(
            EntryFailure(
                "min_level",
                _("This group is for %(level)s level and above; your level is %(yours)s.")
                % {"level": rule.min_level.name, "yours": profile.level.name},
            )
        )
    if rule.max_level_id and profile.level.rank > rule.max_level.rank:
        fail(
            EntryFailure(
                "max_level",
                _("This group is for %(level)s level and below; your level is %(yours)s.")
                % {"level": rule.max_level.name, "yours": profile.level.name},
            )
        )
    checks = [
        (
            "region",
            rule.regions.all(),
            profile.region,
            gettext_lazy("This group is for people in %(allowed)s; your region is %(yours)s."),
            gettext_lazy("This group is for people in %(allowed)s; you have no region on record."),
        ),
        (
            "subsidiary",
            rule.subsidiaries.all(),
            profile.subsidiary,
            gettext_lazy("This group is for %(allowed)s; you work for %(yours)s."),
            gettext_lazy("This group is for %(allowed)s; you have no subsidiary on record."),
        ),
        (
            "department",
            rule.departments.all(),
            profile.department,
            gettext_lazy(
                "This group is for the %(allowed)s department; your department is %(yours)s."
            ),
            gettext_lazy(
                "This group is for the %(allowed)s department; you have no department on record."
            ),
        ),
        (
            "project_team",
            rule.project_teams.all(),
            profile.project_team,
            gettext_lazy("This group is for the %(allowed)s team; your team is %(yours)s."),
            gettext_lazy("This group is for the %(allowed)s team; you are not in a project team."),
        ),
    ]
    for code, allowed, yours, message, message_missing in checks:
        allowed = list(allowed)
        if not allowed:
            continue
        if yours is None:
            fail(EntryFailure(code, str(message_missing) % {"allowed": _names(allowed)}))
        elif yours.pk not in {item.pk for item in allowed}:
            fail(EntryFailure(code, str(message) % {"allowed": _names(allowed), "yours": yours}))
    if rule.hired_after or rule.hired_before:
        hired = profile.hire_date
        if hired is None:
            fail(
                EntryFailure(
                    "hire_date", _("This group depends on the hire date; yours is not on record.")
                )
            )
        else:
            if rule.hired_after and hired < rule.hired_after:
                fail(
                    EntryFailure(
                        "hired_after",
                        _(
                            "This group is for people hired on or after %(date)s; "
                            "you were hired on %(yours)s."
                        )
                        % {"date": _date(rule.hired_after), "yours": _date(hired)},
                    )
                )
            if rule.hired_before and hired > rule.hired_before:
                fail(
                    EntryFailure(
                        "hired_before",
                        _(
                            "This group is for people hired on or before %(date)s; "
                            "you were hired on %(yours)s."
                        )
                        % {"date": _date(rule.hired_before), "yours": _date(hired)},
                    )
                )
    return result


def _rule_q(rule: EntryRule) -> Q:
    """The rule as a filter on employee profiles (ignores invitation and approval)."""
    q = Q()
    if rule.min_level_id:
        q &= Q(level__rank__gte=rule.min_level.rank)
    if rule.max_level_id:
        q &= Q(level__rank__lte=rule.max_level.rank)
    for lookup, related in [
        ("region", rule.regions),
        ("subsidiary", rule.subsidiaries),
        ("department", rule.departments),
        ("project_team", rule.project_teams),
    ]:
        ids = [item.pk for item in related.all()]
        if ids:
            q &= Q(**{f"{lookup}__in": ids})
    if rule.hired_after:
        q &= Q(hire_date__gte=rule.hired_after)
    if rule.hired_before:
        q &= Q(hire_date__lte=rule.hired_before)
    return q


def entry_rule_preview(*, rule: EntryRule) -> QuerySet[EmployeeProfile]:
    """Active employees who meet the rule's conditions (a queryset; a fixed few queries).

    Invitation-only and approval are not conditions on a person, so they are ignored here.
    """
    return EmployeeProfile.objects.active().with_directory().filter(_rule_q(rule))


def _entry_rule_for(target: Cohort | SubGroup) -> EntryRule | None:
    try:
        return (
            EntryRule.objects.select_related("min_level", "max_level", "approver_user")
            .prefetch_related("regions", "subsidiaries", "departments", "project_teams")
            .get(**{"cohort" if isinstance(target, Cohort) else "subgroup": target})
        )
    except EntryRule.DoesNotExist:
        return None


def _profile_of(user) -> EmployeeProfile | None:
    return (
        EmployeeProfile.objects.select_related(
            "level", "region", "subsidiary", "department", "project_team"
        )
        .filter(user=user)
        .first()
    )


# ---------------------------------------------------------------------------------------
# Memberships
# ---------------------------------------------------------------------------------------


def _seats_taken(cohort: Cohort, *, excluding: Membership | None = None) -> int:
    queryset = cohort.memberships.filter(status__in=Membership.SEAT_STATUSES)
    if excluding is not None:
        queryset = queryset.exclude(pk=excluding.pk)
    return queryset.count()


def _check_cohort_seat(cohort: Cohort, *, excluding: Membership | None = None, adding: int = 1):
    if cohort.capacity is None:
        return
    if _seats_taken(cohort, excluding=excluding) + adding > cohort.capacity:
        raise ValidationError(
            {
                "capacity": _("This cohort is full (%(capacity)d places).")
                % {"capacity": cohort.capacity}
            }
        )


def _check_rules_accepted(
    *, charter_version: CharterVersion | None, accepted_version: int | None
) -> None:
    if charter_version is not None and accepted_version != charter_version.number:
        raise ValidationError(
            {
                "accept_rules_version": _(
                    "Read and accept the group rules (version %(number)d) to join."
                )
                % {"number": charter_version.number}
            }
        )


def _accept(*, user, version: CharterVersion | None) -> None:
    if version is not None:
        RuleAcceptance.objects.get_or_create(version=version, user=user)


def membership_invite(
    *, cohort: Cohort, user, actor, role: str = Role.NEWCOMER, reason: str = ""
) -> Membership:
    """Invite someone to a cohort; they become a member when they accept (join).

    An invitation holds a seat and lifts "invitation only". The invitee is notified
    with a link to the cohort's join page, in the same transaction (the outbox delivers
    it after commit). Safe to repeat: inviting someone already invited or active changes
    nothing and notifies nobody again; someone invited anew after leaving is notified of
    the new invitation.
    """
    if not permissions.can_manage_memberships(actor, cohort):
        raise PermissionDenied(_("Only organizers and the core team can invite people."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        membership = Membership.objects.filter(cohort=cohort, user=user).first()
        if membership is not None and membership.status in {Status.ACTIVE, Status.INVITED}:
            return membership
        _check_cohort_seat(cohort)
        if membership is None:
            membership = Membership(cohort=cohort, user=user)
        membership.status = Status.INVITED
        membership.role = role
        membership.save()
        event = _log(
            cohort=cohort,
            action=Action.INVITED,
            actor=actor,
            membership=membership,
            changes={"status": Status.INVITED, "role": role},
            reason=reason,
        )
        _invitation_notify(cohort=cohort, user=user, event=event)
    permissions.forget_memberships(user)
    return membership


def _invitation_notify(*, cohort: Cohort, user, event: MembershipEvent) -> None:
    # The invitation's own log entry names it: a repeat of this invitation is deduped,
    # a later invitation (after leaving, say) is news again.
    _notify(
        recipient=user,
        kind="cohort.invited",
        title=in_recipient_language(
            lambda: _("You are invited to %(cohort)s") % {"cohort": cohort.name}
        ),
        body=in_recipient_language(
            lambda: (
                _(
                    "The cohort runs from %(start)s to %(end)s. Open the invitation to read the "
                    "group rules and join."
                )
                % {"start": _date(cohort.start_date), "end": _date(cohort.end_date)}
            )
        ),
        url=reverse("cohorts:join", args=[cohort.slug]),
        dedupe_key=f"cohort-invitation:{cohort.pk}:{user.pk}:{event.pk}",
    )


def memberships_invite(
    *, cohort: Cohort, users: Iterable, actor, role: str = Role.NEWCOMER, reason: str = ""
) -> list[Membership]:
    """Invite several people at once, all or nothing: when one invitation is refused (the
    cohort would be over capacity, an unknown role), nobody is invited.

    Only organizers may invite people straight onto the organizing team; the core team
    invites members. Each new invitee is notified once, as by ``membership_invite``.
    Safe to repeat, as ``membership_invite`` is.
    """
    if not permissions.can_manage_memberships(actor, cohort):
        raise PermissionDenied(_("Only organizers and the core team can invite people."))
    if role in Membership.STAFF_ROLES and not permissions.is_organizer(actor, cohort):
        raise PermissionDenied(_("Only organizers can invite people onto the organizing team."))
    users = list(users)
    if not users:
        raise ValidationError({"users": _("Name at least one person to invite.")})
    with transaction.atomic():
        return [
            membership_invite(cohort=cohort, user=user, actor=actor, role=role, reason=reason)
            for user in users
        ]


def membership_request(
    *, cohort: Cohort, user, accept_rules_version: int | None = None
) -> Membership:
    """Join a cohort (or accept an invitation), checked against its entry rule.

    Becomes active at once when the rule needs no approval, otherwise waits for the
    approver. The current group rules must be accepted to join. The cohort row is locked
    while the seats are counted, so two people racing for the last seat cannot both win.
    Refuses a second request instead of repeating it.
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in to join a cohort."))
    profile = _profile_of(user)
    rule = _entry_rule_for(cohort)
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if cohort.status not in {Cohort.Status.OPEN, Cohort.Status.RUNNING}:
            raise ValidationError({"cohort": _("This cohort is not open for joining.")})
        membership = Membership.objects.filter(cohort=cohort, user=user).first()
        invited = membership is not None and membership.status == Status.INVITED
        if membership is not None:
            if membership.status == Status.ACTIVE:
                raise ValidationError({"cohort": _("You are already a member of this cohort.")})
            if membership.status == Status.REQUESTED:
                raise ValidationError(
                    {"cohort": _("Your request is already waiting for approval.")}
                )
            if membership.status == Status.REMOVED:
                raise PermissionDenied(
                    _("You were removed from this cohort; ask an organizer to invite you back.")
                )
        if rule is not None:
            check = entry_rule_check(rule=rule, profile=profile, invited=invited)
            if not check.ok:
                raise ValidationError({"entry_rule": check.messages}, code="entry_rule")
        version = charter_current(cohort=cohort)
        _check_rules_accepted(charter_version=version, accepted_version=accept_rules_version)
        _check_cohort_seat(cohort, excluding=membership if invited else None)
        needs_approval = bool(rule and rule.approval_required and not invited)
        if membership is None:
            membership = Membership(cohort=cohort, user=user, role=Role.NEWCOMER)
        membership.status = Status.REQUESTED if needs_approval else Status.ACTIVE
        membership.joined_at = None if needs_approval else timezone.now()
        membership.rules_accepted_version = version
        membership.save()
        _accept(user=user, version=version)
        _log(
            cohort=cohort,
            action=Action.REQUESTED if needs_approval else Action.JOINED,
            actor=user,
            membership=membership,
            changes={"status": membership.status, "invited": invited},
        )
    permissions.forget_memberships(user)
    return membership


def _decide_request(*, membership: Membership, actor, approve: bool, reason: str) -> Membership:
    cohort = membership.cohort
    rule = _entry_rule_for(cohort)
    if not permissions.can_approve(actor, rule=rule, cohort=cohort):
        raise PermissionDenied(
            _("Only the approver named in the entry rule or an organizer can decide.")
        )
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != Status.REQUESTED:
            raise ValidationError({"membership": _("This request has already been decided.")})
        if approve:
            _check_cohort_seat(cohort)
            membership.status = Status.ACTIVE
            membership.joined_at = timezone.now()
            membership.save(update_fields=["status", "joined_at", "updated_at"])
        event = _log(
            cohort=cohort,
            action=Action.APPROVED if approve else Action.REJECTED,
            actor=actor,
            membership=membership if approve else None,
            changes={"user": membership.user_id, "status": "active" if approve else "rejected"},
            reason=reason,
        )
        if not approve:
            # A rejected request leaves no membership behind, so the person may ask again
            # later; the audit log keeps who asked and who refused.
            membership.delete()

        def title() -> str:
            if approve:
                return _("Welcome to %(cohort)s") % {"cohort": cohort.name}
            return _("Your request for %(cohort)s") % {"cohort": cohort.name}

        def body() -> str:
            if approve:
                text = _("Your request to join %(cohort)s was approved.")
            else:
                text = _("Your request to join %(cohort)s was not approved.")
            return f"{text % {'cohort': cohort.name}} {reason}".strip()

        _notify(
            recipient=membership.user,
            kind="cohort.request_decided",
            title=in_recipient_language(title),
            body=in_recipient_language(body),
            url=cohort_url(cohort),
            dedupe_key=f"cohort-request-decided:{event.pk}",
        )
    permissions.forget_memberships(membership.user)
    return membership


def membership_approve(*, membership: Membership, actor, reason: str = "") -> Membership:
    """Let a waiting request in (capacity re-checked under the lock); notifies the person.

    Refuses a request that was already decided.
    """
    return _decide_request(membership=membership, actor=actor, approve=True, reason=reason)


def membership_reject(*, membership: Membership, actor, reason: str = "") -> Membership:
    """Turn a waiting request down; the person is told and may ask again later.

    The request row is deleted (the audit log keeps who asked and who refused).
    """
    return _decide_request(membership=membership, actor=actor, approve=False, reason=reason)


def membership_leave(*, membership: Membership, actor) -> Membership:
    """Leave a cohort (and its sub-groups). Only the member themselves. Safe to repeat."""
    if actor is None or actor.pk != membership.user_id:
        raise PermissionDenied(_("Only the member can leave; organizers remove people instead."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status in {Status.LEFT, Status.REMOVED}:
            return membership
        previous = membership.status
        membership.status = Status.LEFT
        membership.save(update_fields=["status", "updated_at"])
        membership.subgroup_memberships.update(status=Status.LEFT)
        _log(
            cohort=membership.cohort,
            action=Action.LEFT,
            actor=actor,
            membership=membership,
            changes={"status": [previous, Status.LEFT]},
        )
    permissions.forget_memberships(actor)
    return membership


def membership_remove(*, membership: Membership, actor, reason: str = "") -> Membership:
    """Remove someone from a cohort and its sub-groups (organizers and core).

    The core team cannot remove organizers. Safe to repeat.
    """
    cohort = membership.cohort
    if not permissions.can_manage_memberships(actor, cohort):
        raise PermissionDenied(_("Only organizers and the core team can remove members."))
    if membership.role == Role.ORGANIZER and not permissions.is_organizer(actor, cohort):
        raise PermissionDenied(_("Only organizers can remove an organizer."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status == Status.REMOVED:
            return membership
        previous = membership.status
        membership.status = Status.REMOVED
        membership.save(update_fields=["status", "updated_at"])
        membership.subgroup_memberships.update(status=Status.REMOVED)
        _log(
            cohort=cohort,
            action=Action.REMOVED,
            actor=actor,
            membership=membership,
            changes={"status": [previous, Status.REMOVED]},
            reason=reason,
        )
    permissions.forget_memberships(membership.user)
    return membership


def membership_set_role(
    *, membership: Membership, role: str, actor, helper_duty: str = "", reason: str = ""
) -> Membership:
    """Give a member a role (organizer, core, planning, helper…). Organizers only.

    A helper has exactly one duty (check-in supervision, Q&A triage, summaries…), so the
    duty is required for helpers and cleared for everyone else. Safe to repeat.
    """
    cohort = membership.cohort
    if not permissions.is_organizer(actor, cohort):
        raise PermissionDenied(_("Only organizers can change roles."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    helper_duty = helper_duty.strip()
    if role == Role.HELPER and not helper_duty:
        raise ValidationError(
            {"helper_duty": _("Give the helper one duty, e.g. check-in supervision.")}
        )
    if role != Role.HELPER:
        helper_duty = ""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        before = {"role": membership.role, "helper_duty": membership.helper_duty}
        membership.role = role
        membership.helper_duty = helper_duty
        membership.save(update_fields=["role", "helper_duty", "updated_at"])
        if before != {"role": role, "helper_duty": helper_duty}:
            _log(
                cohort=cohort,
                action=Action.ROLE_CHANGED,
                actor=actor,
                membership=membership,
                changes={
                    "role": [before["role"], role],
                    "helper_duty": [before["helper_duty"], helper_duty],
                },
                reason=reason,
            )
    permissions.forget_memberships(membership.user)
    return membership


def membership_add_staff(
    *, cohort: Cohort, user, role: str, actor, helper_duty: str = ""
) -> Membership:
    """Put someone on the cohort's organizing team directly (no rule, no approval).

    Used by organizers (and the demo) to seat the operations team. Safe to repeat.
    """
    if not permissions.is_organizer(actor, cohort):
        raise PermissionDenied(_("Only organizers can build the operations team."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={"role": role, "status": Status.ACTIVE, "joined_at": timezone.now()},
        )
        if not created and membership.status != Status.ACTIVE:
            membership.status = Status.ACTIVE
            membership.joined_at = timezone.now()
            membership.save(update_fields=["status", "joined_at", "updated_at"])
        if created:
            _log(
                cohort=cohort,
                action=Action.JOINED,
                actor=actor,
                membership=membership,
                changes={"status": Status.ACTIVE, "role": role},
            )
    if membership.role != role or membership.helper_duty != helper_duty:
        membership = membership_set_role(
            membership=membership, role=role, actor=actor, helper_duty=helper_duty
        )
    return membership


# Members added per round of bulk inserts: bounds each query's size and paces progress.
BULK_BATCH = 1000

ADD_BY_RULE_FILTERS = {
    "level": ("level", Level),
    "min_level": ("level__rank__gte", Level),
    "max_level": ("level__rank__lte", Level),
    "region": ("region", Region),
    "subsidiary": ("subsidiary", Subsidiary),
    "department": ("department", Department),
    "project_team": ("project_team", ProjectTeam),
    "hired_after": ("hire_date__gte", None),
    "hired_before": ("hire_date__lte", None),
    # Lists (any of them), as the API takes them: "the East or the North region".
    "levels": ("level__in", Level),
    "regions": ("region__in", Region),
    "subsidiaries": ("subsidiary__in", Subsidiary),
    "departments": ("department__in", Department),
    "project_teams": ("project_team__in", ProjectTeam),
}


def _filter_object(name: str, model, value):
    if isinstance(value, model):
        return value
    obj = model.objects.filter(pk=value).first()
    if obj is None:
        raise ValidationError({name: _("No such %(kind)s.") % {"kind": model._meta.verbose_name}})
    return obj


def _filters_q(filters: dict) -> Q:
    unknown = sorted(set(filters) - set(ADD_BY_RULE_FILTERS))
    if unknown:
        raise ValidationError(
            {"filters": _("Unknown filter: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    if not filters:
        raise ValidationError({"filters": _("Choose at least one condition.")})
    q = Q()
    dates: dict[str, datetime.date] = {}
    for name, value in filters.items():
        lookup, model = ADD_BY_RULE_FILTERS[name]
        if lookup.endswith("__in"):
            values = list(value)
            if not values:
                raise ValidationError({name: _("Name at least one, or leave the filter out.")})
            value = [_filter_object(name, model, item) for item in values]
        elif lookup.startswith("level__rank"):
            value = _filter_object(name, Level, value).rank
        elif model is not None:
            value = _filter_object(name, model, value)
        elif not isinstance(value, datetime.date):
            try:
                value = datetime.date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError({name: _("Enter a date as YYYY-MM-DD.")}) from None
        if model is None:
            dates[name] = value
        q &= Q(**{lookup: value})
    window = (dates.get("hired_after"), dates.get("hired_before"))
    if None not in window and window[1] < window[0]:
        raise ValidationError(
            {"hired_before": _("The end of the hiring window comes before its start.")}
        )
    return q


def _filters_for_log(filters: dict) -> dict:
    """The filters as the audit log keeps them: names people can read, lists as lists."""
    return {
        name: [str(item) for item in value] if isinstance(value, list | tuple) else str(value)
        for name, value in filters.items()
    }


def memberships_add_by_rule_preview(*, cohort: Cohort, filters: dict) -> QuerySet[EmployeeProfile]:
    """Who ``memberships_add_by_rule`` would add to ``cohort`` now: active employees who
    match ``filters`` and have no membership in it yet (whatever its status, as the
    service skips those too). Pure read, so the admin can show it before confirming.
    """
    return (
        EmployeeProfile.objects.active()
        .with_directory()
        .filter(_filters_q(filters))
        .exclude(user__cohort_memberships__cohort=cohort)
        .order_by("full_name", "pk")
    )


def memberships_add_by_rule(
    *,
    actor,
    filters: dict,
    cohort: Cohort | None = None,
    subgroup: SubGroup | None = None,
    reason: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Membership]:
    """Add everyone in the directory who matches ``filters`` (e.g. hired in November in
    the East region) to a cohort, or to a sub-group (and its cohort).

    People already in are left as they are; the rest become active members at once, in a
    fixed number of queries per batch of ``BULK_BATCH`` people. ``progress(stage, done,
    total)``, when given, hears after each batch (a background job shows it). Safe to
    repeat: a second run adds nobody. Refused whole when it would overfill the cohort.
    """
    if (cohort is None) == (subgroup is None):
        raise ValidationError({"target": _("Choose a cohort or a sub-group.")})
    target_cohort = subgroup.cohort if subgroup is not None else cohort
    if not permissions.can_manage_memberships(actor, target_cohort):
        raise PermissionDenied(_("Only organizers and the core team can add people."))
    q = _filters_q(filters)
    with transaction.atomic():
        target_cohort = Cohort.objects.select_for_update().get(pk=target_cohort.pk)
        users = list(EmployeeProfile.objects.active().filter(q).values_list("user_id", flat=True))
        existing = {
            m.user_id: m for m in Membership.objects.filter(cohort=target_cohort, user_id__in=users)
        }
        new_user_ids = [uid for uid in users if uid not in existing]
        _check_cohort_seat(target_cohort, adding=len(new_user_ids))
        now = timezone.now()
        changes = {"filters": _filters_for_log(filters)}
        created: list[Membership] = []
        for start in range(0, len(new_user_ids), BULK_BATCH):
            batch = new_user_ids[start : start + BULK_BATCH]
            Membership.objects.bulk_create(
                [
                    Membership(
                        cohort=target_cohort,
                        user_id=uid,
                        role=Role.NEWCOMER,
                        status=Status.ACTIVE,
                        joined_at=now,
                    )
                    for uid in batch
                ]
            )
            # bulk_create may not return ids on every database: fetch them back.
            fresh = list(Membership.objects.filter(cohort=target_cohort, user_id__in=batch))
            MembershipEvent.objects.bulk_create(
                [
                    MembershipEvent(
                        cohort=target_cohort,
                        membership=m,
                        subgroup=subgroup,
                        actor=actor,
                        action=Action.ADDED_BY_RULE,
                        changes=changes,
                        reason=reason,
                    )
                    for m in fresh
                ]
            )
            created.extend(fresh)
            if progress is not None:
                progress("adding", len(created), len(new_user_ids))
        added = created
        if subgroup is not None:
            candidates = created + [m for m in existing.values() if m.status == Status.ACTIVE]
            added = _subgroup_add(subgroup=subgroup, memberships=candidates, actor=actor, wave=None)
    return added


# ---------------------------------------------------------------------------------------
# Sub-groups
# ---------------------------------------------------------------------------------------

DIMENSION_FIELDS = {
    SubGroup.Dimension.LEVEL: "level",
    SubGroup.Dimension.REGION: "region",
    SubGroup.Dimension.SUBSIDIARY: "subsidiary",
    SubGroup.Dimension.PROJECT_TEAM: "project_team",
}


@dataclass(frozen=True)
class SubGroupProposal:
    name: str
    slug: str
    dimension: str
    value_id: int | None
    custom_value: str
    member_count: int
    exists: bool


def subgroups_preview(
    *, cohort: Cohort, dimension: str, custom_key: str = ""
) -> list[SubGroupProposal]:
    """The sub-groups "one per <dimension>" would create, with how many of the cohort's
    active members each would hold. Saves nothing; a fixed number of queries.
    """
    if dimension not in SubGroup.Dimension.values:
        raise ValidationError({"dimension": _("Unknown dimension “%(d)s”.") % {"d": dimension}})
    members = Membership.objects.filter(cohort=cohort, status=Status.ACTIVE)
    existing = set(cohort.subgroups.values_list("slug", flat=True))
    proposals = []
    if dimension == SubGroup.Dimension.CUSTOM:
        if not custom_key:
            raise ValidationError({"custom_key": _("Name the profile attribute to group by.")})
        counts: dict[str, int] = {}
        for attributes in members.values_list("user__profile__attributes", flat=True):
            value = (attributes or {}).get(custom_key)
            if value not in (None, ""):
                counts[str(value)] = counts.get(str(value), 0) + 1
        for value, count in sorted(counts.items()):
            slug = slugify(f"{custom_key}-{value}")[:80] or f"{custom_key}-group"
            proposals.append(
                SubGroupProposal(value, slug, dimension, None, value, count, slug in existing)
            )
        return proposals
    name = DIMENSION_FIELDS[dimension]
    rows = (
        members.filter(**{f"user__profile__{name}__isnull": False})
        .values(
            f"user__profile__{name}", f"user__profile__{name}__name", f"user__profile__{name}__code"
        )
        .annotate(count=Count("pk"))
        .order_by(f"user__profile__{name}__name")
    )
    for row in rows:
        slug = slugify(f"{name}-{row[f'user__profile__{name}__code']}")[:80]
        proposals.append(
            SubGroupProposal(
                name=row[f"user__profile__{name}__name"],
                slug=slug,
                dimension=dimension,
                value_id=row[f"user__profile__{name}"],
                custom_value="",
                member_count=row["count"],
                exists=slug in existing,
            )
        )
    return proposals


def subgroups_generate(
    *,
    cohort: Cohort,
    dimension: str,
    actor,
    custom_key: str = "",
    add_members: bool = True,
    opens_at: datetime.datetime | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[SubGroup]:
    """Create one sub-group per value of ``dimension`` among the cohort's members and
    (by default) put each member in theirs as wave 1. Each new group is recorded in the
    cohort's audit log. ``progress(stage, done, total)``, when given, hears after each
    group is filled (a background job shows it).

    Safe to repeat: groups that exist already are skipped, members already in are kept.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only organizers can create sub-groups."))
    proposals = subgroups_preview(cohort=cohort, dimension=dimension, custom_key=custom_key)
    created: list[SubGroup] = []
    with transaction.atomic():
        for proposal in proposals:
            if proposal.exists:
                continue
            subgroup = SubGroup(
                cohort=cohort,
                name=proposal.name,
                slug=proposal.slug,
                dimension=dimension,
                opens_at=opens_at,
            )
            if dimension == SubGroup.Dimension.CUSTOM:
                subgroup.custom_key = custom_key
                subgroup.custom_value = proposal.custom_value
            else:
                setattr(subgroup, f"{DIMENSION_FIELDS[dimension]}_id", proposal.value_id)
            subgroup.save()
            created.append(subgroup)
        MembershipEvent.objects.bulk_create(
            MembershipEvent(
                cohort=cohort,
                action=Action.SUBGROUP_CREATED,
                actor=actor if actor is not None and actor.is_authenticated else None,
                subgroup=subgroup,
                changes={**_audit_fields(subgroup, sorted(SUBGROUP_FIELDS)), "generated": True},
            )
            for subgroup in created
        )
        if add_members:
            for filled, subgroup in enumerate(created, start=1):
                if dimension == SubGroup.Dimension.CUSTOM:
                    members = [
                        m
                        for m in Membership.objects.filter(
                            cohort=cohort, status=Status.ACTIVE
                        ).select_related("user__profile")
                        if str(
                            (
                                getattr(m.user, "profile", None) and m.user.profile.attributes or {}
                            ).get(custom_key, "")
                        )
                        == subgroup.custom_value
                    ]
                else:
                    field_name = DIMENSION_FIELDS[dimension]
                    members = list(
                        Membership.objects.filter(
                            cohort=cohort,
                            status=Status.ACTIVE,
                            **{
                                f"user__profile__{field_name}_id": getattr(
                                    subgroup, f"{field_name}_id"
                                )
                            },
                        )
                    )
                _subgroup_add(subgroup=subgroup, memberships=members, actor=actor, wave=1)
                if progress is not None:
                    progress("adding", filled, len(created))
    return created


def _subgroup_add(
    *, subgroup: SubGroup, memberships: list[Membership], actor, wave: int | None
) -> list[Membership]:
    """Put cohort members into a sub-group in bulk; returns those newly added."""
    already = set(
        SubGroupMembership.objects.filter(
            subgroup=subgroup, membership__in=memberships
        ).values_list("membership_id", flat=True)
    )
    fresh = [m for m in memberships if m.pk not in already]
    if wave is None:
        wave = (subgroup.memberships.aggregate(top=Max("wave"))["top"] or 0) + 1 if fresh else 1
    now = timezone.now()
    SubGroupMembership.objects.bulk_create(
        [
            SubGroupMembership(
                subgroup=subgroup, membership=m, status=Status.ACTIVE, wave=wave, joined_at=now
            )
            for m in fresh
        ]
    )
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                cohort_id=subgroup.cohort_id,
                membership=m,
                subgroup=subgroup,
                actor=actor,
                action=Action.WAVE_ADDED,
                changes={"wave": wave},
            )
            for m in fresh
        ]
    )
    return fresh


def subgroup_add_next_wave(*, subgroup: SubGroup, users: Iterable, actor) -> list[Membership]:
    """Add the next wave of the cohort's active members to a sub-group.

    Sub-groups widen gradually: each call numbers its wave one above the last. People
    who are not active cohort members, or already in, are skipped. Organizers and core.
    """
    cohort = subgroup.cohort
    if not permissions.can_manage_memberships(actor, cohort):
        raise PermissionDenied(_("Only organizers and the core team can add people."))
    user_ids = [getattr(u, "pk", u) for u in users]
    with transaction.atomic():
        subgroup = SubGroup.objects.select_for_update().get(pk=subgroup.pk)
        memberships = list(
            Membership.objects.filter(cohort=cohort, user_id__in=user_ids, status=Status.ACTIVE)
        )
        return _subgroup_add(subgroup=subgroup, memberships=memberships, actor=actor, wave=None)


def subgroup_membership_request(
    *, subgroup: SubGroup, user, accept_rules_version: int | None = None
) -> SubGroupMembership:
    """Join a sub-group as an active cohort member, checked against its entry rule.

    Hidden sub-groups answer "not found" to people who cannot see them. The sub-group row
    is locked while its seats are counted. Refuses a second request.
    """
    cohort = subgroup.cohort
    membership = permissions.membership_for(user, cohort)
    if membership is None or membership.status != Status.ACTIVE:
        raise PermissionDenied(_("Join the cohort before joining one of its sub-groups."))
    if not permissions.can_see_subgroup(user, subgroup):
        raise SubGroup.DoesNotExist
    if subgroup.opens_at and subgroup.opens_at > timezone.now():
        raise ValidationError(
            {
                "subgroup": _("This sub-group opens on %(date)s.")
                % {"date": _date(subgroup.opens_at.date())}
            }
        )
    rule = _entry_rule_for(subgroup)
    if rule is not None:
        check = entry_rule_check(rule=rule, profile=_profile_of(user))
        if not check.ok:
            raise ValidationError({"entry_rule": check.messages}, code="entry_rule")
    with transaction.atomic():
        subgroup = SubGroup.objects.select_for_update().get(pk=subgroup.pk)
        sgm = SubGroupMembership.objects.filter(subgroup=subgroup, membership=membership).first()
        if sgm is not None and sgm.status in {Status.ACTIVE, Status.REQUESTED}:
            raise ValidationError({"subgroup": _("You have already joined or asked to join.")})
        if sgm is not None and sgm.status == Status.REMOVED:
            raise PermissionDenied(_("You were removed from this sub-group."))
        version = charter_current(subgroup=subgroup)
        _check_rules_accepted(charter_version=version, accepted_version=accept_rules_version)
        if subgroup.capacity is not None:
            taken = subgroup.memberships.filter(status__in=Membership.SEAT_STATUSES).count()
            if taken >= subgroup.capacity:
                raise ValidationError(
                    {
                        "capacity": _("This sub-group is full (%(capacity)d places).")
                        % {"capacity": subgroup.capacity}
                    }
                )
        needs_approval = bool(rule and rule.approval_required)
        if sgm is None:
            sgm = SubGroupMembership(subgroup=subgroup, membership=membership)
        sgm.status = Status.REQUESTED if needs_approval else Status.ACTIVE
        sgm.joined_at = None if needs_approval else timezone.now()
        sgm.rules_accepted_version = version
        sgm.save()
        _accept(user=user, version=version)
        _log(
            cohort=cohort,
            action=Action.REQUESTED if needs_approval else Action.SUBGROUP_JOINED,
            actor=user,
            membership=membership,
            subgroup=subgroup,
            changes={"status": sgm.status},
        )
    return sgm


def subgroup_membership_decide(
    *, subgroup_membership: SubGroupMembership, actor, approve: bool, reason: str = ""
) -> SubGroupMembership:
    """Approve or reject a request to join a sub-group (the rule's approver or organizers).

    Notifies the person. Refuses a request already decided.
    """
    subgroup = subgroup_membership.subgroup
    cohort = subgroup.cohort
    rule = _entry_rule_for(subgroup)
    if not permissions.can_approve(actor, rule=rule, cohort=cohort):
        raise PermissionDenied(
            _("Only the approver named in the entry rule or an organizer can decide.")
        )
    with transaction.atomic():
        subgroup = SubGroup.objects.select_for_update().get(pk=subgroup.pk)
        sgm = SubGroupMembership.objects.select_related("membership__user").get(
            pk=subgroup_membership.pk
        )
        if sgm.status != Status.REQUESTED:
            raise ValidationError({"membership": _("This request has already been decided.")})
        if approve and subgroup.capacity is not None:
            taken = subgroup.memberships.filter(status__in=Membership.SEAT_STATUSES).count()
            if taken >= subgroup.capacity:
                raise ValidationError({"capacity": _("This sub-group is full.")})
        user = sgm.membership.user
        event = _log(
            cohort=cohort,
            action=Action.APPROVED if approve else Action.REJECTED,
            actor=actor,
            membership=sgm.membership,
            subgroup=subgroup,
            changes={"status": Status.ACTIVE if approve else "rejected"},
            reason=reason,
        )
        if approve:
            sgm.status = Status.ACTIVE
            sgm.joined_at = timezone.now()
            sgm.save(update_fields=["status", "joined_at"])
        else:
            sgm.delete()

        def body() -> str:
            if approve:
                text = _("You are now in %(group)s.")
            else:
                text = _("Your request to join %(group)s was not approved.")
            return f"{text % {'group': subgroup.name}} {reason}".strip()

        _notify(
            recipient=user,
            kind="cohort.request_decided",
            title=subgroup.name,
            body=in_recipient_language(body),
            url=cohort_url(cohort),
            dedupe_key=f"subgroup-request-decided:{event.pk}",
        )
    return sgm


# ---------------------------------------------------------------------------------------
# Group rules
# ---------------------------------------------------------------------------------------


def charter_draft(
    *,
    body: str,
    owner,
    actor,
    enforcers: Iterable = (),
    cohort: Cohort | None = None,
    subgroup: SubGroup | None = None,
) -> CharterVersion:
    """Write a new version of a cohort's or sub-group's rules, not yet in force.

    ``owner`` is who set the rules; ``enforcers`` who enforce them. Organizers only.
    """
    if (cohort is None) == (subgroup is None):
        raise ValidationError({"target": _("Choose a cohort or a sub-group.")})
    target_cohort = cohort if cohort is not None else subgroup.cohort
    if not permissions.can_change_cohort(actor, target_cohort):
        raise PermissionDenied(_("Only organizers can write the group rules."))
    if not (body or "").strip():
        raise ValidationError({"body": _("Write the rules before saving them.")})
    with transaction.atomic():
        charter, _created = GroupCharter.objects.get_or_create(cohort=cohort, subgroup=subgroup)
        charter = GroupCharter.objects.select_for_update().get(pk=charter.pk)
        number = (charter.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        version = CharterVersion.objects.create(
            charter=charter, number=number, body=body.strip(), owner=owner
        )
        version.enforcers.set(list(enforcers))
    return version


def charter_publish(*, version: CharterVersion, actor) -> CharterVersion:
    """Put a version of the group rules in force.

    Everyone's earlier acceptance no longer counts: members must accept the new version
    (the member pages ask them) and are notified. Safe to repeat: publishing a published
    version changes nothing.
    """
    charter = version.charter
    cohort = charter.target_cohort
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only organizers can publish the group rules."))
    with transaction.atomic():
        version = CharterVersion.objects.select_for_update().get(pk=version.pk)
        if version.published_at is not None:
            return version
        current = (
            charter_current(cohort=charter.cohort)
            if charter.cohort_id
            else charter_current(subgroup=charter.subgroup)
        )
        if current is not None and current.number > version.number:
            raise ValidationError({"version": _("A newer version is already in force.")})
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
        GroupCharter.objects.filter(pk=charter.pk).update(current_version=version)
        _log(
            cohort=cohort,
            action=Action.CHARTER_PUBLISHED,
            actor=actor,
            subgroup=charter.subgroup,
            changes={"version": version.number},
        )
        if charter.subgroup_id:
            recipients = [
                sgm.membership.user
                for sgm in SubGroupMembership.objects.filter(
                    subgroup_id=charter.subgroup_id, status=Status.ACTIVE
                ).select_related("membership__user")
            ]
            name = charter.subgroup.name
        else:
            recipients = [
                m.user
                for m in Membership.objects.filter(
                    cohort=cohort, status=Status.ACTIVE
                ).select_related("user")
            ]
            name = cohort.name
        if recipients:
            _notify_many(
                recipients=recipients,
                kind="cohort.rules_changed",
                title=in_recipient_language(
                    lambda: _("New group rules in %(group)s") % {"group": name}
                ),
                body=in_recipient_language(
                    lambda: (
                        _(
                            "The group rules changed (version %(number)d). "
                            "Please read and accept them."
                        )
                        % {"number": version.number}
                    )
                ),
                url=cohort_url(cohort),
                dedupe_key=f"charter:{charter.pk}:v{version.number}",
            )
    return version


def charter_accept(
    *, user, version_number: int, cohort: Cohort | None = None, subgroup: SubGroup | None = None
) -> RuleAcceptance:
    """Record that a member accepted the rules now in force. Safe to repeat."""
    current = (
        charter_current(cohort=cohort) if cohort is not None else charter_current(subgroup=subgroup)
    )
    target_cohort = cohort if cohort is not None else subgroup.cohort
    membership = permissions.membership_for(user, target_cohort)
    if membership is None or membership.status != Status.ACTIVE:
        raise PermissionDenied(_("Only members accept the group rules."))
    if current is None:
        raise ValidationError({"version": _("There are no group rules to accept yet.")})
    if version_number != current.number:
        raise ValidationError(
            {
                "version": _("The rules in force are version %(number)d; accept that one.")
                % {"number": current.number}
            }
        )
    with transaction.atomic():
        acceptance, created = RuleAcceptance.objects.get_or_create(version=current, user=user)
        if subgroup is not None:
            SubGroupMembership.objects.filter(subgroup=subgroup, membership=membership).update(
                rules_accepted_version=current
            )
        else:
            Membership.objects.filter(pk=membership.pk).update(rules_accepted_version=current)
        if created:
            _log(
                cohort=target_cohort,
                action=Action.RULES_ACCEPTED,
                actor=user,
                membership=membership,
                subgroup=subgroup,
                changes={"version": current.number},
            )
    permissions.forget_memberships(user)
    return acceptance


# ---------------------------------------------------------------------------------------
# Posts
# ---------------------------------------------------------------------------------------


def post_create(
    *,
    cohort: Cohort,
    author,
    body: str,
    kind: str = Post.Kind.POST,
    subgroup: SubGroup | None = None,
) -> Post:
    """Post to the cohort's feed (or a sub-group's).

    Refuses non-members, muted members, and announcements from anyone outside the
    organizers and operations team. Not idempotent: each call is a new post.
    """
    body = (body or "").strip()
    if kind not in Post.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of post.")})
    if subgroup is not None and subgroup.cohort_id != cohort.pk:
        raise ValidationError({"subgroup": _("This sub-group belongs to another cohort.")})
    if not permissions.can_post(
        author, cohort, subgroup=subgroup, announcement=kind == Post.Kind.ANNOUNCEMENT
    ):
        if kind == Post.Kind.ANNOUNCEMENT:
            raise PermissionDenied(_("Only organizers and the operations team post announcements."))
        raise PermissionDenied(_("Only members can post here."))
    membership = permissions.membership_for(author, cohort)
    if (
        membership is not None
        and membership.muted_until
        and membership.muted_until > timezone.now()
    ):
        raise PermissionDenied(
            _("You are muted in this cohort until %(date)s.")
            % {"date": date_format(timezone.localtime(membership.muted_until), "DATETIME_FORMAT")}
        )
    if not body:
        raise ValidationError({"body": _("Write something before posting.")})
    if len(body) > 10_000:
        raise ValidationError({"body": _("Keep a post under 10,000 characters.")})
    with transaction.atomic():
        return Post.objects.create(
            cohort=cohort, subgroup=subgroup, author=author, kind=kind, body=body
        )


def introduction_post(*, membership: Membership, body: str) -> Post:
    """The self-introduction a newcomer writes on joining. One per member: a second call
    returns the first introduction unchanged.
    """
    existing = Post.objects.filter(
        cohort_id=membership.cohort_id, author_id=membership.user_id, kind=Post.Kind.INTRODUCTION
    ).first()
    if existing is not None:
        return existing
    return post_create(
        cohort=membership.cohort, author=membership.user, body=body, kind=Post.Kind.INTRODUCTION
    )


# ---------------------------------------------------------------------------------------
# Reports and moderation
# ---------------------------------------------------------------------------------------


def report_create(
    *,
    cohort: Cohort,
    reporter,
    reason: str,
    target_member: Membership | None = None,
    target_post: Post | None = None,
    rule_excerpt: str = "",
) -> Report:
    """Report a member or a post for breaking the group rules; enforcers review it.

    Any active member may report. Logged. Each call is a new report.
    """
    if not permissions.is_member(reporter, cohort):
        raise PermissionDenied(_("Only members can report."))
    reason = (reason or "").strip()
    errors = {}
    if target_member is None and target_post is None:
        errors["target"] = _("Say which member or post you are reporting.")
    if target_member is not None and target_member.cohort_id != cohort.pk:
        errors["target_member"] = _("This person is not in this cohort.")
    if target_post is not None and target_post.cohort_id != cohort.pk:
        errors["target_post"] = _("This post is not in this cohort.")
    if not reason:
        errors["reason"] = _("Say what happened.")
    if errors:
        raise ValidationError(errors)
    if target_member is None and target_post is not None:
        target_member = Membership.objects.filter(
            cohort=cohort, user_id=target_post.author_id
        ).first()
    with transaction.atomic():
        report = Report.objects.create(
            cohort=cohort,
            reporter=reporter,
            target_member=target_member,
            target_post=target_post,
            reason=reason,
            rule_excerpt=(rule_excerpt or "").strip(),
        )
        _log(
            cohort=cohort,
            action=Action.REPORTED,
            actor=reporter,
            membership=target_member,
            report=report,
            changes={"post": target_post.pk if target_post else None},
        )
    return report


def report_decide(
    *,
    report: Report,
    actor,
    outcome: str,
    note: str = "",
    mute_until: datetime.datetime | None = None,
) -> Report:
    """Decide a report: dismiss it, warn, mute until a date, or remove the member.

    Only enforcers and organizers. A mute stops the member posting until the date; an
    action on a post also hides it. The reporter is told the outcome. Refuses a report
    already decided.
    """
    cohort = report.cohort
    if not permissions.can_moderate(actor, cohort):
        raise PermissionDenied(_("Only the enforcers of the group rules can decide reports."))
    if outcome not in Report.Outcome.values:
        raise ValidationError({"outcome": _("Choose dismiss, warn, mute or remove.")})
    if outcome == Report.Outcome.MUTE:
        if mute_until is None:
            raise ValidationError({"mute_until": _("Say until when the member is muted.")})
        if mute_until <= timezone.now():
            raise ValidationError({"mute_until": _("Choose a time in the future.")})
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != Report.Status.OPEN:
            raise ValidationError({"report": _("This report has already been decided.")})
        target = report.target_member
        if target is None and outcome in {
            Report.Outcome.MUTE,
            Report.Outcome.REMOVE,
            Report.Outcome.WARN,
        }:
            raise ValidationError({"outcome": _("The reported person is no longer a member.")})
        report.outcome = outcome
        report.status = (
            Report.Status.DISMISSED if outcome == Report.Outcome.DISMISS else Report.Status.ACTIONED
        )
        report.mute_until = mute_until if outcome == Report.Outcome.MUTE else None
        report.decided_by = actor
        report.decided_at = timezone.now()
        report.note = (note or "").strip()
        report.save()
        _log(
            cohort=cohort,
            action=Action.REPORT_DECIDED,
            actor=actor,
            membership=target,
            report=report,
            changes={"outcome": outcome},
            reason=report.note,
        )
        if outcome != Report.Outcome.DISMISS and report.target_post_id:
            Post.objects.filter(pk=report.target_post_id).update(hidden=True)
        if outcome == Report.Outcome.MUTE:
            Membership.objects.filter(pk=target.pk).update(muted_until=mute_until)
            _log(
                cohort=cohort,
                action=Action.MUTED,
                actor=actor,
                membership=target,
                report=report,
                changes={"muted_until": mute_until.isoformat()},
            )
            permissions.forget_memberships(target.user)
        elif outcome == Report.Outcome.WARN:
            _log(cohort=cohort, action=Action.WARNED, actor=actor, membership=target, report=report)
            _notify(
                recipient=target.user,
                kind="cohort.warning",
                title=in_recipient_language(
                    lambda: _("A warning in %(cohort)s") % {"cohort": cohort.name}
                ),
                body=report.note
                or in_recipient_language(lambda: _("An enforcer reminded you of the group rules.")),
                url=cohort_url(cohort),
                dedupe_key=f"report-warning:{report.pk}",
            )
        elif outcome == Report.Outcome.REMOVE:
            _remove_by_moderation(membership=target, actor=actor, report=report)
        _notify(
            recipient=report.reporter,
            kind="cohort.report_decided",
            title=in_recipient_language(
                lambda: _("Your report in %(cohort)s") % {"cohort": cohort.name}
            ),
            body=in_recipient_language(
                lambda: (
                    _("Outcome: %(outcome)s.") % {"outcome": report.get_outcome_display()}
                    + (f" {report.note}" if report.note else "")
                )
            ),
            url=cohort_url(cohort),
            dedupe_key=f"report-decided:{report.pk}",
        )
    return report


def _remove_by_moderation(*, membership: Membership, actor, report: Report) -> None:
    if membership.status == Status.REMOVED:
        return
    previous = membership.status
    Membership.objects.filter(pk=membership.pk).update(status=Status.REMOVED)
    membership.subgroup_memberships.update(status=Status.REMOVED)
    _log(
        cohort=membership.cohort,
        action=Action.REMOVED,
        actor=actor,
        membership=membership,
        report=report,
        changes={"status": [previous, Status.REMOVED]},
    )
    permissions.forget_memberships(membership.user)

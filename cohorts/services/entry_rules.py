"""The threshold for joining a cohort or a sub-group: who may set it, and how it is
checked and recorded. Whether a person meets it is ``cohorts.eligibility``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.eligibility import entry_rule_for
from cohorts.models import (
    Cohort,
    EntryRule,
    Membership,
    MembershipEvent,
    SubGroup,
)
from cohorts.services.audit import audit_fields, audit_log, audit_value, history_log
from cohorts.services.validation import validated
from learning.conditions import DirectoryConditions
from learning.directory import conditions_private_check
from learning.models import (
    Department,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


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
    Organizers only; a hiring window only by HR, as hire dates are private. Checked before
    anything is saved: the level range and the hiring window must be in order, and a
    named approver is required exactly when a named person approves. The rule as it now
    stands goes to the cohort's audit log and the change to Wagtail's history. Safe to
    repeat: setting the same rule writes nothing.
    """
    if (cohort is None) == (subgroup is None):
        raise ValidationError({"target": _("Choose a cohort or a sub-group.")})
    target_cohort = cohort if cohort is not None else subgroup.cohort
    if not permissions.can_change_cohort(actor, target_cohort):
        raise PermissionDenied(_("Only organizers can set entry rules."))
    errors: dict = {}
    try:
        DirectoryConditions(
            min_level=min_level,
            max_level=max_level,
            hired_after=hired_after,
            hired_before=hired_before,
        ).range_check()
    except ValidationError as error:
        errors.update(error.message_dict)
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
        stored_window = (rule.hired_after, rule.hired_before) if rule else (None, None)
        if (hired_after, hired_before) != stored_window:
            # Only a new hiring window is a new selection by hire date: someone else may
            # still change the rest of a rule that HR gave one.
            conditions_private_check(
                viewer=actor,
                conditions=DirectoryConditions(hired_after=hired_after, hired_before=hired_before),
            )
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
        validated(rule, errors)
        after = _entry_rule_audit(rule, lists)
        if after == before:
            return entry_rule_for(cohort if cohort is not None else subgroup)
        rule.save()
        for name, items in lists.items():
            getattr(rule, name).set(items)
        audit_log(
            cohort=target_cohort,
            action=Action.ENTRY_RULE_SET,
            actor=actor,
            subgroup=subgroup,
            changes=after if created else {"before": before, "after": after},
        )
        history_log(
            instance=rule, action="wagtail.create" if created else "wagtail.edit", actor=actor
        )
    return entry_rule_for(cohort if cohort is not None else subgroup)


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
        **audit_fields(rule, ENTRY_RULE_FIELDS),
        **{name: audit_value(items) for name, items in lists.items()},
    }

"""Entry rules: the caller's verdict, and the whole rule for organizers to set."""

from __future__ import annotations

from cohorts import permissions, services
from cohorts.api.lookups import Lookup, cohort_organized, cohort_visible, subgroup_visible
from cohorts.api.routing import TAGS, router
from cohorts.api.schemas import EntryRuleIn, EntryRuleOut
from cohorts.models import (
    Cohort,
    EntryRule,
    Membership,
    SubGroup,
)
from learning import directory
from learning.api import ERROR_RESPONSES
from learning.models import (
    Department,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
)


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
    lookup = Lookup()
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
    cohort = cohort_visible(request, slug)
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
    cohort = cohort_organized(request, slug)
    rule = _entry_rule_put(request, payload, cohort=cohort)
    return _entry_rule_out(request, rule, cohort=cohort, invited=False)


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/entry-rule",
    response={200: EntryRuleOut, **ERROR_RESPONSES},
    summary="Who may join the sub-group: your verdict, and the full rule for organizers",
    tags=["cohorts"],
)
def subgroup_entry_rule(request, slug: str, subgroup_slug: str):
    cohort = cohort_visible(request, slug)
    subgroup = subgroup_visible(request, cohort, subgroup_slug)
    return _entry_rule_out(request, _entry_rule(subgroup=subgroup), cohort=cohort, invited=False)


@router.put(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/entry-rule",
    response={200: EntryRuleOut, **ERROR_RESPONSES},
    summary="Set or replace a sub-group's entry rule (organizers)",
    tags=TAGS,
)
def subgroup_entry_rule_set(request, slug: str, subgroup_slug: str, payload: EntryRuleIn):
    cohort = cohort_organized(request, slug)
    subgroup = subgroup_visible(request, cohort, subgroup_slug)
    rule = _entry_rule_put(request, payload, subgroup=subgroup)
    return _entry_rule_out(request, rule, cohort=cohort, invited=False)

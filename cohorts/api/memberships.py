"""Joining, leaving, approving and removing; roles; invitations and adding by rule."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Status

from cohorts import jobs as cohorts_jobs
from cohorts import permissions, selectors, services
from cohorts.api.lookups import (
    Lookup,
    cohort_managed,
    cohort_visible,
    member_out,
    membership_visible,
    subgroup_visible,
)
from cohorts.api.routing import TAGS, Paginator, page_of, router
from cohorts.api.schemas import (
    ByRuleAddedOut,
    ByRuleIn,
    CandidatePageOut,
    DecisionIn,
    DirectoryConditionsIn,
    InvitationsIn,
    JobStartedOut,
    JoinIn,
    MemberOut,
    MemberPageOut,
    RoleIn,
)
from cohorts.models import (
    Cohort,
    Membership,
    SubGroup,
    SubGroupMembership,
)
from learning import jobs
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id
from learning.conditions import DirectoryConditions
from learning.paging import IdsFirst


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/join",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Join a sub-group (checked against its entry rule)",
)
def subgroup_join(request, slug: str, subgroup_slug: str, payload: JoinIn):
    subgroup = subgroup_visible(request, cohort_visible(request, slug), subgroup_slug)
    row = services.subgroup_membership_request(
        subgroup=subgroup, user=request.user, accept_rules_version=payload.accept_rules_version
    )
    return {**member_out(row.membership), "status": row.status, "wave": row.wave}


@router.post(
    "/subgroup-requests/{request_id}/approve",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Approve a request to join a sub-group",
)
def subgroup_request_approve(request, request_id: Id, payload: DecisionIn):
    return _subgroup_decide(request, request_id, payload, approve=True)


@router.post(
    "/subgroup-requests/{request_id}/reject",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Reject a request to join a sub-group",
)
def subgroup_request_reject(request, request_id: Id, payload: DecisionIn):
    return _subgroup_decide(request, request_id, payload, approve=False)


def _subgroup_decide(request, request_id: Id, payload: DecisionIn, *, approve: bool):
    row = get_object_or_404(
        SubGroupMembership.objects.select_related("subgroup__cohort", "membership__user"),
        pk=request_id,
    )
    if not permissions.can_see_subgroup(request.user, row.subgroup):
        raise SubGroupMembership.DoesNotExist
    row = services.subgroup_membership_decide(
        subgroup_membership=row, actor=request.user, approve=approve, reason=payload.reason
    )
    return {**member_out(row.membership), "status": row.status, "wave": row.wave}


@router.post(
    "/cohorts/{slug}/join",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Join a cohort (or accept an invitation); checked against its entry rule",
)
def cohort_join(request, slug: str, payload: JoinIn):
    membership = services.membership_request(
        cohort=cohort_visible(request, slug),
        user=request.user,
        accept_rules_version=payload.accept_rules_version,
    )
    return member_out(membership)


@router.get(
    "/cohorts/{slug}/members",
    response={200: MemberPageOut, **ERROR_RESPONSES},
    summary="The cohort's members directory (members only)",
)
def cohort_members(request, slug: str, pagination: Query[Paginator.Input]):
    cohort = cohort_visible(request, slug)
    members = IdsFirst(selectors.cohort_members(cohort=cohort, viewer=request.user))
    page = page_of(request, members, pagination)
    return {"items": [member_out(m) for m in page["items"]], "count": page["count"]}


@router.post(
    "/memberships/{membership_id}/approve",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Approve a request to join",
)
def membership_approve(request, membership_id: Id, payload: DecisionIn):
    membership = services.membership_approve(
        membership=membership_visible(request, membership_id),
        actor=request.user,
        reason=payload.reason,
    )
    return member_out(membership)


@router.post(
    "/memberships/{membership_id}/reject",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Reject a request to join",
)
def membership_reject(request, membership_id: Id, payload: DecisionIn):
    membership = services.membership_reject(
        membership=membership_visible(request, membership_id),
        actor=request.user,
        reason=payload.reason,
    )
    return {**member_out(membership), "id": membership_id, "status": "rejected"}


@router.post(
    "/memberships/{membership_id}/leave",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Leave a cohort",
)
def membership_leave(request, membership_id: Id):
    membership = services.membership_leave(
        membership=membership_visible(request, membership_id), actor=request.user
    )
    return member_out(membership)


@router.post(
    "/memberships/{membership_id}/remove",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Remove a member (organizers and core)",
)
def membership_remove(request, membership_id: Id, payload: DecisionIn):
    membership = services.membership_remove(
        membership=membership_visible(request, membership_id),
        actor=request.user,
        reason=payload.reason,
    )
    return member_out(membership)


@router.post(
    "/memberships/{membership_id}/role",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Change a member's role (organizers)",
)
def membership_role(request, membership_id: Id, payload: RoleIn):
    membership = services.membership_set_role(
        membership=membership_visible(request, membership_id),
        role=payload.role,
        helper_duty=payload.helper_duty,
        actor=request.user,
        reason=payload.reason,
    )
    return member_out(membership)


@router.post(
    "/cohorts/{slug}/invitations",
    response={201: MemberPageOut, **ERROR_RESPONSES},
    summary="Invite people by employee id, all or nothing (organizers and core)",
    tags=TAGS,
)
def cohort_invite(request, slug: str, payload: InvitationsIn):
    cohort = cohort_managed(request, slug)
    lookup = Lookup()
    users = lookup.employees("employee_ids", payload.employee_ids)
    lookup.check()
    invited = services.memberships_invite(
        cohort=cohort, users=users, actor=request.user, role=payload.role, reason=payload.reason
    )
    rows = Membership.objects.filter(pk__in=[m.pk for m in invited]).select_related("user__profile")
    items = [member_out(m) for m in rows.order_by("sort_name", "pk")]
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
    cohort = cohort_managed(request, slug)
    conditions = _by_rule_conditions(payload)
    _by_rule_subgroup(cohort, payload)
    candidates = services.memberships_add_by_rule_preview(
        cohort=cohort, conditions=conditions, actor=request.user
    )
    return page_of(request, candidates, pagination)


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
    cohort = cohort_managed(request, slug)
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

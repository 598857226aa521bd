"""The operations room's API: room posts (list, search, create), the weekly plan (read,
fill, mark done), evaluations (list, assess) and invitations into planning (create,
accept, decline). Handed to the API by ``cohorts.operations.wagtail_hooks``.

As everywhere, the views only translate HTTP: a cohort the caller may not see is 404,
a room they may not enter is 403, and the services check the rest.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router

from cohorts.api.lookups import Lookup, cohort_visible, require
from cohorts.api.routing import Paginator, page_of
from cohorts.models import Membership
from cohorts.operations import selectors, services
from cohorts.operations.api.schemas import (
    AssessmentIn,
    CalendarDate,
    EvaluationOut,
    EvaluationPageOut,
    OpsPostIn,
    OpsPostOut,
    OpsPostPageOut,
    PlanItemDoneIn,
    PlanItemIn,
    PlanItemOut,
    PlanningInvitationOut,
    PlanningInviteIn,
    WeeklyPlanIn,
    WeeklyPlanOut,
)
from cohorts.operations.models import Evaluation, PlanItem, PlanningInvitation
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, person_of

router = Router(tags=["operations team"])


def _room(request, slug: str):
    cohort = cohort_visible(request, slug)
    require(
        services.may_enter_room(request.user, cohort),
        _("Only the operations team enters its room."),
    )
    return cohort


def _lead(request, slug: str):
    cohort = cohort_visible(request, slug)
    require(
        services.may_lead(request.user, cohort),
        _("Only the core team, the organizers and HR see this."),
    )
    return cohort


def post_out(post) -> dict:
    return {
        "id": post.pk,
        "kind": post.kind,
        "title": post.title,
        "body": post.body,
        "pinned": post.pinned,
        "author": person_of(post.author),
        "created_at": post.created_at,
        "edited_at": post.edited_at,
    }


def item_out(item) -> dict:
    return {
        "id": item.pk,
        "text": item.text,
        "owner": person_of(item.owner),
        "done_at": item.done_at,
    }


def plan_out(cohort, week) -> dict:
    plan = selectors.weekly_plan(cohort, week)
    if plan is None:
        return {"week": week, "focus": "", "items": []}
    return {"week": week, "focus": plan.focus, "items": [item_out(i) for i in plan.items.all()]}


def evaluation_out(evaluation) -> dict:
    return {
        "id": evaluation.pk,
        "period_start": evaluation.round.start,
        "period_end": evaluation.round.end,
        "person": person_of(evaluation.person),
        "role": evaluation.role,
        "helper_duty": evaluation.helper_duty,
        "counts": evaluation.counts,
        "total": evaluation.total,
        "assessment": evaluation.assessment,
        "assessed_at": evaluation.assessed_at,
    }


def invitation_out(invitation) -> dict:
    return {
        "id": invitation.pk,
        "cohort": invitation.cohort.slug,
        "membership_id": invitation.membership_id,
        "status": invitation.status,
        "message": invitation.message,
        "created_at": invitation.created_at,
        "decided_at": invitation.decided_at,
    }


@router.get(
    "/cohorts/{slug}/operations/posts",
    response={200: OpsPostPageOut, **ERROR_RESPONSES},
    summary="The operations room's posts, pinned first then newest; searchable",
    description="`q` finds posts whose title or text contains it (any script, Chinese "
    "included); `kind` keeps one kind. The operations team, organizers and HR only.",
)
def room_posts_list(
    request, slug: str, pagination: Query[Paginator.Input], q: str = "", kind: str = ""
):
    cohort = _room(request, slug)
    posts = selectors.room_posts(cohort, query=q, kind=kind).select_related("author__profile")
    page = page_of(request, posts, pagination)
    return {"items": [post_out(p) for p in page["items"]], "count": page["count"]}


@router.post(
    "/cohorts/{slug}/operations/posts",
    response={201: OpsPostOut, **ERROR_RESPONSES},
    summary="Post a plan, decision, duty-roster note or note in the operations room",
    description="A decision notifies the rest of the team through the outbox.",
)
def room_post_create(request, slug: str, payload: OpsPostIn):
    cohort = _room(request, slug)
    post = services.room_post_create(
        cohort=cohort,
        author=request.user,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
    )
    return 201, post_out(post)


@router.get(
    "/cohorts/{slug}/operations/plan",
    response={200: WeeklyPlanOut, **ERROR_RESPONSES},
    summary="The weekly plan of a week (this week when `week` is left out)",
)
def weekly_plan_get(request, slug: str, week: CalendarDate | None = None):
    cohort = _room(request, slug)
    return plan_out(
        cohort, services.week_parse(week.isoformat()) if week else services.week_of(cohort)
    )


@router.put(
    "/cohorts/{slug}/operations/plan",
    response={200: WeeklyPlanOut, **ERROR_RESPONSES},
    summary="Set the focus of a week's plan (starting the plan if there is none)",
)
def weekly_plan_fill(request, slug: str, payload: WeeklyPlanIn, week: CalendarDate | None = None):
    cohort = _room(request, slug)
    monday = services.week_parse(week.isoformat()) if week else services.week_of(cohort)
    services.weekly_plan_focus_set(
        cohort=cohort, week=monday, actor=request.user, focus=payload.focus
    )
    return plan_out(cohort, monday)


@router.post(
    "/cohorts/{slug}/operations/plan/items",
    response={201: PlanItemOut, **ERROR_RESPONSES},
    summary="Add an item to a week's plan, with its owner from the operations team",
)
def plan_item_add(request, slug: str, payload: PlanItemIn, week: CalendarDate | None = None):
    cohort = _room(request, slug)
    monday = services.week_parse(week.isoformat()) if week else services.week_of(cohort)
    lookup = Lookup()
    owner = lookup.person("owner", payload.owner)
    lookup.check()
    item = services.plan_item_add(
        cohort=cohort,
        week=monday,
        actor=request.user,
        text=payload.text,
        owner_id=owner.pk if owner else None,
    )
    return 201, item_out(item)


@router.put(
    "/cohorts/{slug}/operations/plan/items/{item_id}/done",
    response={200: PlanItemOut, **ERROR_RESPONSES},
    summary="Mark a plan item done, or not done again",
)
def plan_item_done(request, slug: str, item_id: Id, payload: PlanItemDoneIn):
    cohort = _room(request, slug)
    item = get_object_or_404(
        PlanItem.objects.select_related("plan"), pk=item_id, plan__cohort=cohort
    )
    item.plan.cohort = cohort
    item = services.plan_item_done(item=item, actor=request.user, done=payload.done)
    return item_out(PlanItem.objects.select_related("owner__profile").get(pk=item.pk))


@router.get(
    "/cohorts/{slug}/operations/evaluations",
    response={200: EvaluationPageOut, **ERROR_RESPONSES},
    summary="Evaluations of the operations team, newest period first",
    description="The core team, the organizers and HR. `waiting=true` keeps those not "
    "assessed yet.",
)
def evaluations_list(request, slug: str, pagination: Query[Paginator.Input], waiting: bool = False):
    cohort = _lead(request, slug)
    rows = (
        Evaluation.objects.filter(round__cohort=cohort)
        .select_related("round", "person__profile")
        .order_by("-round__end", "-total", "pk")
    )
    if waiting:
        rows = rows.filter(assessed_at=None)
    page = page_of(request, rows, pagination)
    return {"items": [evaluation_out(e) for e in page["items"]], "count": page["count"]}


@router.put(
    "/cohorts/{slug}/operations/evaluations/{evaluation_id}/assessment",
    response={200: EvaluationOut, **ERROR_RESPONSES},
    summary="Write the assessment of one member's period",
)
def evaluation_assess(request, slug: str, evaluation_id: Id, payload: AssessmentIn):
    cohort = _lead(request, slug)
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("round", "person__profile"),
        pk=evaluation_id,
        round__cohort=cohort,
    )
    evaluation.round.cohort = cohort
    services.evaluation_assess(
        evaluation=evaluation, actor=request.user, assessment=payload.assessment
    )
    evaluation.refresh_from_db(fields=["assessment", "assessed_at", "assessed_by"])
    return evaluation_out(evaluation)


@router.post(
    "/cohorts/{slug}/operations/planning-invitations",
    response={201: PlanningInvitationOut, **ERROR_RESPONSES},
    summary="Invite a key member into the planning team (core team and organizers)",
)
def planning_invitation_create(request, slug: str, payload: PlanningInviteIn):
    cohort = _lead(request, slug)
    membership = (
        Membership.objects.filter(pk=payload.membership_id, cohort=cohort)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise ValidationError({"membership_id": _("No such member in this cohort.")})
    membership.cohort = cohort
    invitation = services.planning_invite(
        cohort=cohort, membership=membership, actor=request.user, message=payload.message
    )
    return 201, invitation_out(invitation)


def _my_invitation(request, invitation_id: int) -> PlanningInvitation:
    return get_object_or_404(
        PlanningInvitation.objects.select_related("cohort"),
        pk=invitation_id,
        membership__user=request.user,
    )


@router.post(
    "/operations/planning-invitations/{invitation_id}/accept",
    response={200: PlanningInvitationOut, **ERROR_RESPONSES},
    summary="Accept my invitation into the planning team (my role becomes planning)",
)
def planning_invitation_accept(request, invitation_id: Id):
    invitation = services.planning_invitation_answer(
        invitation=_my_invitation(request, invitation_id), actor=request.user, accept=True
    )
    return invitation_out(invitation)


@router.post(
    "/operations/planning-invitations/{invitation_id}/decline",
    response={200: PlanningInvitationOut, **ERROR_RESPONSES},
    summary="Decline my invitation into the planning team",
)
def planning_invitation_decline(request, invitation_id: Id):
    invitation = services.planning_invitation_answer(
        invitation=_my_invitation(request, invitation_id), actor=request.user, accept=False
    )
    return invitation_out(invitation)

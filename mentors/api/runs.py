"""Matching runs: start one for a cohort, read it with the newcomers left out and why,
page through its proposed pairs with their explanations, lock, change, re-run,
publish or discard. Runs are known only to the cohort's organizers (404 otherwise)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Status

from cohorts.api.lookups import cohort_visible
from learning import jobs
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, input_values, person_of
from learning.models import User
from mentors import selectors, services
from mentors.api.routing import ORGANIZER_TAGS, Paginator, page_of, router
from mentors.api.schemas import (
    ChangeIn,
    ExclusionIn,
    ExclusionOut,
    ExclusionPageOut,
    LockIn,
    MatchRunOut,
    MatchRunPageOut,
    MatchRunStartedOut,
    ProposalOut,
    ProposalPageOut,
    PublishedOut,
    WeightsIn,
)
from mentors.explain import part_label, unmatched_label
from mentors.models import MatchProposal, MatchRun
from mentors.services.runs import matching_permission_check


def run_out(run: MatchRun, *, unmatched: bool = True) -> dict:
    items = selectors.run_unmatched(run) if unmatched else []
    return {
        "id": run.pk,
        "cohort": run.cohort.slug,
        "status": run.status,
        "weights": run.weights,
        "total": run.total,
        "unmatched": [
            {
                "mentee": person_of(item["user"]),
                "reason": item["reason"],
                "counts": item.get("counts") or {},
                "label": unmatched_label(item["reason"], item.get("counts")),
            }
            for item in items
        ],
        "unmatched_count": len(run.unmatched),
        "created_at": run.created_at,
        "solved_at": run.solved_at,
        "published_at": run.published_at,
    }


def proposal_out(proposal: MatchProposal) -> dict:
    return {
        "id": proposal.pk,
        "mentee": person_of(proposal.mentee),
        "mentor": person_of(proposal.mentor),
        "score": proposal.score,
        "parts": [
            {
                "code": part.get("code", ""),
                "points": part.get("points", 0),
                "detail": str(part.get("detail", "")),
                "name": str(part.get("name", "")),
                "label": part_label(part),
            }
            for part in proposal.parts
        ],
        "locked": proposal.locked,
        "source": proposal.source,
    }


def run_visible(request, run_id: int) -> MatchRun:
    """The run if the caller organizes its cohort; 404 otherwise."""
    return get_object_or_404(selectors.match_runs_for(request.user), pk=run_id)


def person_by_employee_id(field: str, employee_id: str) -> User:
    user = User.objects.filter(profile__employee_id=employee_id).first()
    if user is None:
        raise ValidationError({field: _("No employee has this id.")})
    return user


@router.get(
    "/cohorts/{slug}/matching-runs",
    response={200: MatchRunPageOut, **ERROR_RESPONSES},
    summary="The cohort's matching runs, newest first (organizers)",
    tags=ORGANIZER_TAGS,
)
def match_runs_list(request, slug: str, pagination: Query[Paginator.Input]):
    cohort = cohort_visible(request, slug)
    matching_permission_check(request.user, cohort)
    runs = selectors.match_runs_for(request.user).filter(cohort=cohort)
    page = page_of(request, runs, pagination)
    return {
        "items": [run_out(run, unmatched=False) for run in page["items"]],
        "count": page["count"],
    }


@router.post(
    "/cohorts/{slug}/matching-runs",
    response={201: MatchRunStartedOut, 202: MatchRunStartedOut, **ERROR_RESPONSES},
    summary="Match the cohort's newcomers with mentors (organizers)",
    description=(
        "Published pairs are kept; the rest are proposed for review. A small cohort is "
        "solved at once (201); a large one in a background job (202): poll "
        "`GET /api/v1/jobs/{id}`, then read the run."
    ),
    tags=ORGANIZER_TAGS,
)
def match_run_start(request, slug: str, payload: WeightsIn):
    cohort = cohort_visible(request, slug)
    weights = {k: v for k, v in input_values(payload).items() if v is not None}
    outcome = services.match_run_start(actor=request.user, cohort=cohort, weights=weights)
    run = MatchRun.objects.select_related("cohort").get(pk=outcome.result.pk)
    if outcome.job is not None:
        return Status(202, {"run": run_out(run), "job": jobs.job_status(job=outcome.job)})
    return Status(201, {"run": run_out(run), "job": None})


@router.get(
    "/matching-runs/{run_id}",
    response={200: MatchRunOut, **ERROR_RESPONSES},
    summary="A matching run with the newcomers it left out and why (organizers)",
    tags=ORGANIZER_TAGS,
)
def match_run_detail(request, run_id: Id):
    return run_out(run_visible(request, run_id))


@router.get(
    "/matching-runs/{run_id}/pairs",
    response={200: ProposalPageOut, **ERROR_RESPONSES},
    summary="A run's proposed pairs with the parts of their fit (organizers)",
    tags=ORGANIZER_TAGS,
)
def match_run_pairs(request, run_id: Id, pagination: Query[Paginator.Input]):
    run = run_visible(request, run_id)
    page = page_of(request, selectors.run_proposals(run), pagination)
    return {"items": [proposal_out(p) for p in page["items"]], "count": page["count"]}


@router.post(
    "/matching-runs/{run_id}/pairs/{proposal_id}/lock",
    response={200: ProposalOut, **ERROR_RESPONSES},
    summary="Lock a proposed pair (a re-run keeps it) or unlock it",
    tags=ORGANIZER_TAGS,
)
def match_run_pair_lock(request, run_id: Id, proposal_id: Id, payload: LockIn):
    run = run_visible(request, run_id)
    proposal = get_object_or_404(
        MatchProposal.objects.select_related("run__cohort"), run=run, pk=proposal_id
    )
    proposal = services.proposal_lock(actor=request.user, proposal=proposal, locked=payload.locked)
    return proposal_out(
        MatchProposal.objects.select_related("mentee__profile", "mentor__profile").get(
            pk=proposal.pk
        )
    )


@router.post(
    "/matching-runs/{run_id}/change",
    response={200: ProposalOut, **ERROR_RESPONSES},
    summary="Give a newcomer the mentor HR chose (the pair is then locked)",
    description="The engine's hard constraints still hold; a refusal says which.",
    tags=ORGANIZER_TAGS,
)
def match_run_change(request, run_id: Id, payload: ChangeIn):
    run = run_visible(request, run_id)
    matching_permission_check(request.user, run.cohort)
    proposal = services.proposal_change(
        actor=request.user,
        run=run,
        mentee=person_by_employee_id("mentee", payload.mentee),
        mentor=person_by_employee_id("mentor", payload.mentor),
        over_capacity=payload.over_capacity,
    )
    return proposal_out(
        MatchProposal.objects.select_related("mentee__profile", "mentor__profile").get(
            pk=proposal.pk
        )
    )


@router.post(
    "/matching-runs/{run_id}/rerun",
    response={200: MatchRunStartedOut, 202: MatchRunStartedOut, **ERROR_RESPONSES},
    summary="Solve the run again around its locked pairs",
    tags=ORGANIZER_TAGS,
)
def match_run_rerun(request, run_id: Id):
    run = run_visible(request, run_id)
    outcome = services.match_run_rerun(actor=request.user, run=run)
    run = MatchRun.objects.select_related("cohort").get(pk=run.pk)
    if outcome.job is not None:
        return Status(202, {"run": run_out(run), "job": jobs.job_status(job=outcome.job)})
    return Status(200, {"run": run_out(run), "job": None})


@router.post(
    "/matching-runs/{run_id}/publish",
    response={200: PublishedOut, **ERROR_RESPONSES},
    summary="Make the proposed pairs the cohort's pairings; both sides are told",
    tags=ORGANIZER_TAGS,
)
def match_run_publish(request, run_id: Id):
    return services.match_run_publish(actor=request.user, run=run_visible(request, run_id))


@router.post(
    "/matching-runs/{run_id}/discard",
    response={200: MatchRunOut, **ERROR_RESPONSES},
    summary="Drop a run that is not published",
    tags=ORGANIZER_TAGS,
)
def match_run_discard(request, run_id: Id):
    return run_out(services.match_run_discard(actor=request.user, run=run_visible(request, run_id)))


def exclusion_out(exclusion) -> dict:
    return {
        "id": exclusion.pk,
        "mentee": person_of(exclusion.mentee),
        "mentor": person_of(exclusion.mentor),
        "reason": exclusion.reason,
        "created_at": exclusion.created_at,
    }


@router.get(
    "/cohorts/{slug}/matching-exclusions",
    response={200: ExclusionPageOut, **ERROR_RESPONSES},
    summary="The pairs HR ruled out of the cohort's matching (organizers)",
    tags=ORGANIZER_TAGS,
)
def match_exclusions_list(request, slug: str, pagination: Query[Paginator.Input]):
    cohort = cohort_visible(request, slug)
    matching_permission_check(request.user, cohort)
    page = page_of(request, selectors.cohort_exclusions(cohort), pagination)
    return {"items": [exclusion_out(e) for e in page["items"]], "count": page["count"]}


@router.post(
    "/cohorts/{slug}/matching-exclusions",
    response={201: ExclusionOut, **ERROR_RESPONSES},
    summary="Rule a pair out of the cohort's matching (organizers)",
    description="Later runs never propose it; run an open review again to apply it.",
    tags=ORGANIZER_TAGS,
)
def match_exclusion_add(request, slug: str, payload: ExclusionIn):
    cohort = cohort_visible(request, slug)
    matching_permission_check(request.user, cohort)
    exclusion = services.match_exclusion_add(
        actor=request.user,
        cohort=cohort,
        mentee=person_by_employee_id("mentee", payload.mentee),
        mentor=person_by_employee_id("mentor", payload.mentor),
        reason=payload.reason,
    )
    row = selectors.cohort_exclusions(cohort).get(pk=exclusion.pk)
    return Status(201, exclusion_out(row))

"""Pairings and re-pair requests: a cohort's pairings (all to its staff, one's own to
its members), asking to be paired again, the requests one may see, and HR's decision."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Status

from cohorts import permissions
from cohorts.api.lookups import cohort_visible
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, person_of
from mentors import selectors, services
from mentors.api.routing import ORGANIZER_TAGS, Paginator, page_of, router
from mentors.api.runs import person_by_employee_id
from mentors.api.schemas import (
    PairingPageOut,
    RepairDecideIn,
    RepairIn,
    RepairOut,
    RepairPageOut,
)
from mentors.models import Pairing, RepairRequest


def pairing_out(pairing: Pairing) -> dict:
    return {
        "id": pairing.pk,
        "cohort": pairing.cohort.slug,
        "mentor": person_of(pairing.mentor),
        "mentee": person_of(pairing.mentee),
        "status": pairing.status,
        "started_at": pairing.started_at,
        "ended_at": pairing.ended_at,
    }


def repair_out(request_row: RepairRequest) -> dict:
    return {
        "id": request_row.pk,
        "pairing": pairing_out(request_row.pairing),
        "requested_by": person_of(request_row.requested_by),
        "reason": request_row.reason,
        "status": request_row.status,
        "note": request_row.note,
        "created_at": request_row.created_at,
        "decided_at": request_row.decided_at,
    }


REPAIR_RELATED = (
    "pairing__cohort",
    "pairing__mentor__profile",
    "pairing__mentee__profile",
    "requested_by__profile",
)


@router.get(
    "/cohorts/{slug}/pairings",
    response={200: PairingPageOut, **ERROR_RESPONSES},
    summary="The cohort's pairings: all for its staff, one's own for its members",
)
def cohort_pairings(
    request, slug: str, pagination: Query[Paginator.Input], status: Pairing.Status | None = None
):
    cohort = cohort_visible(request, slug)
    if not permissions.can_view_cohort_content(request.user, cohort):
        raise PermissionDenied(_("Only the cohort's members can see its pairings."))
    pairings = selectors.pairings_visible_to(request.user, cohort).order_by(
        "mentee__profile__full_name", "id"
    )
    if status:
        pairings = pairings.filter(status=status)
    page = page_of(request, pairings, pagination)
    return {"items": [pairing_out(p) for p in page["items"]], "count": page["count"]}


@router.post(
    "/pairings/{pairing_id}/repair-requests",
    response={201: RepairOut, **ERROR_RESPONSES},
    summary="Ask to be paired with someone else (the pair's mentor or newcomer)",
    description="The cohort's organizers and HR are told and decide.",
)
def repair_request_create(request, pairing_id: Id, payload: RepairIn):
    pairing = get_object_or_404(Pairing.objects.select_related("cohort"), pk=pairing_id)
    if request.user.pk not in (pairing.mentor_id, pairing.mentee_id) and not (
        permissions.is_cohort_staff(request.user, pairing.cohort)
    ):
        raise Http404
    created = services.repair_request_create(
        actor=request.user, pairing=pairing, reason=payload.reason
    )
    row = RepairRequest.objects.select_related(*REPAIR_RELATED).get(pk=created.pk)
    return Status(201, repair_out(row))


@router.get(
    "/repair-requests",
    response={200: RepairPageOut, **ERROR_RESPONSES},
    summary="Re-pair requests: one's own, and those of the cohorts one organizes",
)
def repair_requests_list(
    request, pagination: Query[Paginator.Input], status: RepairRequest.Status | None = None
):
    rows = (
        RepairRequest.objects.filter(
            Q(requested_by=request.user)
            | Q(pairing__cohort__in=permissions.cohorts_organized_by(request.user))
        )
        .select_related(*REPAIR_RELATED)
        .order_by("-created_at", "-id")
    )
    if status:
        rows = rows.filter(status=status)
    page = page_of(request, rows, pagination)
    return {"items": [repair_out(row) for row in page["items"]], "count": page["count"]}


@router.post(
    "/repair-requests/{repair_id}/decide",
    response={200: RepairOut, **ERROR_RESPONSES},
    summary="Grant or decline a re-pair request (organizers)",
    description="Granting ends the pairing and keeps the pair out of later runs; "
    "`new_mentor` starts the new pairing at once.",
    tags=ORGANIZER_TAGS,
)
def repair_request_decide(request, repair_id: Id, payload: RepairDecideIn):
    row = get_object_or_404(
        RepairRequest.objects.select_related(*REPAIR_RELATED).filter(
            pairing__cohort__in=permissions.cohorts_organized_by(request.user)
        ),
        pk=repair_id,
    )
    new_mentor = None
    if payload.new_mentor:
        new_mentor = person_by_employee_id("new_mentor", payload.new_mentor)
    services.repair_request_decide(
        actor=request.user,
        request=row,
        grant=payload.grant,
        note=payload.note,
        new_mentor=new_mentor,
        over_capacity=payload.over_capacity,
    )
    return repair_out(RepairRequest.objects.select_related(*REPAIR_RELATED).get(pk=row.pk))

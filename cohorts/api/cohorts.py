"""Cohorts: the list, one cohort, its life cycle; organizers create and change them and
read their health and audit log.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Status

from cohorts import permissions, selectors, services
from cohorts.api.lookups import Lookup, cohort_organized, cohort_visible, require
from cohorts.api.routing import TAGS, Paginator, page_of, router
from cohorts.api.schemas import (
    CohortDetailOut,
    CohortIn,
    CohortOut,
    CohortPageOut,
    CohortSetupOut,
    CohortUpdateIn,
    EventPageOut,
    HealthOut,
    TransitionIn,
)
from cohorts.models import (
    Membership,
    MembershipEvent,
    ProgramPage,
)
from learning.api import ERROR_RESPONSES
from learning.api.schemas import input_values
from learning.models import (
    Subsidiary,
)


@router.get(
    "/cohorts", response={200: CohortPageOut, **ERROR_RESPONSES}, summary="Cohorts I can see"
)
def cohorts_list(request, pagination: Query[Paginator.Input]):
    return page_of(request, selectors.cohorts_visible(user=request.user), pagination)


@router.get(
    "/cohorts/{slug}", response={200: CohortDetailOut, **ERROR_RESPONSES}, summary="One cohort"
)
def cohort_detail(request, slug: str):
    cohort = cohort_visible(request, slug)
    membership = permissions.membership_for(request.user, cohort)
    charter = selectors.charter_current(cohort=cohort)
    staff = permissions.is_cohort_staff(request.user, cohort)
    return {
        **{
            name: getattr(cohort, name)
            for name in CohortOut.model_fields
            if name not in {"program_title", "member_count"}
        },
        "program_title": cohort.program.title,
        "member_count": cohort.memberships.filter(status=Membership.Status.ACTIVE).count(),
        "description": cohort.description,
        "membership": membership,
        "rules_version": charter.number if charter else None,
        "needs_rules_acceptance": bool(
            charter
            and membership is not None
            and membership.status == Membership.Status.ACTIVE
            and membership.rules_accepted_version_id != charter.pk
        ),
        "allowed_transitions": (
            services.cohort_allowed_transitions(cohort)
            if permissions.can_change_cohort(request.user, cohort)
            else []
        ),
        "warnings": selectors.cohort_health_warnings(cohort) if staff else [],
    }


@router.post(
    "/cohorts/{slug}/transition",
    response={200: CohortOut, **ERROR_RESPONSES},
    summary="Open, start, close (organizers)",
)
def cohort_transition(request, slug: str, payload: TransitionIn):
    cohort = cohort_visible(request, slug)
    return services.cohort_transition(
        cohort=cohort, to_status=payload.status, actor=request.user, reason=payload.reason
    )


@router.post(
    "/cohorts",
    response={201: CohortSetupOut, **ERROR_RESPONSES},
    summary="Create a cohort, in draft (HR organizers)",
    tags=TAGS,
)
def cohort_create(request, payload: CohortIn):
    require(permissions.is_hr_organizer(request.user), _("Only HR organizers can create cohorts."))
    lookup = Lookup()
    subsidiaries = lookup.many("subsidiaries", Subsidiary, payload.subsidiaries)
    program = ProgramPage.objects.filter(pk=payload.program_id).first()
    if program is None:
        lookup.errors["program_id"] = _("There is no program with this id.")
    lookup.check()
    fields = input_values(payload, exclude={"program_id", "subsidiaries"})
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
    cohort = cohort_organized(request, slug)
    changes = input_values(payload, only_set=True)
    lookup = Lookup()
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
    cohort = cohort_visible(request, slug)
    require(
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
    events = selectors.cohort_events(cohort=cohort_visible(request, slug), user=request.user)
    if action:
        events = events.filter(action=action)
    return page_of(request, events.order_by("-created_at", "-pk"), pagination)

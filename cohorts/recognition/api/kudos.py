"""Kudos of a cohort, my recognition preference and the wall."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Status

from cohorts import permissions
from cohorts.api.lookups import Lookup, cohort_visible, require
from cohorts.models import Cohort
from cohorts.recognition import selectors, services
from cohorts.recognition.api.routing import Paginator, page_of, refused_as_person, router
from cohorts.recognition.api.schemas import (
    KudosIn,
    KudosOut,
    KudosPageOut,
    PreferenceIn,
    PreferenceOut,
    WallOut,
)
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id

WALL_MAX = 50


@router.get(
    "/cohorts/{slug}/kudos",
    response={200: KudosPageOut, **ERROR_RESPONSES},
    summary="Kudos of the cohort that I may see, newest first",
    description="Public kudos to members; private ones only to their giver and receivers "
    "(and to organizers, for moderation).",
)
def kudos_list(request, slug: str, pagination: Query[Paginator.Input]):
    cohort = cohort_visible(request, slug)
    require(
        permissions.can_view_cohort_content(request.user, cohort),
        _("Only members of this cohort see its kudos."),
    )
    return page_of(request, selectors.kudos_visible_to(request.user, cohort=cohort), pagination)


@router.post(
    "/cohorts/{slug}/kudos",
    response={201: KudosOut, **ERROR_RESPONSES},
    summary="Give kudos to one or several members",
)
def kudos_give(request, slug: str, payload: KudosIn):
    cohort = cohort_visible(request, slug)
    refused_as_person(services.kudos_give_check(cohort=cohort, giver=request.user, receivers=()))
    lookup = Lookup()
    receivers = lookup.people("receivers", payload.receivers)
    lookup.check()
    kudos = services.kudos_give(
        cohort=cohort,
        giver=request.user,
        receivers=receivers,
        message=payload.message,
        value=payload.value,
        private=payload.private,
        prompt=payload.prompt,
    )
    return Status(201, selectors.kudos_for(request.user, pk=kudos.pk))


@router.post(
    "/cohorts/{slug}/kudos/{kudos_id}/withdraw",
    response={200: KudosOut, **ERROR_RESPONSES},
    summary="Withdraw kudos I gave",
)
def kudos_withdraw(request, slug: str, kudos_id: Id):
    cohort = cohort_visible(request, slug)
    kudos = selectors.kudos_visible_to(request.user, cohort=cohort).filter(pk=kudos_id).first()
    if kudos is None:
        raise Http404("No Kudos matches the given query.")
    services.kudos_withdraw(kudos=kudos, actor=request.user)
    return kudos


@router.get(
    "/recognition/preference",
    response={200: PreferenceOut, **ERROR_RESPONSES},
    summary="How I like to be recognized",
)
def preference_get(request):
    return selectors.preference_of(request.user)


@router.put(
    "/recognition/preference",
    response={200: PreferenceOut, **ERROR_RESPONSES},
    summary="Say how I like to be recognized (public or private, and a note)",
)
def preference_put(request, payload: PreferenceIn):
    return services.preference_set(
        user=request.user, visibility=payload.visibility, note=payload.note
    )


@router.get(
    "/recognition/wall",
    response={200: WallOut, **ERROR_RESPONSES},
    summary="The recognition wall: public kudos across cohorts (executives, organizers)",
    description="Newest first, paged by key: pass the previous page's `next_before`.",
)
def wall(
    request,
    cohort: str | None = None,
    program: Id | None = None,
    before: Id | None = None,
    limit: int = Query(20, ge=1, le=WALL_MAX),
):
    require(
        selectors.may_read_wall(request.user),
        _("The recognition wall is for executives and organizers."),
    )
    cohort_id = None
    if cohort:
        cohort_id = Cohort.objects.filter(slug=cohort).values_list("pk", flat=True).first()
        if cohort_id is None:
            raise Http404("No Cohort matches the given query.")
    rows = list(
        selectors.wall_kudos(request.user, cohort_id=cohort_id, program_id=program, before=before)[
            : limit + 1
        ]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_before": rows[-1].pk if more else None}

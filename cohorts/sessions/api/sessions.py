"""Sessions of a cohort: the schedule, one evening, and what organizers do with them
(schedule, change, move through their statuses, generate a series, find clashes); the
text to share an evening on other channels."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from ninja import Query, Status

from cohorts.api.lookups import Lookup, cohort_organized, cohort_visible
from cohorts.sessions import services
from cohorts.sessions.api.lookups import (
    session_detail_out,
    session_out,
    session_values,
    session_visible,
)
from cohorts.sessions.api.routing import TAGS, Paginator, page_of, router
from cohorts.sessions.api.schemas import (
    ClashFilters,
    ClashOut,
    SeriesIn,
    SeriesOut,
    SessionDetailOut,
    SessionFilters,
    SessionIn,
    SessionPageOut,
    SessionTransitionIn,
    SessionUpdateIn,
    ShareOut,
)
from cohorts.sessions.models import Session
from cohorts.sessions.selectors import sessions_shown, sessions_visible_to
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, input_values


def _segments(payload_segments) -> list[tuple[str, int, str]]:
    return [(segment.kind, segment.minutes, segment.title) for segment in payload_segments]


@router.get(
    "/cohorts/{slug}/sessions",
    response={200: SessionPageOut, **ERROR_RESPONSES},
    summary="The cohort's guest sessions I can see, by start",
)
def sessions_list(
    request, slug: str, filters: Query[SessionFilters], pagination: Query[Paginator.Input]
):
    """Whole-cohort sessions, and those of the sub-groups whose content I see."""
    sessions = sessions_visible_to(request.user, cohort_visible(request, slug))
    if filters.date_from is not None:
        sessions = sessions.filter(date__gte=filters.date_from)
    if filters.date_to is not None:
        sessions = sessions.filter(date__lte=filters.date_to)
    if filters.status is not None:
        sessions = sessions.filter(status=filters.status)
    page = page_of(request, sessions_shown(sessions, request.user), pagination)
    return {"items": [session_out(session) for session in page["items"]], "count": page["count"]}


@router.post(
    "/cohorts/{slug}/sessions",
    response={201: SessionDetailOut, **ERROR_RESPONSES},
    summary="Schedule a session (organizers)",
    tags=TAGS,
)
def session_create(request, slug: str, payload: SessionIn):
    cohort = cohort_organized(request, slug)
    lookup = Lookup()
    values = session_values(lookup, cohort, input_values(payload, exclude={"segments"}))
    lookup.check()
    with transaction.atomic():
        session = services.session_create(cohort=cohort, actor=request.user, **values)
        if payload.segments is not None:
            services.segments_replace(
                session=session, actor=request.user, segments=_segments(payload.segments)
            )
    return Status(201, session_detail_out(request, session))


@router.post(
    "/cohorts/{slug}/sessions/series",
    response={201: SeriesOut, **ERROR_RESPONSES},
    summary="One planned session per evening between two dates (organizers)",
    description=(
        "Skips the weekdays and holidays given, and evenings that already have a session; "
        "generating the same range twice adds nothing."
    ),
    tags=TAGS,
)
def series_generate(request, slug: str, payload: SeriesIn):
    cohort = cohort_organized(request, slug)
    lookup = Lookup()
    values = session_values(lookup, cohort, input_values(payload))
    lookup.check()
    series = services.series_generate(cohort=cohort, actor=request.user, **values)
    return Status(
        201,
        {
            "id": series.pk,
            "first_date": series.first_date,
            "last_date": series.last_date,
            "sessions_created": series.sessions.count(),
        },
    )


@router.get(
    "/cohorts/{slug}/sessions/clashes",
    response={200: list[ClashOut], **ERROR_RESPONSES},
    summary="What to fix: a guest twice in one evening, a slot near without a guest (organizers)",
    tags=TAGS,
)
def session_clashes(request, slug: str, filters: Query[ClashFilters]):
    cohort = cohort_organized(request, slug)
    sessions = Session.objects.filter(cohort=cohort).select_related("cohort")
    if filters.date_from is not None:
        sessions = sessions.filter(date__gte=filters.date_from)
    else:
        sessions = sessions.filter(ends_at__gt=timezone.now())
    if filters.date_to is not None:
        sessions = sessions.filter(date__lte=filters.date_to)
    sessions = list(sessions)
    dates = {session.pk: session.date for session in sessions}
    found = services.session_clashes(sessions)
    return [
        {"session_id": pk, "date": dates[pk], "code": clash.code, "message": clash.message}
        for pk in sorted(found, key=lambda pk: (dates[pk], pk))
        for clash in found[pk]
    ]


@router.get(
    "/cohorts/{slug}/sessions/{session_id}",
    response={200: SessionDetailOut, **ERROR_RESPONSES},
    summary="One session: its segments, guests, my RSVP and counts",
)
def session_detail(request, slug: str, session_id: Id):
    return session_detail_out(request, session_visible(request, slug, session_id))


@router.patch(
    "/cohorts/{slug}/sessions/{session_id}",
    response={200: SessionDetailOut, **ERROR_RESPONSES},
    summary="Change a session's fields or segments (organizers)",
    description=(
        "A change attendees would notice (date, times, title, format, link, place) raises "
        "`sequence` and tells everyone who answered the RSVP."
    ),
    tags=TAGS,
)
def session_update(request, slug: str, session_id: Id, payload: SessionUpdateIn):
    session = session_visible(request, slug, session_id)
    changes = input_values(payload, only_set=True, exclude={"segments"})
    lookup = Lookup()
    changes = session_values(lookup, session.cohort, changes)
    lookup.check()
    with transaction.atomic():
        if changes or payload.segments is None:
            session = services.session_update(session=session, actor=request.user, changes=changes)
        if payload.segments is not None:
            services.segments_replace(
                session=session, actor=request.user, segments=_segments(payload.segments)
            )
    return session_detail_out(request, session)


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/transition",
    response={200: SessionDetailOut, **ERROR_RESPONSES},
    summary="Confirm, open the room (live), close it (done) or cancel",
    description=(
        "Organizers; the session's host may also take it live and done. Cancelling needs "
        "a `reason` and tells everyone who answered the RSVP."
    ),
)
def session_transition(request, slug: str, session_id: Id, payload: SessionTransitionIn):
    session = session_visible(request, slug, session_id)
    session = services.session_transition(
        session=session, actor=request.user, to=payload.to, reason=payload.reason
    )
    return session_detail_out(request, session)


@router.get(
    "/cohorts/{slug}/sessions/{session_id}/share",
    response={200: ShareOut, **ERROR_RESPONSES},
    summary="The session's link and ready text for other channels",
)
def session_share(request, slug: str, session_id: Id):
    session = session_visible(request, slug, session_id)
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "url": f"{base_url}{services.session_url(session)}",
        "text": services.session_share_text(session, base_url=base_url),
    }

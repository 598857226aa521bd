"""Who comes and who came: my RSVP, attendance in the room or at the door, and the
attendees' feedback."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query

from cohorts.api.lookups import Lookup, require
from cohorts.sessions import services
from cohorts.sessions.api.lookups import session_visible
from cohorts.sessions.api.routing import TAGS, Paginator, page_of, router
from cohorts.sessions.api.schemas import (
    AttendanceOut,
    AttendancePageOut,
    CheckInIn,
    FeedbackIn,
    FeedbackOut,
    RsvpIn,
    RsvpOut,
)
from cohorts.sessions.models import Attendance
from cohorts.sessions.selectors import session_attendance
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, person_of


def attendance_out(attendance: Attendance) -> dict:
    return {
        "person": person_of(attendance.user),
        "source": attendance.source,
        "first_seen_at": attendance.first_seen_at,
    }


@router.put(
    "/cohorts/{slug}/sessions/{session_id}/rsvp",
    response={200: RsvpOut, **ERROR_RESPONSES},
    summary="My answer: going, maybe or not going",
    description=(
        "Someone outside the cohort may answer a whole-cohort session as a listener. "
        "An in-person session with every seat taken refuses `going`."
    ),
)
def rsvp_set(request, slug: str, session_id: Id, payload: RsvpIn):
    session = session_visible(request, slug, session_id)
    return services.rsvp_set(session=session, user=request.user, answer=payload.answer)


@router.get(
    "/cohorts/{slug}/sessions/{session_id}/attendance",
    response={200: AttendancePageOut, **ERROR_RESPONSES},
    summary="Who came, with their RSVP and rating (the host and organizers)",
    tags=TAGS,
)
def attendance_list(request, slug: str, session_id: Id, pagination: Query[Paginator.Input]):
    session = session_visible(request, slug, session_id)
    require(
        services.may_take_attendance(request.user, session),
        _("Only the host and organizers see who came."),
    )
    page = page_of(request, session_attendance(session), pagination)
    return {
        "items": [
            {**attendance_out(row), "rsvp": row.rsvp, "rating": row.rating} for row in page["items"]
        ],
        "count": page["count"],
    }


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/attendance",
    response={200: AttendanceOut, **ERROR_RESPONSES},
    summary="Note that I am in the room (while live or after)",
)
def attendance_record(request, slug: str, session_id: Id):
    session = session_visible(request, slug, session_id)
    return attendance_out(services.attendance_record(session=session, user=request.user))


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/attendance/check-in",
    response={200: AttendanceOut, **ERROR_RESPONSES},
    summary="Check someone in (the host and organizers)",
)
def attendance_check_in(request, slug: str, session_id: Id, payload: CheckInIn):
    session = session_visible(request, slug, session_id)
    lookup = Lookup()
    people = lookup.employees("employee_id", [payload.employee_id])
    lookup.check()
    attendance = services.attendance_check_in(session=session, actor=request.user, user=people[0])
    return attendance_out(attendance)


@router.put(
    "/cohorts/{slug}/sessions/{session_id}/feedback",
    response={200: FeedbackOut, **ERROR_RESPONSES},
    summary="My rating (1–5) and comment; only for people who were there",
)
def feedback_give(request, slug: str, session_id: Id, payload: FeedbackIn):
    session = session_visible(request, slug, session_id)
    return services.feedback_give(
        session=session, user=request.user, rating=payload.rating, comment=payload.comment
    )

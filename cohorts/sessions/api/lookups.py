"""Finding the session, invitation or question the caller may see, and showing sessions.

A session the caller may not see answers 404 (``services.session_visible_to``), as does
a cohort they may not see: a hidden sub-group's evening, its room and its summary stay
unknown to everyone but its members and the cohort's staff.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.api.lookups import Lookup, cohort_visible, require
from cohorts.models import Cohort, SubGroup
from cohorts.sessions import services
from cohorts.sessions.models import GuestInvitation, RoomQuestion, Rsvp, Session, Summary
from cohorts.sessions.selectors import sessions_shown
from cohorts.sessions.services.schedule import TRANSITIONS
from learning.api.schemas import Id, person_of


def session_visible(request, slug: str, session_id: Id) -> Session:
    """The cohort's session, if the caller may see the cohort and the session (404)."""
    cohort = cohort_visible(request, slug)
    session = get_object_or_404(
        Session.objects.select_related("cohort", "subgroup", "host__profile"),
        pk=session_id,
        cohort=cohort,
    )
    if not services.session_visible_to(request.user, session):
        raise Http404
    return session


def invitation_of(session: Session, invitation_id: Id) -> GuestInvitation:
    return get_object_or_404(
        GuestInvitation.objects.select_related("session__cohort", "guest__employee__user"),
        pk=invitation_id,
        session=session,
    )


def question_of(session: Session, question_id: Id) -> RoomQuestion:
    return get_object_or_404(
        RoomQuestion.objects.select_related("session__cohort"), pk=question_id, session=session
    )


def session_when_out(session: Session) -> dict:
    """When the session is: on the cohort's wall clock, and as UTC instants."""
    return {
        "time_zone": session.cohort.time_zone,
        "date": session.date,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
    }


def session_out(session: Session) -> dict:
    """A session from ``selectors.sessions_shown`` as ``SessionOut``."""
    return {
        "id": session.pk,
        "cohort": session.cohort.slug,
        "subgroup": session.subgroup.slug if session.subgroup_id else None,
        "title": session.title,
        "status": session.status,
        "format": session.format,
        **session_when_out(session),
        "host": person_of(session.host),
        "guests": [invitation.guest.display_name for invitation in session.guests_coming],
        "my_rsvp": session.my_rsvp,
        "rsvp_counts": {
            answer: getattr(session, f"rsvp_{answer}") for answer in Rsvp.Answer.values
        },
    }


def session_detail_out(request, session: Session) -> dict:
    """One session as ``SessionDetailOut``, for the caller."""
    shown = sessions_shown(Session.objects.filter(pk=session.pk), request.user).get()
    may_run = permissions.can_change_cohort(request.user, shown.cohort)
    return {
        **session_out(shown),
        "description": shown.description,
        "meeting_url": shown.meeting_url,
        "place": shown.place,
        "seat_limit": shown.seat_limit,
        "cancel_reason": shown.cancel_reason,
        "sequence": shown.sequence,
        "segments": list(shown.segments.all()),
        "attendance_count": shown.attendance.count(),
        "questions_count": shown.questions.count(),
        "summary_published": Summary.objects.filter(
            session=shown, status=Summary.Status.PUBLISHED
        ).exists(),
        "allowed_transitions": [
            to
            for to in sorted(TRANSITIONS[shown.status])
            if may_run and not services.session_transition_check(shown, to)
        ],
    }


def session_values(lookup: Lookup, cohort: Cohort, data: dict) -> dict:
    """The body's sub-group slug and employee ids as rows, for a service; unknown values
    are collected in ``lookup``."""
    if data.get("subgroup") is not None:
        slug = data["subgroup"]
        data["subgroup"] = SubGroup.objects.filter(cohort=cohort, slug=slug).first()
        if data["subgroup"] is None:
            lookup.errors["subgroup"] = _("This cohort has no sub-group “%(slug)s”.") % {
                "slug": slug
            }
    for name in ("host", "summary_writer"):
        if data.get(name) is not None:
            people = lookup.employees(name, [data[name]])
            data[name] = people[0] if people else None
    return data


def session_organized(request, slug: str, session_id: Id) -> Session:
    """The session, if the caller may see it (404) and organizes its cohort (403)."""
    session = session_visible(request, slug, session_id)
    require(
        permissions.can_change_cohort(request.user, session.cohort),
        _("Only the cohort's organizers can do this."),
    )
    return session

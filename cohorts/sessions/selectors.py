"""Reads of guest sessions: what a person's calendar and schedule hold."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from cohorts.models import Membership, SubGroupMembership
from cohorts.sessions.models import GuestInvitation, Rsvp, Session
from learning.calendar import CalendarEvent

CALENDAR_PAST = dt.timedelta(days=30)
CALENDAR_AHEAD = dt.timedelta(days=180)
CALENDAR_MAX = 500


def sessions_of(user) -> QuerySet[Session]:
    """The sessions that are ``user``'s: of the cohorts they are active in (whole-cohort
    ones, and their own sub-groups'), the ones they answered as a listener, host, or
    speak at."""
    active = Membership.Status.ACTIVE
    cohorts = Membership.objects.filter(user=user, status=active).values("cohort_id")
    subgroups = SubGroupMembership.objects.filter(
        membership__user=user, membership__status=active, status=active
    ).values("subgroup_id")
    answered = Rsvp.objects.filter(
        user=user, answer__in=(Rsvp.Answer.GOING, Rsvp.Answer.MAYBE)
    ).values("session_id")
    speaking = GuestInvitation.objects.filter(
        guest__employee__user=user,
        status__in=(
            GuestInvitation.Status.CONFIRMED,
            GuestInvitation.Status.BRIEFED,
            GuestInvitation.Status.DELIVERED,
        ),
    ).values("session_id")
    return Session.objects.filter(
        Q(cohort_id__in=cohorts, subgroup__isnull=True)
        | Q(subgroup_id__in=subgroups)
        | Q(pk__in=answered)
        | Q(pk__in=speaking)
        | Q(host=user)
    )


def session_calendar_event(session: Session) -> CalendarEvent:
    """The calendar's view of a session (its cohort must be loaded)."""
    location = session.place or session.meeting_url
    return CalendarEvent(
        uid=f"session-{session.uid}@guild",
        sequence=session.sequence,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        title=f"{session} · {session.cohort.name}",
        description=session.description,
        location=location,
        url=f"/cohorts/{session.cohort.slug}/sessions/{session.pk}/",
        cancelled=session.status == Session.Status.CANCELLED,
        tentative=session.status == Session.Status.PLANNED,
        changed_at=session.updated_at,
    )


def calendar_events_of(user) -> list[CalendarEvent]:
    """``user``'s sessions from a month ago to half a year ahead, for their feed. One
    query."""
    now = timezone.now()
    sessions = (
        sessions_of(user)
        .filter(starts_at__gte=now - CALENDAR_PAST, starts_at__lte=now + CALENDAR_AHEAD)
        .select_related("cohort")
        .order_by("starts_at", "pk")[:CALENDAR_MAX]
    )
    return [session_calendar_event(session) for session in sessions]

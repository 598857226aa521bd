"""Reads of guest sessions: what a person's calendar and schedule hold."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, LPad, Now
from django.utils import timezone

from cohorts import permissions
from cohorts.models import Cohort, Membership, SubGroupMembership
from cohorts.sessions.models import Attendance, Feedback, GuestInvitation, Rsvp, Session
from learning.calendar import CalendarEvent
from learning.models import User
from learning.statements import prepared

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
    answered = Rsvp.objects.filter(user=user, answer__in=Rsvp.COMING).values("session_id")
    speaking = GuestInvitation.objects.filter(
        guest__employee__user=user,
        status__in=GuestInvitation.COMING,
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


def sessions_visible_to(user, cohort, *, staff: bool | None = None) -> QuerySet[Session]:
    """The cohort's sessions ``user`` may see: the query form of
    ``services.session_visible_to``. Whole-cohort sessions to anyone who may see the
    cohort, a sub-group's to its members and the cohort's staff (the same rule as a
    sub-group's content) and to its host and the employees invited to speak. ``staff``
    gives the viewer's standing when it is known (a read compiled once for a stand-in)."""
    sessions = Session.objects.filter(cohort=cohort)
    if permissions.is_cohort_staff(user, cohort) if staff is None else staff:
        return sessions
    mine = permissions.subgroup_ids_of(user, cohort)
    speaking = (
        GuestInvitation.objects.filter(session__cohort=cohort, guest__employee__user=user)
        .exclude(status=GuestInvitation.Status.WITHDRAWN)
        .values("session_id")
    )
    return sessions.filter(
        Q(subgroup__isnull=True) | Q(subgroup_id__in=mine) | Q(host=user) | Q(pk__in=speaking)
    )


def _answer_counts() -> dict:
    """The RSVP counts per answer (``rsvp_going`` …) as columns."""
    return {
        f"rsvp_{answer}": Count("rsvps", filter=Q(rsvps__answer=answer))
        for answer in Rsvp.Answer.values
    }


def sessions_shown(sessions: QuerySet[Session], user) -> QuerySet[Session]:
    """Sessions with what a schedule row, a session page and the API show, in two
    queries for any number of sessions: the RSVP counts (``rsvp_going`` …) and
    ``user``'s own answer (``my_rsvp``) as columns, and the guests who said yes
    (``guests_coming``) in one more query."""
    mine = Rsvp.objects.filter(session=OuterRef("pk"), user=user).values("answer")[:1]
    return (
        sessions.select_related("cohort", "subgroup", "host__profile")
        .annotate(my_rsvp=Subquery(mine), **_answer_counts())
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=GuestInvitation.objects.filter(status__in=GuestInvitation.COMING)
                .select_related("guest__employee")
                .order_by("guest__tier", "pk"),
                to_attr="guests_coming",
            )
        )
        .order_by("starts_at", "pk")
    )


# Between guests' entries in ``guests_joined`` (a unit separator: never in a name).
GUEST_SEPARATOR = "\x1f"


class JoinedText(Aggregate):
    """Text values joined by a separator into one column: SQLite's ``GROUP_CONCAT``,
    PostgreSQL's ``STRING_AGG`` (the same arguments in both)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def sessions_listed(sessions: QuerySet[Session], user) -> QuerySet[Session]:
    """Sessions as a schedule row shows them: ``sessions_shown``'s columns, with the
    names of the guests who said yes as one more column (``guests_joined``) instead of
    a prefetch, so a list costs one query; ``guests_named`` turns it into names."""
    entry = Concat(
        LPad(Cast("guest__tier", CharField()), 4, Value("0")),
        LPad(Cast("pk", CharField()), 12, Value("0")),
        Value(":"),
        Coalesce("guest__employee__full_name", "guest__name"),
        output_field=TextField(),
    )
    joined = (
        GuestInvitation.objects.filter(session=OuterRef("pk"), status__in=GuestInvitation.COMING)
        .order_by()
        .values("session")
        .annotate(names=JoinedText(entry, Value(GUEST_SEPARATOR)))
        .values("names")
    )
    mine = Rsvp.objects.filter(session=OuterRef("pk"), user=user).values("answer")[:1]
    return (
        sessions.select_related("cohort", "subgroup", "host__profile")
        .annotate(my_rsvp=Subquery(mine), guests_joined=Subquery(joined), **_answer_counts())
        .order_by("starts_at", "pk")
    )


def guests_named(sessions: list[Session]) -> list[Session]:
    """Set ``guest_names`` on each of ``sessions_listed``'s rows: the guests who said
    yes, by tier then as invited (the order ``sessions_shown`` gives)."""
    for session in sessions:
        entries = sorted((session.guests_joined or "").split(GUEST_SEPARATOR))
        session.guest_names = [entry.split(":", 1)[1] for entry in entries if entry]
    return sessions


@prepared
def _schedule(staff: bool, ahead: bool, size: int, *, viewer: int, cohort: int):
    viewer_, cohort_ = User(pk=viewer), Cohort(pk=cohort)
    visible = sessions_listed(sessions_visible_to(viewer_, cohort_, staff=staff), viewer_)
    if ahead:
        return visible.filter(ends_at__gt=Now())[:size]
    return visible.filter(ends_at__lte=Now()).order_by("-starts_at", "-pk")[:size]


def cohort_schedule(*, cohort, user, upcoming: int = 14, past: int = 10) -> tuple[list, list]:
    """The cohort's next ``upcoming`` and last ``past`` sessions that ``user`` may see,
    one query each (compiled once per process: the cohort home shows the next three),
    guests' names included (``sessions_listed``)."""
    staff = permissions.is_cohort_staff(user, cohort)
    values = {"viewer": user.pk, "cohort": cohort.pk}
    ahead = guests_named(list(_schedule(staff, True, upcoming, **values)))
    behind = guests_named(list(_schedule(staff, False, past, **values))) if past else []
    return ahead, behind


def session_page(*, cohort, session_id: int, user) -> Session | None:
    """One session of ``cohort`` with what its page shows, or None."""
    return (
        sessions_shown(Session.objects.filter(cohort=cohort, pk=session_id), user)
        .select_related("summary")
        .prefetch_related("segments")
        .first()
    )


def session_attendance(session: Session) -> QuerySet[Attendance]:
    """Who came to ``session``, first seen first, each with their RSVP, rating and
    comment as columns (one query for any number of people)."""
    answered = Rsvp.objects.filter(session=session, user=OuterRef("user_id")).values("answer")
    feedback = Feedback.objects.filter(session=session, user=OuterRef("user_id"))
    return (
        session.attendance.select_related("user__profile")
        .annotate(
            rsvp=Subquery(answered[:1]),
            rating=Subquery(feedback.values("rating")[:1]),
            comment=Subquery(feedback.values("comment")[:1]),
        )
        .order_by("first_seen_at", "pk")
    )


def session_turnout(session: Session) -> dict:
    """The evening in numbers: answers beforehand, people in the room or checked in,
    feedback given and its average rating. Two queries."""
    answers = dict(
        session.rsvps.values_list("answer")
        .annotate(count=Count("pk"))
        .values_list("answer", "count")
    )
    rated = Feedback.objects.filter(session=session).aggregate(
        count=Count("pk"), mean=Avg("rating")
    )
    return {
        "going": answers.get(Rsvp.Answer.GOING, 0),
        "maybe": answers.get(Rsvp.Answer.MAYBE, 0),
        "not_going": answers.get(Rsvp.Answer.NOT_GOING, 0),
        "came": session.attendance.count(),
        "ratings": rated["count"],
        "mean_rating": rated["mean"],
    }


def room_snapshot(session: Session, *, posts: int = 200, questions: int = 100) -> dict:
    """The live room as readers poll it: the latest posts and the questions by votes,
    as plain data (names, not usernames; aware instants, which JSON carries as ISO
    text for the page to show in the reader's zone). Three queries; the views cache it
    per room version."""
    newest = session.room_posts.select_related("author__profile").order_by("-pk")[:posts]
    latest = list(newest)[::-1]
    asked = session.questions.select_related("author__profile").order_by(
        "answered_at", "-votes", "pk"
    )[:questions]
    return {
        "posts": [
            {
                "id": post.pk,
                "author": post.author.get_full_name(),
                "segment": post.segment,
                "body": post.body,
                "image": bool(post.image),
                "audio": bool(post.audio),
                "at": post.created_at,
            }
            for post in latest
        ],
        "questions": [
            {
                "id": question.pk,
                "author": question.author.get_full_name(),
                "body": question.body,
                "votes": question.votes,
                "answered": question.answered_at is not None,
                "at": question.created_at,
            }
            for question in asked
        ],
    }


def sessions_for_admin(user) -> QuerySet[Session]:
    """The admin's sessions for ``user``: those of the cohorts they organize (all for HR),
    with what the list shows (cohort, sub-group, host, guests) in three queries a page."""
    return (
        Session.objects.filter(cohort__in=permissions.cohorts_organized_by(user))
        .select_related("cohort", "subgroup", "host__profile")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=GuestInvitation.objects.select_related("guest__employee").order_by(
                    "guest__tier", "pk"
                ),
            )
        )
    )


def sessions_soon(user, *, days: int) -> QuerySet[Session]:
    """Open sessions of ``user``'s cohorts starting in the next ``days`` days."""
    now = timezone.now()
    return (
        sessions_for_admin(user)
        .filter(
            status__in=(Session.Status.PLANNED, Session.Status.CONFIRMED),
            starts_at__gte=now,
            starts_at__lte=now + dt.timedelta(days=days),
        )
        .order_by("starts_at", "pk")
    )

"""Sessions themselves: when they are, what they are, and how their status moves.

Dates and times are the cohort's wall clock (what HR types and members read); the UTC
instants beside them (``starts_at``, ``ends_at``, ``announce_at``, ``remind_at``) are
computed here and nowhere else, with the cohort's time zone, so that an evening in
Athens stays at 19:30 across a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Cohort, MembershipEvent, SubGroup
from cohorts.services.audit import audit_fields, audit_log, history_log
from cohorts.services.validation import refuse_unknown_fields, validated
from cohorts.sessions.models import (
    GuestInvitation,
    Session,
    SessionFormat,
    SessionSegment,
    SessionSeries,
)
from cohorts.sessions.services.dispatch import session_change_notify

Action = MembershipEvent.Action
Status = Session.Status

SESSION_FIELDS = frozenset(
    {
        "subgroup",
        "date",
        "start_time",
        "end_time",
        "title",
        "description",
        "host",
        "format",
        "meeting_url",
        "place",
        "seat_limit",
        "summary_writer",
    }
)
# A change to any of these is news to everyone coming, and to their calendars.
ATTENDEE_VISIBLE_FIELDS = frozenset(
    {"date", "start_time", "end_time", "title", "format", "meeting_url", "place"}
)

# Which status may follow which. Live and done are reached on the evening itself.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.CONFIRMED, Status.CANCELLED}),
    Status.CONFIRMED: frozenset({Status.PLANNED, Status.LIVE, Status.CANCELLED}),
    Status.LIVE: frozenset({Status.DONE}),
    Status.DONE: frozenset(),
    Status.CANCELLED: frozenset(),
}
# How early before its start a session may go live (the host opens the room).
LIVE_EARLY = dt.timedelta(hours=1)


def default_segments(minutes: int) -> list[tuple[str, int]]:
    """The seeds' evening: the guest's talk, then Q&A, the talk taking about half."""
    talk = max(1, minutes // 2)
    return [(SessionSegment.Kind.TALK, talk), (SessionSegment.Kind.QA, max(1, minutes - talk))]


def cohort_zone(cohort: Cohort) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(cohort.time_zone)


def wall_clock_instant(day: dt.date, clock: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """``day`` at ``clock`` in ``zone``, as a UTC instant.

    A wall-clock time skipped by a daylight-saving jump is read with the offset before
    the jump (``fold=0``), as calendars do.
    """
    return dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.UTC)


def session_instants_set(session: Session, cohort: Cohort) -> None:
    """Fill the session's UTC instants from its wall clock and the cohort's settings."""
    zone = cohort_zone(cohort)
    session.starts_at = wall_clock_instant(session.date, session.start_time, zone)
    session.ends_at = wall_clock_instant(session.date, session.end_time, zone)
    announce_day = session.date - dt.timedelta(days=cohort.announce_days_before)
    session.announce_at = wall_clock_instant(announce_day, session.start_time, zone)
    session.remind_at = session.starts_at - dt.timedelta(minutes=cohort.reminder_minutes_before)


def _session_errors(session: Session) -> dict:
    errors: dict = {}
    cohort = session.cohort
    if session.subgroup_id is not None and session.subgroup.cohort_id != cohort.pk:
        errors["subgroup"] = _("This sub-group belongs to another cohort.")
    if session.date and not cohort.start_date <= session.date <= cohort.end_date:
        errors["date"] = _("Choose a date between the cohort's first and last day.")
    if session.start_time and session.end_time and session.end_time <= session.start_time:
        errors["end_time"] = _("A session must end after it starts.")
    if session.format == SessionFormat.LINK and not session.meeting_url:
        errors["meeting_url"] = _("A session held elsewhere needs its meeting link.")
    if session.format == SessionFormat.IN_PERSON and not session.place:
        errors["place"] = _("A session in person needs its place.")
    if session.format != SessionFormat.IN_PERSON and session.seat_limit is not None:
        errors["seat_limit"] = _("Only a session in person has a seat limit.")
    return errors


def _check_may_run(actor, cohort: Cohort) -> None:
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's organizers can schedule sessions."))


def session_create(
    *,
    cohort: Cohort,
    actor,
    date: dt.date,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    subgroup: SubGroup | None = None,
    title: str = "",
    description: str = "",
    host=None,
    format: str = SessionFormat.ROOM,  # noqa: A002 (the field's name)
    meeting_url: str = "",
    place: str = "",
    seat_limit: int | None = None,
    summary_writer=None,
    segments: Iterable[tuple[str, int]] | None = None,
    series: SessionSeries | None = None,
) -> Session:
    """Schedule one session of ``cohort``; organizers only.

    Times default to the cohort's evening (``session_start``–``session_end``) and the
    segments to a talk, then Q&A. Nothing is saved when any field is wrong. Logged in
    the cohort's audit log and Wagtail's history.
    """
    _check_may_run(actor, cohort)
    with transaction.atomic():
        session = Session(
            cohort=cohort,
            subgroup=subgroup,
            series=series,
            date=date,
            start_time=start_time or cohort.session_start,
            end_time=end_time or cohort.session_end,
            title=title,
            description=description,
            host=host,
            format=format,
            meeting_url=meeting_url,
            place=place,
            seat_limit=seat_limit,
            summary_writer=summary_writer,
        )
        errors = _session_errors(session)
        if not errors:
            session_instants_set(session, cohort)
        validated(session, errors)
        session.save()
        minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
        rows = [
            SessionSegment(session=session, position=position, kind=kind, minutes=length)
            for position, (kind, length) in enumerate(segments or default_segments(minutes))
        ]
        _segments_check(rows, length=minutes)
        SessionSegment.objects.bulk_create(rows)
        audit_log(
            cohort=cohort,
            action=Action.SESSION_CREATED,
            actor=actor,
            subgroup=subgroup,
            changes={"session": session.pk, **audit_fields(session, sorted(SESSION_FIELDS))},
        )
        history_log(instance=session, action="wagtail.create", actor=actor)
    return session


def session_update(*, session: Session, actor, changes: dict) -> Session:
    """Change some of a session's fields; organizers only, validated whole.

    A change people coming would notice (the date, the times, the title, where it is)
    raises the calendar ``SEQUENCE`` and tells everyone who answered the RSVP. A done or
    cancelled session cannot change. Safe to repeat: unchanged values write nothing.
    """
    _check_may_run(actor, session.cohort)
    refuse_unknown_fields(changes, SESSION_FIELDS)
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        if session.status in (Status.DONE, Status.CANCELLED):
            raise ValidationError(_("A session that is over or cancelled cannot change."))
        changed = [name for name, value in changes.items() if getattr(session, name) != value]
        if not changed:
            return session
        before = audit_fields(session, changed)
        for name in changed:
            setattr(session, name, changes[name])
        errors = _session_errors(session)
        if not errors:
            session_instants_set(session, session.cohort)
        visible = bool(ATTENDEE_VISIBLE_FIELDS.intersection(changed))
        if visible:
            session.sequence += 1
        validated(session, errors)
        session.save()
        after = audit_fields(session, changed)
        audit_log(
            cohort=session.cohort,
            action=Action.SESSION_UPDATED,
            actor=actor,
            subgroup=session.subgroup,
            changes={
                "session": session.pk,
                **{name: [before[name], after[name]] for name in changed},
            },
        )
        history_log(instance=session, action="wagtail.edit", actor=actor)
        if visible:
            session_change_notify(session=session, cancelled=False)
    return session


def session_transition_check(session: Session, to: str, *, now: dt.datetime | None = None) -> str:
    """Why ``session`` cannot move to status ``to`` now, or ''. Reads only."""
    now = now or timezone.now()
    if to not in TRANSITIONS.get(session.status, frozenset()):
        return _("A session that is “%(now)s” cannot become “%(to)s”.") % {
            "now": Status(session.status).label,
            "to": Status(to).label if to in Status.values else to,
        }
    if (
        to == Status.CONFIRMED
        and not session.invitations.filter(status__in=GuestInvitation.COMING).exists()
    ):
        return _("Confirm a guest before confirming the session.")
    if to == Status.LIVE and not session.starts_at - LIVE_EARLY <= now <= session.ends_at:
        return _("A session goes live on its evening, at most an hour before it starts.")
    return ""


def session_transition(*, session: Session, actor, to: str, reason: str = "") -> Session:
    """Move a session to another status, as ``TRANSITIONS`` allows; organizers and the
    session's host only (the host opens and closes the room).

    Cancelling needs a reason, raises the calendar ``SEQUENCE`` and tells everyone who
    answered the RSVP. Logged in the audit log.
    """
    hosting = actor is not None and session.host_id == getattr(actor, "pk", None)
    may_run = permissions.can_change_cohort(actor, session.cohort)
    if not may_run and not (hosting and to in (Status.LIVE, Status.DONE)):
        raise PermissionDenied(_("Only the cohort's organizers can change a session's status."))
    if to == Status.CANCELLED and not reason.strip():
        raise ValidationError({"reason": _("Say why the session is cancelled.")})
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        problem = session_transition_check(session, to)
        if problem:
            raise ValidationError({"status": problem})
        before = session.status
        session.status = to
        if to == Status.CANCELLED:
            session.cancel_reason = reason.strip()
            session.sequence += 1
        session.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
        audit_log(
            cohort=session.cohort,
            action=Action.SESSION_STATUS,
            actor=actor,
            subgroup=session.subgroup,
            changes={"session": session.pk, "status": [before, to]},
            reason=reason,
        )
        if to == Status.CANCELLED:
            session_change_notify(session=session, cancelled=True)
    return session


def _segments_check(rows: list[SessionSegment], *, length: int) -> None:
    """The segments fit the evening: at least one, known kinds, each at least a minute,
    together at most its ``length`` in minutes. ``ValidationError`` on ``segments``."""
    errors = []
    if not rows:
        errors.append(_("A session needs at least one segment."))
    if any(row.kind not in SessionSegment.Kind.values for row in rows):
        errors.append(_("Choose each segment's kind from the list."))
    if any(row.minutes <= 0 for row in rows):
        errors.append(_("Each segment lasts at least a minute."))
    elif sum(row.minutes for row in rows) > length:
        errors.append(
            _("The segments last longer than the session (%(minutes)s minutes).")
            % {"minutes": length}
        )
    if errors:
        raise ValidationError({"segments": errors})


def segments_replace(*, session: Session, actor, segments: Iterable[tuple[str, int, str]]) -> None:
    """Replace the evening's segments (kind, minutes, title) in order; organizers only.

    They must fit in the session's time: the minutes add up to at most its length.
    """
    _check_may_run(actor, session.cohort)
    rows = [
        SessionSegment(session=session, position=i, kind=kind, minutes=minutes, title=title)
        for i, (kind, minutes, title) in enumerate(segments)
    ]
    _segments_check(rows, length=int((session.ends_at - session.starts_at).total_seconds() // 60))
    with transaction.atomic():
        SessionSegment.objects.filter(session=session).delete()
        SessionSegment.objects.bulk_create(rows)


def sessions_follow_cohort(*, cohort: Cohort, changed: Iterable[str]) -> int:
    """Recompute the instants of the cohort's sessions still to come after its time zone
    or announcement timing changed (called by ``cohort_update`` in its transaction,
    through the ``guild_cohort_schedule_changed`` hook). The wall clock stays: an evening
    at 19:30 is still at 19:30, in the new zone. Sessions whose start moved raise their
    calendar ``SEQUENCE``. Returns how many changed."""
    moved = []
    for session in Session.objects.filter(
        cohort=cohort,
        status__in=(Status.PLANNED, Status.CONFIRMED),
        ends_at__gt=timezone.now(),
    ):
        before = (session.starts_at, session.announce_at, session.remind_at)
        session_instants_set(session, cohort)
        if (session.starts_at, session.announce_at, session.remind_at) != before:
            if session.starts_at != before[0]:
                session.sequence += 1
            moved.append(session)
    Session.objects.bulk_update(
        moved, ["starts_at", "ends_at", "announce_at", "remind_at", "sequence", "updated_at"]
    )
    return len(moved)

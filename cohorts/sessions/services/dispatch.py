"""What a session tells people, and when: the announcement two days ahead, the day's
reminder, and news of a change or a cancellation.

Exactly once, by construction: every message is a ``SessionDispatch`` row with a unique
``(session, kind, sequence)``, written in the same transaction as the notifications it
stands for (the outbox writes them in the caller's transaction and delivers after
commit). A second beat tick finds the row and sends nothing; a crash before commit
leaves neither, and the next tick sends it; a crash after commit leaves both, and the
outbox delivers. The dispatcher catches up on anything due whose session has not started
yet, so a worker that was down at the hour skips nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Membership, Post
from cohorts.services.audit import cohort_url
from cohorts.sessions.models import GuestInvitation, Rsvp, Session, SessionDispatch, Summary
from learning.notifications.services import in_recipient_language, notification_send_many

logger = logging.getLogger(__name__)

Kind = SessionDispatch.Kind
SUMMARY_DUE = dt.timedelta(hours=24)
SUMMARY_REMINDERS_STOP = dt.timedelta(days=7)
# How long before an evening without a confirmed guest the organizers are reminded.
UNFILLED_NOTICE_DAYS = 7
UNFILLED_NOTICE = dt.timedelta(days=UNFILLED_NOTICE_DAYS)
ANNOUNCEABLE = (Session.Status.PLANNED, Session.Status.CONFIRMED)


def session_url(session: Session) -> str:
    return f"{cohort_url(session.cohort)}sessions/{session.pk}/"


def session_guest_names(session: Session) -> list[str]:
    return [
        invitation.guest.display_name
        for invitation in session.invitations.filter(
            status__in=GuestInvitation.COMING
        ).select_related("guest__employee")
    ]


def session_when(session: Session) -> str:
    """The evening in the active language, on the cohort's clock, naming its zone."""
    day = formats.date_format(session.date, "DATE_FORMAT")
    start = formats.time_format(session.start_time, "TIME_FORMAT")
    end = formats.time_format(session.end_time, "TIME_FORMAT")
    return _("%(day)s, %(start)s–%(end)s (%(zone)s)") % {
        "day": day,
        "start": start,
        "end": end,
        "zone": session.cohort.time_zone,
    }


def session_share_text(session: Session, *, base_url: str = "") -> str:
    """Ready text to paste into other channels (chat groups, mail), in the active
    language: what, when, who, and the link."""
    guests = ", ".join(session_guest_names(session))
    lines = [str(session), session_when(session)]
    if guests:
        lines.append(_("Guest: %(names)s") % {"names": guests})
    if session.description:
        lines.append(session.description)
    lines.append(
        _("Talk first, then questions and answers. Join us: %(url)s")
        % {"url": f"{base_url}{session_url(session)}"}
    )
    return "\n".join(lines)


def _audience(session: Session) -> list[int]:
    """Who an announcement is for: the active members of the cohort, or of the session's
    sub-group."""
    members = Membership.objects.filter(
        cohort_id=session.cohort_id, status=Membership.Status.ACTIVE
    )
    if session.subgroup_id is not None:
        members = members.filter(
            subgroup_memberships__subgroup_id=session.subgroup_id,
            subgroup_memberships__status=Membership.Status.ACTIVE,
        )
    return list(members.values_list("user_id", flat=True))


def _coming(session: Session) -> list[int]:
    return list(session.rsvps.filter(answer__in=Rsvp.COMING).values_list("user_id", flat=True))


def _feed_author(session: Session):
    if session.host_id is not None:
        return session.host
    organizer = (
        Membership.objects.filter(
            cohort_id=session.cohort_id,
            role=Membership.Role.ORGANIZER,
            status=Membership.Status.ACTIVE,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return organizer.user if organizer is not None else None


# What each message says, in the recipient's language (rendered once per language).
TITLES = {
    Kind.ANNOUNCEMENT: lambda: _("Guest session: %(title)s, %(when)s"),
    Kind.REMINDER: lambda: _("Today: %(title)s, %(when)s"),
    Kind.CHANGE: lambda: _("Changed: %(title)s, now %(when)s"),
    Kind.CANCELLATION: lambda: _("Cancelled: %(title)s, %(when)s"),
}


def _organizers(session: Session) -> list[int]:
    return list(
        Membership.objects.filter(
            cohort_id=session.cohort_id,
            role=Membership.Role.ORGANIZER,
            status=Membership.Status.ACTIVE,
        ).values_list("user_id", flat=True)
    )


def _summary_reminder_send(session: Session, kind: str) -> int:
    """Remind the helper on summary duty (the organizers when there is none), or, a day
    later, the organizers, that the evening's summary is still missing."""
    if kind == Kind.SUMMARY_DUTY and session.summary_writer_id is not None:
        recipients = [session.summary_writer_id]
    else:
        recipients = _organizers(session)
    notification_send_many(
        recipients=recipients,
        kind="session.summary_missing",
        title=in_recipient_language(
            lambda: _("The summary of %(title)s is still to be written") % {"title": session}
        ),
        url=session_url(session),
        dedupe_key=f"session-{kind}:{session.pk}",
    )
    return len(recipients)


def _unfilled_reminder_send(session: Session) -> int:
    """Tell the organizers (HR when the cohort has none) that an evening is near and no
    guest has said yes."""
    recipients = _organizers(session) or list(
        permissions.hr_organizers().values_list("pk", flat=True)
    )
    notification_send_many(
        recipients=recipients,
        kind="session.unfilled",
        title=in_recipient_language(
            lambda: (
                _("No guest yet for %(title)s, %(when)s")
                % {"title": session, "when": session_when(session)}
            )
        ),
        url=session_url(session),
        dedupe_key=f"session-unfilled:{session.pk}",
    )
    return len(recipients)


def _send(session: Session, kind: str, sequence: int) -> int:
    """Write the notifications (and, for an announcement, the feed post) of one dispatch;
    returns how many people it is for. The announcement goes to the whole audience, the
    rest to those coming."""
    if kind in (Kind.SUMMARY_DUTY, Kind.SUMMARY_ORGANIZER):
        return _summary_reminder_send(session, kind)
    if kind == Kind.UNFILLED:
        return _unfilled_reminder_send(session)
    recipients = _audience(session) if kind == Kind.ANNOUNCEMENT else _coming(session)
    if kind == Kind.ANNOUNCEMENT:
        author = _feed_author(session)
        if author is not None:
            Post.objects.create(
                cohort_id=session.cohort_id,
                subgroup_id=session.subgroup_id,
                author=author,
                kind=Post.Kind.ANNOUNCEMENT,
                body=session_share_text(session),
            )
    wording = TITLES[kind]
    title = in_recipient_language(
        lambda: wording() % {"title": session, "when": session_when(session)}
    )
    if kind == Kind.CANCELLATION:
        body = session.cancel_reason
    else:
        body = in_recipient_language(lambda: session_share_text(session))
    notification_send_many(
        recipients=recipients,
        kind=f"session.{kind}",
        title=title,
        body=body,
        url=session_url(session),
        dedupe_key=f"session-{kind}:{session.pk}:{sequence}",
    )
    return len(recipients)


def session_dispatch(*, session_id: int, kind: str) -> bool:
    """Send one dispatch of one session unless it was sent; True when this call sent it.

    The session's row is locked for the check, and the unique row is the proof: two
    callers at once send it once.
    """
    with transaction.atomic():
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("cohort", "host")
            .filter(pk=session_id)
            .first()
        )
        if session is None:
            return False
        sequence = session.sequence if kind in (Kind.CHANGE, Kind.CANCELLATION) else 0
        if SessionDispatch.objects.filter(session=session, kind=kind, sequence=sequence).exists():
            return False
        try:
            with transaction.atomic():
                dispatch = SessionDispatch.objects.create(
                    session=session, kind=kind, sequence=sequence
                )
        except IntegrityError:
            return False
        dispatch.recipients = _send(session, kind, sequence)
        dispatch.save(update_fields=["recipients"])
    return True


def sessions_dispatch_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send every message that is due and not sent; beat runs it every minute. Safe to run
    twice at once or after a crash. Returns what it sent, by kind.

    Announcements and reminders are due until the session starts; an evening a week away
    without a guest who said yes reminds the organizers once. A summary still
    unpublished a day after the session reminds the helper on summary duty, and a day
    later the organizers; reminders stop a week after the session.
    """
    now = now or timezone.now()
    upcoming = Session.objects.filter(status__in=ANNOUNCEABLE, starts_at__gt=now)
    unsummarized = Session.objects.filter(
        status__in=(Session.Status.LIVE, Session.Status.DONE),
        ends_at__gt=now - SUMMARY_REMINDERS_STOP,
    ).exclude(summary__status=Summary.Status.PUBLISHED)
    due = {
        Kind.ANNOUNCEMENT: upcoming.filter(announce_at__lte=now),
        Kind.REMINDER: upcoming.filter(remind_at__lte=now),
        Kind.UNFILLED: upcoming.filter(starts_at__lte=now + UNFILLED_NOTICE).exclude(
            invitations__status__in=GuestInvitation.COMING
        ),
        Kind.SUMMARY_DUTY: unsummarized.filter(ends_at__lte=now - SUMMARY_DUE),
        Kind.SUMMARY_ORGANIZER: unsummarized.filter(ends_at__lte=now - 2 * SUMMARY_DUE),
    }
    sent = {}
    for kind, sessions in due.items():
        ids = (
            sessions.exclude(dispatches__kind=kind)
            .order_by("starts_at")
            .values_list("pk", flat=True)
        )
        sent[str(kind)] = sum(session_dispatch(session_id=pk, kind=kind) for pk in ids)
    return sent


def session_change_notify(*, session: Session, cancelled: bool) -> None:
    """Tell everyone coming that the session changed or is cancelled (called by the
    services inside their transaction, after ``sequence`` was raised)."""
    kind = Kind.CANCELLATION if cancelled else Kind.CHANGE
    if not SessionDispatch.objects.filter(
        session=session, kind=kind, sequence=session.sequence
    ).exists():
        SessionDispatch.objects.create(
            session=session,
            kind=kind,
            sequence=session.sequence,
            recipients=_send(session, kind, session.sequence),
        )

"""Attendance and feedback: who was there, and what they thought of it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts import permissions
from cohorts.sessions.models import Attendance, Feedback, Session
from cohorts.sessions.services.rsvp import session_visible_to

COMMENT_MAX = 2000


def attendance_record(
    *, session: Session, user, source: str = Attendance.Source.ROOM
) -> Attendance:
    """Note that ``user`` was at ``session`` (the room marks readers, the host checks
    people in). The first sighting counts; repeating it changes nothing."""
    if not session_visible_to(user, session):
        raise PermissionDenied(_("This session is not open to you."))
    if session.status not in (Session.Status.LIVE, Session.Status.DONE):
        raise ValidationError(_("Attendance is taken on the evening itself."))
    with transaction.atomic():
        attendance, created = Attendance.objects.get_or_create(
            session=session, user=user, defaults={"source": source}
        )
        if created:
            # Points and the like, owned above (``guild_session_attended``).
            for fn in hooks.get_hooks("guild_session_attended"):
                fn(attendance)
    return attendance


def may_take_attendance(user, session: Session) -> bool:
    """The host and the cohort's organizers check people in and read who came."""
    return session.host_id == getattr(user, "pk", None) or permissions.can_change_cohort(
        user, session.cohort
    )


def attendance_check_in(*, session: Session, actor, user) -> Attendance:
    """The host or an organizer checks someone in (an in-person evening's door)."""
    if not may_take_attendance(actor, session):
        raise PermissionDenied(_("Only the host and organizers check people in."))
    return attendance_record(session=session, user=user, source=Attendance.Source.CHECK_IN)


def feedback_give(*, session: Session, user, rating: int, comment: str = "") -> Feedback:
    """An attendee rates the session (1–5) with an optional comment; giving it again
    replaces the earlier one. Only people who were there, once it is live or over."""
    if session.status not in (Session.Status.LIVE, Session.Status.DONE):
        raise ValidationError(_("Feedback opens when the session starts."))
    if not Attendance.objects.filter(session=session, user=user).exists():
        raise PermissionDenied(_("Only people who were there give feedback."))
    errors = {}
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        errors["rating"] = _("Rate from 1 to 5.")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("Keep the comment under %(count)s characters.") % {
            "count": COMMENT_MAX
        }
    if errors:
        raise ValidationError(errors)
    feedback, _created = Feedback.objects.update_or_create(
        session=session, user=user, defaults={"rating": rating, "comment": comment}
    )
    return feedback

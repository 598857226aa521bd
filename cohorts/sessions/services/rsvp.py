"""RSVPs: who plans to come. Members of the cohort (or of the session's sub-group), and
listeners: employees outside the cohort who followed the share link to a whole-cohort
session (the seeds' veterans pulled in by the announcement).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.sessions.models import GuestInvitation, Rsvp, Session, SessionFormat


def session_visible_to(user, session: Session) -> bool:
    """Whether ``user`` may see ``session``: a whole-cohort session to any signed-in
    employee (a listener, when not a member); a sub-group's session to those who see the
    sub-group's content, and to the people it is about: its host and the employees
    invited to speak, who may be from anywhere in the company."""
    if not getattr(user, "is_authenticated", False):
        return False
    if session.subgroup_id is None or session.host_id == user.pk:
        return True
    if permissions.can_view_subgroup_content(user, session.subgroup):
        return True
    return (
        session.invitations.filter(guest__employee__user=user)
        .exclude(status=GuestInvitation.Status.WITHDRAWN)
        .exists()
    )


def rsvp_set(*, session: Session, user, answer: str) -> Rsvp:
    """Record ``user``'s answer for ``session``; repeating it changes nothing.

    Refused for a session that is over or cancelled, for someone who may not see it, and
    for "going" to an in-person session whose seats are taken (counted under the
    session's row lock).
    """
    if answer not in Rsvp.Answer.values:
        raise ValidationError({"answer": _("Answer going, maybe or not going.")})
    if not session_visible_to(user, session):
        raise PermissionDenied(_("This session is not open to you."))
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        if session.status not in (
            Session.Status.PLANNED,
            Session.Status.CONFIRMED,
            Session.Status.LIVE,
        ):
            raise ValidationError({"answer": _("This session is over or cancelled.")})
        current = Rsvp.objects.filter(session=session, user=user).first()
        if current is not None and current.answer == answer:
            return current
        if (
            answer == Rsvp.Answer.GOING
            and session.format == SessionFormat.IN_PERSON
            and session.seat_limit is not None
            and session.rsvps.filter(answer=Rsvp.Answer.GOING).exclude(user=user).count()
            >= session.seat_limit
        ):
            raise ValidationError(
                {"answer": _("Every seat is taken. Answer maybe to be told if one frees up.")}
            )
        listener = not permissions.can_view_cohort_content(user, session.cohort)
        rsvp, _created = Rsvp.objects.update_or_create(
            session=session, user=user, defaults={"answer": answer, "listener": listener}
        )
    return rsvp

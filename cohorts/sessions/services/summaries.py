"""Summaries: what was said, written after the evening by HR or the helper on summary
duty, published to the cohort's feed and the program's library."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Post
from cohorts.sessions.models import Attendance, Rsvp, Session, Summary
from cohorts.sessions.services.dispatch import session_url
from learning.notifications.services import in_recipient_language, notification_send_many

SUMMARY_FIELDS = ("key_points", "questions_and_answers", "actions", "body")
FIELD_MAX = 20_000


def summary_may_write(user, session: Session) -> bool:
    return session.summary_writer_id == getattr(user, "pk", None) or permissions.can_change_cohort(
        user, session.cohort
    )


def summary_save(*, session: Session, actor, **texts: str) -> Summary:
    """Write or change the session's summary (a draft until published); organizers and
    the helper on summary duty, once the session has started."""
    if not summary_may_write(actor, session):
        raise PermissionDenied(_("Only organizers and the helper on summary duty write it."))
    if session.status not in (Session.Status.LIVE, Session.Status.DONE):
        raise ValidationError(_("A summary is written once the session has taken place."))
    unknown = set(texts) - set(SUMMARY_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    errors = {
        name: _("Keep it under %(count)s characters.") % {"count": FIELD_MAX}
        for name, value in texts.items()
        if len(value or "") > FIELD_MAX
    }
    if errors:
        raise ValidationError(errors)
    summary, _created = Summary.objects.get_or_create(session=session, defaults={"author": actor})
    for name, value in texts.items():
        setattr(summary, name, (value or "").strip())
    summary.save()
    return summary


def summary_publish(*, summary: Summary, actor) -> Summary:
    """Publish the summary: to the cohort's feed, to the library, and to everyone who came
    or answered the RSVP. Needs its key points. Publishing twice changes nothing."""
    session = summary.session
    if not summary_may_write(actor, session):
        raise PermissionDenied(_("Only organizers and the helper on summary duty publish it."))
    if not summary.key_points.strip():
        raise ValidationError({"key_points": _("Write the key points before publishing.")})
    with transaction.atomic():
        published = Summary.objects.filter(pk=summary.pk, status=Summary.Status.DRAFT).update(
            status=Summary.Status.PUBLISHED, published_at=timezone.now()
        )
        summary.refresh_from_db()
        if not published:
            return summary
        Post.objects.create(
            cohort_id=session.cohort_id,
            subgroup_id=session.subgroup_id,
            author=actor,
            kind=Post.Kind.ANNOUNCEMENT,
            body=f"{session}\n\n{summary.key_points}",
        )
        people = set(Attendance.objects.filter(session=session).values_list("user_id", flat=True))
        people |= set(
            Rsvp.objects.filter(session=session)
            .exclude(answer=Rsvp.Answer.NOT_GOING)
            .values_list("user_id", flat=True)
        )
        notification_send_many(
            recipients=people - {actor.pk},
            kind="session.summary",
            title=in_recipient_language(
                lambda: _("The summary of %(session)s is out") % {"session": session}
            ),
            body=summary.key_points[:1000],
            url=session_url(session),
            dedupe_key=f"session-summary:{session.pk}",
        )
    return summary

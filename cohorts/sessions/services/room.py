"""The live room: the guest's and the host's posts during the evening, and the members'
questions in the Q&A, upvoted and marked answered.

Readers follow the room by polling. Every change bumps the room's version in the cache
(``room_version``), so a reader whose version is current is answered from the cache
alone, without touching the database (see the room's page views).
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts import permissions
from cohorts.sessions.models import (
    GuestInvitation,
    QuestionVote,
    RoomPost,
    RoomQuestion,
    Session,
    SessionSegment,
)
from cohorts.sessions.services.rsvp import session_visible_to
from cohorts.sessions.uploads import audio_check, image_check

BODY_MAX = 4000
QUESTION_MAX = 1000
ROOM_VERSION_TTL = 60 * 60 * 24


def room_version_key(session_id: int) -> str:
    return f"guild:session-room:{session_id}:version"


def room_version(session_id: int) -> int:
    """The room's version: it changes whenever a post or a question does."""
    version = cache.get(room_version_key(session_id))
    if version is None:
        version = int(timezone.now().timestamp() * 1000)
        cache.add(room_version_key(session_id), version, ROOM_VERSION_TTL)
        version = cache.get(room_version_key(session_id), version)
    return version


def _room_changed(session_id: int) -> None:
    def bump():
        key = room_version_key(session_id)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, int(timezone.now().timestamp() * 1000), ROOM_VERSION_TTL)

    transaction.on_commit(bump)


def room_speaker(user, session: Session) -> bool:
    """Whether ``user`` speaks in the room: the host, an organizer, or a guest who is
    coming (an employee guest with a confirmed invitation)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if session.host_id == user.pk or permissions.can_change_cohort(user, session.cohort):
        return True
    return GuestInvitation.objects.filter(
        session=session,
        guest__employee__user=user,
        status__in=GuestInvitation.COMING,
    ).exists()


def _live_check(session: Session) -> None:
    if session.status != Session.Status.LIVE:
        raise ValidationError(_("The room is open while the session is live."))


def room_post_create(
    *, session: Session, author, body: str = "", image=None, audio=None, segment: str = "talk"
) -> RoomPost:
    """Post text, an image and/or a voice clip in the live room; the guest, the host and
    organizers only, while the session is live. Uploads are checked by their bytes."""
    if not room_speaker(author, session):
        raise PermissionDenied(_("Only the guest and the host post in the room."))
    _live_check(session)
    body = (body or "").strip()
    errors = {}
    if segment not in SessionSegment.Kind.values:
        errors["segment"] = _("Choose the segment from the list.")
    if len(body) > BODY_MAX:
        errors["body"] = _("Keep a post under %(count)s characters.") % {"count": BODY_MAX}
    if not body and image is None and audio is None:
        errors["body"] = _("Write something, or add an image or a voice clip.")
    if errors:
        raise ValidationError(errors)
    post = RoomPost(session=session, author=author, body=body, segment=segment)
    if image is not None:
        extension = image_check(image)
        image.name = f"image.{extension}"
        post.image = image
    if audio is not None:
        post.audio_type, extension = audio_check(audio)
        audio.name = f"voice.{extension}"
        post.audio = audio
    post.save()
    _room_changed(session.pk)
    return post


def room_question_ask(*, session: Session, author, body: str) -> RoomQuestion:
    """Ask a question in the room; anyone who may see the session, while it is live."""
    if not session_visible_to(author, session):
        raise PermissionDenied(_("This session is not open to you."))
    _live_check(session)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your question.")})
    if len(body) > QUESTION_MAX:
        raise ValidationError(
            {"body": _("Keep a question under %(count)s characters.") % {"count": QUESTION_MAX}}
        )
    question = RoomQuestion.objects.create(session=session, author=author, body=body)
    _room_changed(session.pk)
    return question


def room_question_vote(*, question: RoomQuestion, user) -> bool:
    """Upvote a question once; True when this call counted. Not your own question."""
    if not session_visible_to(user, question.session):
        raise PermissionDenied(_("This session is not open to you."))
    if question.author_id == user.pk:
        raise ValidationError(_("You cannot vote for your own question."))
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, user=user)
            RoomQuestion.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
    except IntegrityError:
        return False
    _room_changed(question.session_id)
    return True


def room_question_answered(*, question: RoomQuestion, actor) -> RoomQuestion:
    """Mark a question answered; the guest, the host and organizers only."""
    if not room_speaker(actor, question.session):
        raise PermissionDenied(_("Only the guest and the host mark questions answered."))
    if question.answered_at is None:
        RoomQuestion.objects.filter(pk=question.pk, answered_at__isnull=True).update(
            answered_at=timezone.now(), answered_by=actor
        )
        _room_changed(question.session_id)
    question.refresh_from_db()
    return question


def room_questions_hand_on(*, session: Session, actor) -> int:
    """Hand the unanswered questions of a finished session on to whoever registered the
    ``guild_session_question_handoff`` hook (the mentors' Q&A board); returns how many
    were taken. Organizers only. Each question is handed on once."""
    if not permissions.can_change_cohort(actor, session.cohort):
        raise PermissionDenied(_("Only the cohort's organizers hand questions on."))
    if session.status != Session.Status.DONE:
        raise ValidationError(_("Questions are handed on once the session is over."))
    questions = list(
        session.questions.filter(answered_at__isnull=True, handed_on_to="").select_related("author")
    )
    taken = 0
    for fn in hooks.get_hooks("guild_session_question_handoff"):
        for question, reference in fn(session=session, questions=questions, actor=actor):
            RoomQuestion.objects.filter(pk=question.pk, handed_on_to="").update(
                handed_on_to=reference[:200]
            )
            taken += 1
    return taken

"""Asking, answering, voting, accepting: every write of the board.

Each action checks ``mentors.questions.access`` and writes in one transaction with its
audit entry and its notifications (the outbox delivers after commit).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.engagement.services import award, withdraw
from cohorts.models import Cohort, SubGroup
from learning.notifications.services import (
    in_recipient_language,
    notification_send,
)
from mentors.questions import access
from mentors.questions.models import Answer, Question, QuestionEvent, QuestionTag, QuestionVote
from mentors.questions.services.audit import event_log, question_url
from mentors.selectors import mentor_of

# Points for the author of an accepted answer (declared in ``wagtail_hooks``).
RULE_ACCEPTED = "answer_accepted"

Action = QuestionEvent.Action
MAX_TAGS = 5
TITLE_MAX = Question._meta.get_field("title").max_length
TAG_MAX = QuestionTag._meta.get_field("name").max_length


def _writable(user, cohort: Cohort) -> None:
    until = access.muted_until(user, cohort)
    if until is not None:
        raise PermissionDenied(
            _("You are muted in this cohort until %(date)s.")
            % {"date": date_format(timezone.localtime(until), "DATETIME_FORMAT")}
        )


def tags_parse(text: str) -> list[str]:
    """Tags as typed ("pricing, CRM"): trimmed, without duplicates (case aside)."""
    seen: dict[str, str] = {}
    for raw in (text or "").replace("，", ",").split(","):
        name = " ".join(raw.split())
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def _tags_check(names: list[str]) -> dict:
    if len(names) > MAX_TAGS:
        return {"tags": _("Use at most %(n)s tags.") % {"n": MAX_TAGS}}
    if any(len(name) > TAG_MAX for name in names):
        return {"tags": _("A tag has at most %(n)s characters.") % {"n": TAG_MAX}}
    return {}


def _tags_get(names: list[str]) -> list[QuestionTag]:
    """The tags by name, created when new; a name differing only in case is the same tag."""
    tags = []
    for name in names:
        tag = QuestionTag.objects.filter(name__iexact=name).first()
        if tag is None:
            try:
                with transaction.atomic():
                    tag = QuestionTag.objects.create(name=name)
            except IntegrityError:
                tag = QuestionTag.objects.get(name=name)
        tags.append(tag)
    return tags


def question_ask(
    *,
    cohort: Cohort,
    author,
    title: str,
    body: str = "",
    tags: list[str] | str = (),
    subgroup: SubGroup | None = None,
    source: str | None = None,
    check_access: bool = True,
) -> Question:
    """Ask a question on the cohort's board (or a sub-group's part of it).

    Members only, not while muted. The asker's mentor (``mentors.selectors.mentor_of``)
    is kept on the question and notified first; the escalation takes over if nobody
    answers in time. Not idempotent, except with a ``source``: a question handed on from
    elsewhere under the same source is made once.
    """
    title = " ".join((title or "").split())
    body = (body or "").strip()
    names = tags_parse(tags) if isinstance(tags, str) else tags_parse(",".join(tags))
    errors = {}
    if subgroup is not None and subgroup.cohort_id != cohort.pk:
        errors["subgroup"] = _("This sub-group belongs to another cohort.")
    if not title:
        errors["title"] = _("Write your question.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _(
            "Keep the question under %(n)s characters; put the rest in the details."
        ) % {"n": TITLE_MAX}
    errors.update(_tags_check(names))
    if errors:
        raise ValidationError(errors)
    if check_access:
        if not access.can_ask(author, cohort, subgroup=subgroup):
            raise PermissionDenied(_("Only members can ask here."))
        _writable(author, cohort)
    mentor = mentor_of(author, cohort)
    with transaction.atomic():
        if source is not None:
            existing = Question.objects.filter(source=source).first()
            if existing is not None:
                return existing
        question = Question.objects.create(
            cohort=cohort,
            subgroup=subgroup,
            author=author,
            mentor=mentor,
            title=title,
            body=body,
            source=source,
        )
        question.tags.set(_tags_get(names))
        event_log(
            question=question,
            action=Action.HANDED_ON if source else Action.ASKED,
            actor=author,
            changes={"source": source} if source else {},
        )
        if mentor is not None:
            notification_send(
                recipient=mentor,
                kind="question.mentee_asked",
                title=in_recipient_language(
                    lambda: (
                        _("%(person)s asks: %(title)s")
                        % {"person": author.get_full_name() or _("Your mentee"), "title": title}
                    )
                ),
                body=body[:300],
                url=question_url(question),
                dedupe_key=f"question-mentor:{question.pk}",
            )
    return question


def answer_post(*, question: Question, author, body: str) -> Answer:
    """Answer a question one can see. The first answer by someone other than the asker
    stops the escalation; the asker's mentor's first reply is timed for the scorecard.
    The asker is told (not of their own answers). Not idempotent: each call is a new
    answer."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your answer.")})
    if not access.can_view_question(author, question):
        raise PermissionDenied(_("This question is not open to you."))
    _writable(author, question.cohort)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        answer = Answer.objects.create(question=locked, author=author, body=body)
        now = answer.created_at
        changes = {"answer_count": F("answer_count") + 1}
        # The asker's own follow-up is not an answer: it neither stops the escalation
        # nor counts as answered.
        if locked.first_answer_at is None and author.pk != locked.author_id:
            changes["first_answer_at"] = now
        if locked.mentor_id == author.pk and locked.mentor_replied_at is None:
            changes["mentor_replied_at"] = now
        Question.objects.filter(pk=locked.pk).update(**changes)
        event_log(
            question=locked, action=Action.ANSWERED, actor=author, changes={"answer": answer.pk}
        )
        if author.pk != locked.author_id:
            notification_send(
                recipient=locked.author,
                kind="question.answered",
                title=in_recipient_language(
                    lambda: (
                        _("%(person)s answered: %(title)s")
                        % {"person": author.get_full_name(), "title": locked.title}
                    )
                ),
                body=body[:300],
                url=question_url(locked),
                dedupe_key=f"question-answer:{answer.pk}",
            )
    question.refresh_from_db()
    return answer


def question_vote(*, question: Question, user) -> bool:
    """Upvote a question once; True when this call counted. Not one's own question.

    Race-safe: the unique vote row decides, and the counter moves in the same
    transaction with an ``F()`` update, so two taps at once count one vote.
    """
    if not access.can_view_question(user, question):
        raise PermissionDenied(_("This question is not open to you."))
    if question.author_id == user.pk:
        raise ValidationError({"question": _("You cannot vote for your own question.")})
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, user=user)
            Question.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
    except IntegrityError:
        return False
    return True


def answer_accept(*, answer: Answer, actor) -> Question:
    """The asker accepts one answer: the question is resolved (its first resolution time
    is kept); accepting another later moves the mark. The answer's author is told."""
    question = answer.question
    if question.author_id != actor.pk:
        raise PermissionDenied(_("Only the person who asked accepts an answer."))
    if answer.hidden:
        raise ValidationError({"answer": _("This answer was hidden by moderation.")})
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.accepted_answer_id == answer.pk:
            return locked
        if locked.accepted_answer_id is not None:
            withdraw(rule=RULE_ACCEPTED, cause=locked.accepted_answer)
        if answer.author_id != actor.pk:
            award(
                person=answer.author_id, cohort=locked.cohort_id, rule=RULE_ACCEPTED, cause=answer
            )
        locked.accepted_answer = answer
        locked.resolved_at = locked.resolved_at or timezone.now()
        locked.save(update_fields=["accepted_answer", "resolved_at"])
        answer.question = locked
        event_log(
            question=locked, action=Action.ACCEPTED, actor=actor, changes={"answer": answer.pk}
        )
        if answer.author_id != actor.pk:
            notification_send(
                recipient=answer.author,
                kind="question.accepted",
                title=in_recipient_language(
                    lambda: _("Your answer was accepted: %(title)s") % {"title": locked.title}
                ),
                url=question_url(locked),
                dedupe_key=f"question-accepted:{answer.pk}",
            )
    return locked


def answer_unaccept(*, question: Question, actor) -> Question:
    """The asker takes back the accepted mark (the question stays resolved when it was):
    the answer's author loses the points it gave. Safe to repeat."""
    if question.author_id != actor.pk:
        raise PermissionDenied(_("Only the person who asked accepts an answer."))
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.accepted_answer_id is None:
            return locked
        withdraw(rule=RULE_ACCEPTED, cause=locked.accepted_answer)
        previous = locked.accepted_answer_id
        locked.accepted_answer = None
        locked.save(update_fields=["accepted_answer"])
        event_log(
            question=locked,
            action=Action.ACCEPTED,
            actor=actor,
            changes={"answer": [previous, None]},
        )
    return locked


def answer_mark_helpful(*, answer: Answer, actor, helpful: bool = True) -> Answer:
    """Mark (or unmark) an answer helpful: the asker and the cohort's staff. Safe to repeat."""
    question = answer.question
    if not access.can_mark_helpful(actor, question):
        raise PermissionDenied(_("Only the person who asked and the cohort's team mark answers."))
    if answer.helpful != helpful:
        with transaction.atomic():
            Answer.objects.filter(pk=answer.pk).update(helpful=helpful)
            answer.helpful = helpful
            event_log(
                question=question,
                action=Action.HELPFUL,
                actor=actor,
                changes={"answer": answer.pk, "helpful": helpful},
            )
    return answer

"""What other parts hand to the board, and what the board hands on.

- Live-room questions left unanswered at the end of a guest session become board
  questions (the ``guild_session_question_handoff`` hook of ``cohorts.sessions``).
- An accepted answer can be proposed to the knowledge base as a case through the
  ``guild_answer_proposed_as_case`` hook; with no receiver the action is not offered.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts import permissions
from mentors.questions.models import Answer, QuestionEvent
from mentors.questions.services.audit import event_log, question_url
from mentors.questions.services.board import TITLE_MAX, question_ask

CASE_HOOK = "guild_answer_proposed_as_case"


def room_questions_take(*, session, questions, actor) -> Iterator[tuple[object, str]]:
    """Make a board question of each unanswered live-room question, in the session's
    cohort and sub-group, asked by its author; yields ``(room question, link)``. A room
    question taken before is not made twice (the board question's unique ``source``)."""
    for room_question in questions:
        body = room_question.body.strip()
        title = body if len(body) <= TITLE_MAX else body[: TITLE_MAX - 1] + "…"
        question = question_ask(
            cohort=session.cohort,
            subgroup=session.subgroup,
            author=room_question.author,
            title=title,
            body=body if body != title else "",
            source=f"session-room:{room_question.pk}",
            check_access=False,
        )
        yield room_question, question_url(question)


def answer_propose_as_case_check(*, answer: Answer, actor) -> str | None:
    """Why ``actor`` may not propose ``answer`` as a case, or ``None`` if they may.
    Side-effect free: pages call it to decide whether to offer the action."""
    if not list(hooks.get_hooks(CASE_HOOK)):
        return _("No knowledge base takes cases.")
    question = answer.question
    if question.accepted_answer_id != answer.pk:
        return _("Only an accepted answer can be proposed as a case.")
    if actor.pk not in (question.author_id, answer.author_id) and not permissions.is_cohort_staff(
        actor, question.cohort
    ):
        return _("The asker, the answer's author and the cohort's team propose cases.")
    return None


def answer_propose_as_case(*, answer: Answer, actor) -> list:
    """Hand an accepted answer to the knowledge base as a proposed case: every receiver
    of ``guild_answer_proposed_as_case`` (``fn(answer, actor) -> reference``) is called
    in this transaction; logged. Returns the receivers' references. Whether proposing
    twice makes two cases is the receiver's rule."""
    refusal = answer_propose_as_case_check(answer=answer, actor=actor)
    if refusal is not None:
        # Nothing to take it, or not an accepted answer: the request's content is wrong
        # for anyone (400); only who may propose is a permission (403).
        receivers = list(hooks.get_hooks(CASE_HOOK))
        if not receivers or answer.question.accepted_answer_id != answer.pk:
            raise ValidationError({"answer": refusal})
        raise PermissionDenied(refusal)
    with transaction.atomic():
        references = [fn(answer=answer, actor=actor) for fn in hooks.get_hooks(CASE_HOOK)]
        event_log(
            question=answer.question,
            action=QuestionEvent.Action.PROPOSED_AS_CASE,
            actor=actor,
            changes={"answer": answer.pk, "references": [str(r) for r in references]},
        )
    return references

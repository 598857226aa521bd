"""The board's audit log and the links its notifications point to."""

from __future__ import annotations

from cohorts.services.audit import audit_write, cohort_url
from mentors.questions.models import Question, QuestionEvent


def event_log(
    *, action: str, question: Question | None = None, cohort=None, actor=None, changes=None
):
    """One entry in the board's audit log, about a ``question`` or (settings) the
    ``cohort``'s board. Call it in the change's own transaction."""
    return audit_write(
        QuestionEvent,
        cohort_id=question.cohort_id if question is not None else cohort.pk,
        question=question,
        action=action,
        actor=actor,
        changes=changes,
    )


def board_url(cohort) -> str:
    return f"{cohort_url(cohort)}questions/"


def question_url(question: Question) -> str:
    return f"{board_url(question.cohort)}{question.pk}/"

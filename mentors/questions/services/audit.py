"""The board's audit log and the links its notifications point to."""

from __future__ import annotations

from cohorts.services.audit import cohort_url
from mentors.questions.models import Question, QuestionEvent


def event_log(*, question: Question, action: str, actor=None, changes: dict | None = None):
    return QuestionEvent.objects.create(
        cohort_id=question.cohort_id,
        question=question,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        changes=changes or {},
    )


def board_url(cohort) -> str:
    return f"{cohort_url(cohort)}questions/"


def question_url(question: Question) -> str:
    return f"{board_url(question.cohort)}{question.pk}/"

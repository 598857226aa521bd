"""What the Q&A board hands to the cohort health dashboard (``guild_health_metrics``):
questions answered, the median time to a first answer, asking and answering as activity,
accepted answers as what makes a key member, and question tags as topics."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cohorts.health.metrics import (
    UNIT_HOURS,
    UNIT_PERCENT,
    ActivitySource,
    HealthMetric,
    KeyContribution,
    Scope,
    TopicSource,
    median_hours,
    percent,
    top_counts,
)
from mentors.questions.models import Answer, Question


def _questions(scope: Scope):
    return scope.keyed(
        Question.objects.filter(hidden=False), at="created_at", person="author", cohort="cohort_id"
    )


def answered_values(scope: Scope) -> dict:
    """(answered, asked) per key."""
    rows = (
        _questions(scope)
        .values("k")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(first_answer_at__isnull=False)))
    )
    return {row["k"]: (row["answered"], row["asked"]) for row in rows}


def answered_finish(raw, members) -> float | None:
    return percent(*raw) if isinstance(raw, tuple) else None


def first_answer_values(scope: Scope) -> dict:
    """Median hours from asking to the first answer, of the questions answered. The
    durations are read (one query) and the median taken in Python: the same on SQLite
    and PostgreSQL, and exact for an even count."""
    durations = defaultdict(list)
    rows = _questions(scope).filter(first_answer_at__isnull=False)
    for k, asked, answered in rows.values_list("k", "created_at", "first_answer_at"):
        durations[k].append(answered - asked)
    return {k: median_hours(values) for k, values in durations.items()}


def accepted_answer_counts(cohort, start, end, limit) -> list[tuple[int, int]]:
    rows = Answer.objects.filter(
        question__cohort=cohort,
        accepted_for__isnull=False,
        hidden=False,
        created_at__gte=start,
        created_at__lt=end,
    )
    return top_counts(rows, "author_id", limit)


def question_tag_counts(cohort, start, end, limit) -> list[tuple[str, int]]:
    rows = Question.tags.through.objects.filter(
        question__cohort=cohort,
        question__hidden=False,
        question__created_at__gte=start,
        question__created_at__lt=end,
    )
    return top_counts(rows, "questiontag__name", limit)


def health_declarations() -> list:
    return [
        HealthMetric(
            "questions_answered",
            _("Questions answered"),
            UNIT_PERCENT,
            values=answered_values,
            finish=answered_finish,
            empty=None,
            order=50,
            help=_("Questions that have at least one answer, as a share of those asked."),
        ),
        HealthMetric(
            "first_answer_hours",
            _("Time to first answer (median)"),
            UNIT_HOURS,
            values=first_answer_values,
            higher_is_better=False,
            empty=None,
            order=55,
            help=_("Half the answered questions got their first answer faster than this."),
        ),
        ActivitySource(
            "questions",
            lambda: Question.objects.all(),
            person="author",
            at="created_at",
            cohort="cohort_id",
        ),
        ActivitySource(
            "answers",
            lambda: Answer.objects.all(),
            person="author",
            at="created_at",
            cohort="question__cohort_id",
        ),
        KeyContribution(
            "accepted_answers", _("accepted answers"), accepted_answer_counts, order=10
        ),
        TopicSource("question_tags", _("Question tags"), question_tag_counts),
    ]

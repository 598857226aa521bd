"""The Q&A board's line in the weekly digest: questions first answered in the cohort's week,
counted for every cohort in one query."""

import datetime as dt

import pytest
from django.utils import translation

from cohorts.digest.services import digest_sections
from mentors.questions.models import Question
from tests.cohorts.factories import CohortFactory
from tests.learning.factories import EmployeeProfileFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 10, 12, tzinfo=dt.UTC)
WEEK = (MONDAY, MONDAY + dt.timedelta(days=7))


def test_questions_answered_in_the_week_are_counted_once_per_cohort(
    ladder, django_assert_max_num_queries
):
    busy, quiet = CohortFactory(), CohortFactory()
    author = EmployeeProfileFactory().user
    for day, hidden in ((13, False), (14, False), (15, True), (20, False)):
        question = Question.objects.create(cohort=busy, author=author, title="Who signs?")
        Question.objects.filter(pk=question.pk).update(
            first_answer_at=MONDAY + dt.timedelta(days=day - 12), hidden=hidden
        )

    with django_assert_max_num_queries(4):
        lines = digest_sections({busy.pk: WEEK, quiet.pk: WEEK})

    with translation.override("en"):
        texts = [line() for line in lines[busy.pk]]
    assert "2 questions answered" in texts
    assert not any("question" in line() for line in lines.get(quiet.pk, []))

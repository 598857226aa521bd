"""The board's demo: answered, accepted and escalated questions in the intake, once."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from cohorts.demo import NEW_HIRE_SLUG, cohorts_demo_seed
from learning.demo import demo_directory_seed
from mentors.questions import selectors
from mentors.questions.demo import questions_demo_seed
from mentors.questions.models import Question

pytestmark = pytest.mark.django_db


def test_the_demo_has_answered_accepted_and_escalated_questions(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC))
    company = demo_directory_seed(scale=100)
    out = io.StringIO()
    cohorts_demo_seed(company=company, stdout=out)

    questions_demo_seed(company=company, stdout=out)
    questions_demo_seed(company=company, stdout=out)

    board = Question.objects.filter(cohort__slug=NEW_HIRE_SLUG)
    assert board.filter(accepted_answer__isnull=False).exists()
    assert board.filter(answer_count__gt=0, accepted_answer__isnull=True).exists()
    waiting = board.get(first_answer_at__isnull=True)
    assert waiting.escalation_level == Question.Level.HELPERS
    assert waiting.escalations.count() == 1
    assert all(q.created_at < q.first_answer_at for q in board.exclude(first_answer_at=None))
    assert selectors.scorecards(mentor=company.mentor.user)[0].replied >= 3
    assert "already present" in out.getvalue()

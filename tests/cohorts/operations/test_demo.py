"""The operations room's demo: posts, plans and a roster in four languages, one
evaluation assessed and one waiting, once."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from cohorts.demo import NEW_HIRE_SLUG, cohorts_demo_seed
from cohorts.operations.demo import LOCAL, operations_demo_seed
from cohorts.operations.demo_texts import POSTS
from cohorts.operations.models import Evaluation, EvaluationRound, RoomPost, RosterShift
from learning.demo import demo_directory_seed

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_room_in_four_languages_once(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC))
    company = demo_directory_seed(scale=100)
    out = io.StringIO()
    cohorts_demo_seed(company=company, stdout=out)

    operations_demo_seed(company=company, stdout=out)
    operations_demo_seed(company=company, stdout=out)

    for slug, language in [(NEW_HIRE_SLUG, "en"), *LOCAL.items()]:
        title = POSTS[language][2][1]
        assert RoomPost.objects.filter(cohort__slug=slug, title=title).count() == 1, slug
        assert RosterShift.objects.filter(cohort__slug=slug).count() == 7
        assert EvaluationRound.objects.filter(cohort__slug=slug).count() == 2
    earlier, last = EvaluationRound.objects.filter(cohort__slug=NEW_HIRE_SLUG).order_by("end")
    # Everyone's assessed but HR's own record when no other organizer may assess it.
    assert Evaluation.objects.filter(round=earlier, assessed_at=None).count() <= 1
    assert Evaluation.objects.filter(round=earlier).exclude(assessed_at=None).exists()
    assert Evaluation.objects.filter(round=last, assessed_at=None).exists()

"""The guest-session demo: a fortnight of evenings around today, once."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from cohorts.demo import NEW_HIRE_SLUG, cohorts_demo_seed
from cohorts.sessions.demo import sessions_demo_seed
from cohorts.sessions.models import Guest, Session, SessionDispatch, Summary
from learning.demo import demo_directory_seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_tier_a_past_evening_and_an_announced_one(monkeypatch):
    # The intake runs in November and December 2026: seed it as of one of its days.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC))
    company = demo_directory_seed(scale=100)
    out = io.StringIO()
    cohorts_demo_seed(company=company, stdout=out)

    sessions_demo_seed(company=company, stdout=out)
    sessions_demo_seed(company=company, stdout=out)

    intake = Session.objects.filter(cohort__slug=NEW_HIRE_SLUG)
    assert set(Guest.objects.values_list("tier", flat=True)) == set(Guest.Tier.values)
    done = intake.filter(status=Session.Status.DONE)
    assert done.exists()
    summary = Summary.objects.get(status=Summary.Status.PUBLISHED)
    assert summary.session.room_posts.exists()
    assert summary.session.questions.filter(answered_at__isnull=False).exists()
    assert SessionDispatch.objects.filter(kind="announcement").exists()
    assert intake.filter(status=Session.Status.CONFIRMED).exists()
    assert "already present" in out.getvalue()

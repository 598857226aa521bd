"""The recognition demo: kudos in four languages, an announced award, an open one and
greetings, once."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from cohorts.demo import NEW_HIRE_SLUG, cohorts_demo_seed
from cohorts.models import Membership
from cohorts.recognition.demo import LOCAL, recognition_demo_seed
from cohorts.recognition.demo_texts import KUDOS
from cohorts.recognition.models import Award, Kudos, Nomination, Visibility, WelcomePrompt
from learning.demo import demo_directory_seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_kudos_an_announced_award_an_open_one_and_greetings(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC))
    company = demo_directory_seed(scale=100)
    out = io.StringIO()
    cohorts_demo_seed(company=company, stdout=out)

    recognition_demo_seed(company=company, stdout=out)
    recognition_demo_seed(company=company, stdout=out)

    kudos = Kudos.objects.all()
    assert kudos.filter(visibility=Visibility.PUBLIC).exists()
    assert kudos.filter(visibility=Visibility.PRIVATE).exists()
    # Each subsidiary's own cohort with people to thank (at this scale) does so in its
    # language.
    for slug, language in LOCAL.items():
        active = Membership.objects.filter(cohort__slug=slug, status=Membership.Status.ACTIVE)
        if active.count() >= 2:
            first = KUDOS[language][1][0]
            assert kudos.filter(cohort__slug=slug, message=first).exists(), slug
    assert kudos.filter(cohort__slug=NEW_HIRE_SLUG, message=KUDOS["en"][1][0]).exists()
    intake = Award.objects.filter(cohort__slug=NEW_HIRE_SLUG)
    assert intake.filter(closed_at__isnull=False).count() == 1
    assert intake.filter(closed_at__isnull=True).count() == 1
    assert Nomination.objects.filter(winner=True, award__cohort__slug=NEW_HIRE_SLUG).exists()
    assert WelcomePrompt.objects.filter(greeted_at__isnull=False).exists()
    assert WelcomePrompt.objects.filter(greeted_at__isnull=True).exists()
    assert "already present" in out.getvalue()

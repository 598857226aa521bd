"""The retrospectives demo: an ended intake of the head office with its retrospective
published in Chinese, its PDF queued, once."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from cohorts.demo import cohorts_demo_seed
from cohorts.models import Cohort
from cohorts.retrospectives.demo import retrospectives_demo_seed
from cohorts.retrospectives.demo_texts import PAST_COHORT, SUMMARY, WENT_WELL
from cohorts.retrospectives.models import Retrospective
from learning.demo import demo_directory_seed

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_an_ended_cohorts_retrospective_in_its_language(
    monkeypatch, django_capture_on_commit_callbacks
):
    from cohorts.retrospectives import tasks

    queued = []
    monkeypatch.setattr(tasks.retrospective_pdf_render_task, "delay", lambda *a: queued.append(a))
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC))
    company = demo_directory_seed(scale=100)
    out = io.StringIO()
    cohorts_demo_seed(company=company, stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        retrospectives_demo_seed(company=company, stdout=out)
        retrospectives_demo_seed(company=company, stdout=out)

    cohort = Cohort.objects.get(slug=PAST_COHORT["slug"])
    assert cohort.end_date < timezone.now().date()
    retrospective = Retrospective.objects.get()
    assert retrospective.cohort == cohort
    assert retrospective.status == Retrospective.Status.PUBLISHED
    assert retrospective.language == "zh-hans"
    assert retrospective.summary == SUMMARY
    assert retrospective.entries.filter(kind="went_well").first().text == WENT_WELL[0][0]
    assert retrospective.entries.count() == 6
    assert "zh-hans" in {args[2] for args in queued}
    assert "already present" in out.getvalue()

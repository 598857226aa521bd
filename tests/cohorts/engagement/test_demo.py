"""The check-ins demo: weeks of check-ins in four languages with streaks, late and missed
ones, and points from check-ins, penalties and sessions, once."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from cohorts.demo import cohorts_demo_seed
from cohorts.engagement.demo import engagement_demo_seed
from cohorts.engagement.demo_texts import READINGS
from cohorts.engagement.models import Checkin, CheckinNudge, CheckinTask, PointsEntry
from cohorts.engagement.selectors import my_checkins
from cohorts.sessions.demo import sessions_demo_seed
from learning.demo import demo_directory_seed

pytestmark = pytest.mark.django_db


def test_the_demo_tells_weeks_of_check_ins_in_four_languages(monkeypatch):
    now = dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    company = demo_directory_seed(scale=100)
    out = io.StringIO()
    cohorts_demo_seed(company=company, stdout=out)
    sessions_demo_seed(company=company, stdout=out)

    engagement_demo_seed(company=company, stdout=out)
    engagement_demo_seed(company=company, stdout=out)

    shanghai = CheckinTask.objects.get(cohort__slug="shanghai-newcomers-2026-11")
    assert shanghai.title == "每日读书打卡"
    checkins = Checkin.objects.all()
    assert checkins.filter(late=True).exists()
    assert checkins.filter(text__contains="客户").exists()
    assert checkins.filter(text__regex=r"[α-ω]").exists()
    # each writes in their own language, whatever the cohort's
    for checkin in checkins.select_related("person__profile")[:200]:
        language = checkin.person.profile.preferred_language
        if language in READINGS:
            assert checkin.text in {text for _b, _c, text in READINGS[language]}
    rules = set(PointsEntry.objects.values_list("rule", flat=True))
    assert {"checkin_completed", "checkin_missed", "session_attended"} <= rules
    regular = checkins.filter(task=shanghai).order_by("pk").first().person
    rows, _recent = my_checkins(cohort=shanghai.cohort, user=regular, now=now)
    assert rows[0].streak >= 20
    assert CheckinNudge.objects.exists() or "already" in out.getvalue()
    assert "already present" in out.getvalue()

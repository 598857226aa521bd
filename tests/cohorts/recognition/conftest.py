"""Fixtures for recognition (the cohort tests' fixtures apply): a running cohort whose
members accepted its rules, and a clock to hold."""

import datetime as dt

import pytest
from django.utils import timezone

from cohorts.models import Cohort, Membership
from cohorts.recognition.models import Award

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@pytest.fixture
def running(cohort, rules):
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING)
    cohort.refresh_from_db()
    return cohort


@pytest.fixture
def person(running, make_member, rules):
    """``person("helper", helper_duty=…)``: an active member who accepted the rules."""

    def make(role=Membership.Role.NEWCOMER, **kwargs):
        membership = make_member(role, **kwargs)
        Membership.objects.filter(pk=membership.pk).update(rules_accepted_version=rules)
        membership.refresh_from_db()
        return membership.user

    return make


@pytest.fixture
def award_in(running):
    """``award_in("voting")``: an award of the cohort whose clock is in that phase now."""

    def make(phase: str, **fields):
        now = timezone.now()
        starts = {
            "upcoming": now + DAY,
            "nominating": now - HOUR,
            "voting": now - 3 * DAY,
            "counting": now - 6 * DAY,
        }[phase]
        return Award.objects.create(
            cohort=running,
            name=fields.pop("name", "Helping hand of the month"),
            nominations_open_at=starts,
            nominations_close_at=starts + 2 * DAY,
            voting_open_at=starts + 2 * DAY,
            voting_close_at=starts + 4 * DAY,
            **fields,
        )

    return make

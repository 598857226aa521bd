"""Fixtures for check-ins and points (the cohort tests' fixtures apply): a running cohort
on a clock with a daily reading check-in, and a frozen clock to move."""

import datetime as dt

import pytest

from cohorts.engagement.models import CheckinTask
from cohorts.models import Cohort, Membership
from tests.cohorts.factories import CohortFactory, MembershipFactory


class Clock:
    """``timezone.now`` frozen at ``at``; ``clock.set(...)`` moves it."""

    def __init__(self, monkeypatch, at):
        from django.utils import timezone

        self.at = at
        monkeypatch.setattr(timezone, "now", lambda: self.at)

    def set(self, at):
        self.at = at


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, dt.datetime(2026, 10, 20, 6, 0, tzinfo=dt.UTC))


@pytest.fixture
def running_in(db, organizer):
    """``running_in("Europe/Athens")``: a running cohort of October to December 2026 on
    that clock, organized by ``organizer``."""

    def make(zone: str):
        cohort = CohortFactory(
            time_zone=zone,
            start_date=dt.date(2026, 10, 1),
            end_date=dt.date(2026, 12, 18),
            status=Cohort.Status.RUNNING,
        )
        MembershipFactory(cohort=cohort, user=organizer, role=Membership.Role.ORGANIZER)
        return cohort

    return make


@pytest.fixture
def task_in(running_in):
    def make(zone="Europe/Athens", **fields):
        cohort = running_in(zone)
        values = {
            "title": "Daily reading",
            "due_time": dt.time(21, 0),
            "lateness": CheckinTask.Lateness.LATE_WINDOW,
            "late_hours": 2,
            **fields,
        }
        task = CheckinTask.objects.create(cohort=cohort, **values)
        CheckinTask.objects.filter(pk=task.pk).update(
            created_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
        )
        task.refresh_from_db()
        return task

    return make


@pytest.fixture
def newcomer_of():
    def make(task, **fields):
        return MembershipFactory(
            cohort=task.cohort,
            joined_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
            **fields,
        ).user

    return make

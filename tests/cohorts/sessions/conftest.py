"""Fixtures for guest sessions (the cohort tests' fixtures apply): a cohort on a clock."""

import datetime as dt

import pytest

from cohorts.models import Membership
from tests.cohorts.factories import CohortFactory, MembershipFactory


@pytest.fixture
def cohort_in(db, organizer):
    """``cohort_in("Europe/Athens")``: an open cohort of October to December 2026 on that
    clock, run by ``organizer``."""

    def make(zone: str, **fields):
        target = CohortFactory(
            time_zone=zone,
            start_date=dt.date(2026, 10, 1),
            end_date=dt.date(2026, 12, 18),
            **fields,
        )
        MembershipFactory(cohort=target, user=organizer, role=Membership.Role.ORGANIZER)
        return target

    return make


@pytest.fixture
def freezer_now(monkeypatch):
    """The clock at 1 November 2026, before every session the tests make."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 1, tzinfo=dt.UTC))

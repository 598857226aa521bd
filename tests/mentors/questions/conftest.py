"""Fixtures for the Q&A board: the cohort tests' people, a mentor paired with a
newcomer, the operations team's three tiers, and a frozen clock."""

import datetime as dt

import pytest

from cohorts.models import Membership
from mentors.models import Pairing
from tests.cohorts import conftest as cohort_fixtures
from tests.cohorts.factories import SubGroupFactory, SubGroupMembershipFactory
from tests.learning.factories import EmployeeProfileFactory

Role = Membership.Role
# The cohort tests' fixtures, shared (this directory is not under tests/cohorts).
cohort = cohort_fixtures.cohort
make_member = cohort_fixtures.make_member
organizer = cohort_fixtures.organizer
outsider = cohort_fixtures.outsider
rules = cohort_fixtures.rules
T0 = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def newcomer(make_member):
    return make_member(Role.NEWCOMER, full_name="Nina Newcomer").user


@pytest.fixture
def mentor(cohort, newcomer):
    """A veteran from the directory (not a cohort member) paired with ``newcomer``."""
    user = EmployeeProfileFactory(full_name="Mei Mentor").user
    Pairing.objects.create(cohort=cohort, mentor=user, mentee=newcomer)
    return user


@pytest.fixture
def member(make_member):
    return make_member(Role.NEWCOMER, full_name="Mark Member").user


@pytest.fixture
def tiers(make_member):
    """The operations team: a helper on Q&A duty, one on check-ins, planning, core."""
    return {
        "qa_helper": make_member(
            Role.HELPER, helper_duty="Q&A triage", full_name="Hana Helper"
        ).user,
        "checkin_helper": make_member(Role.HELPER, helper_duty="Check-in supervision").user,
        "planner": make_member(Role.PLANNING, full_name="Pavel Planner").user,
        "core": make_member(Role.CORE, full_name="Cora Core").user,
    }


@pytest.fixture
def hidden_group(cohort, newcomer):
    """A hidden sub-group with ``newcomer`` in it."""
    group = SubGroupFactory(cohort=cohort, hidden_from_non_eligible=True, name="Directors")
    SubGroupMembershipFactory(
        subgroup=group, membership=Membership.objects.get(cohort=cohort, user=newcomer)
    )
    return group


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: ``clock.at(T0 + hours(25))``."""
    from django.utils import timezone

    class Clock:
        now = T0

        def at(self, when):
            self.now = when
            return when

    frozen = Clock()
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    return frozen

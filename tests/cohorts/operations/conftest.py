"""Fixtures for the operations room (the cohort tests' fixtures apply): a running cohort
with its team (core, planning, a helper on check-in duty, an organizer) and a newcomer."""

import pytest

from cohorts.models import Cohort, Membership

Role = Membership.Role


@pytest.fixture
def running(cohort, rules):
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING)
    cohort.refresh_from_db()
    return cohort


@pytest.fixture
def team(running, make_member):
    """``team.core``, ``.planning``, ``.helper``, ``.organizer``, ``.newcomer`` (users)."""

    class Team:
        core = make_member(Role.CORE).user
        planning = make_member(Role.PLANNING).user
        helper = make_member(Role.HELPER, helper_duty="check-in supervision").user
        organizer = make_member(Role.ORGANIZER).user
        newcomer = make_member(Role.NEWCOMER).user

    return Team

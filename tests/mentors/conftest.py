"""Fixtures for mentoring tests: the cohort fixtures, veterans and newcomers."""

import datetime

import pytest

from tests.cohorts.conftest import cohort, make_member, organizer, outsider  # noqa: F401
from tests.mentors.factories import MentorProfileFactory


@pytest.fixture
def veteran(db, ladder):
    """Make an opted-in veteran: ``veteran(capacity=2, skills=["crm"], region=...)``."""

    def make(*, profile=None, **fields):
        from tests.learning.factories import EmployeeProfileFactory

        if profile is not None:
            profile = {"hire_date": datetime.date(2018, 3, 1), "level": ladder["senior"], **profile}
            user = EmployeeProfileFactory(**profile).user
            return MentorProfileFactory(user=user, **fields)
        return MentorProfileFactory(**fields)

    return make


@pytest.fixture
def newcomer(make_member):  # noqa: F811
    def make(**profile):
        return make_member("newcomer", **profile).user

    return make

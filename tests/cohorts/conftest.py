"""Fixtures for cohort tests: an organizer, a cohort with published rules, people."""

import pytest
from django.contrib.auth.models import Permission

from cohorts.models import Membership
from tests.cohorts.factories import CohortFactory, MembershipFactory, charter_published
from tests.learning.factories import EmployeeProfileFactory


@pytest.fixture
def organizer(hr_user):
    """Staff HR with the cohort model permissions (an organizer everywhere) who may read
    the directory's private fields, as HR does."""
    hr_user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="cohorts", codename__endswith="cohort"),
        Permission.objects.get(content_type__app_label="learning", codename="view_employeeprofile"),
    )
    return type(hr_user).objects.get(pk=hr_user.pk)


@pytest.fixture
def cohort(db, ladder):
    return CohortFactory()


@pytest.fixture
def rules(cohort, organizer):
    return charter_published(cohort=cohort, owner=organizer, enforcers=[organizer])


@pytest.fixture
def make_member(cohort, ladder):
    """Make an active member with a role: ``make_member("helper", level="director")``."""

    def make(
        role=Membership.Role.NEWCOMER, *, level="associate", target=None, helper_duty="", **profile
    ):
        user = EmployeeProfileFactory(level=ladder[level], **profile).user
        return MembershipFactory(
            cohort=target or cohort, user=user, role=role, helper_duty=helper_duty
        )

    return make


@pytest.fixture
def outsider(db, ladder):
    return EmployeeProfileFactory().user

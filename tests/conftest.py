"""Fixtures shared by the whole suite."""

import pytest

from tests.learning.factories import EmployeeProfileFactory, UserFactory, level_ladder
from tests.worker import celery_worker_env, celery_worker_process  # noqa: F401


@pytest.fixture
def ladder():
    return level_ladder()


@pytest.fixture
def employee(db):
    return EmployeeProfileFactory()


@pytest.fixture
def hr_user(db):
    """An organizer: a Wagtail admin user who is staff but not a superuser."""
    from django.contrib.auth.models import Group, Permission

    user = UserFactory(username="hr", is_staff=True)
    group, _ = Group.objects.get_or_create(name="HR")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    EmployeeProfileFactory(user=user, title="HR business partner")
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)

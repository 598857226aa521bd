"""Fixtures shared by the whole suite."""

import pytest

from tests.learning.factories import EmployeeProfileFactory, UserFactory, level_ladder
from tests.worker import celery_worker_env, celery_worker_process  # noqa: F401


def pytest_sessionfinish(session, exitstatus):
    """Remove this run's SQLite file and cache (see GUILD_TEST_RUN_DIR in the test settings)."""
    import shutil

    from django.conf import settings

    run_dir = getattr(settings, "GUILD_TEST_RUN_DIR", None)
    if run_dir is not None:
        shutil.rmtree(run_dir, ignore_errors=True)


def _database_fixture(request) -> str | None:
    """The pytest-django fixture that gives this test its database, if it has one."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return "transactional_db"
    if request.node.get_closest_marker("django_db"):
        return "_django_db_helper"
    if "db" in request.fixturenames:
        return "db"
    return None


@pytest.fixture(autouse=True)
def _site_tree(request):
    """Make sure Wagtail's page tree and Guild's home page exist.

    Migrations create them, but a ``transaction=True`` test ends by flushing every table,
    which would leave the tests after it without a root page, a locale or a site.
    """
    fixture = _database_fixture(request)
    if fixture is None:
        return
    request.getfixturevalue(fixture)
    from wagtail.models import Locale, Page, Site

    if Site.objects.filter(is_default_site=True).exists():
        return
    from learning.models import HomePage

    locale, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", locale=locale))
    home = root.add_child(instance=HomePage(title="Guild", slug="home", locale=locale))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as each starts with an empty database."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English and the default time zone, whatever the last one did."""
    from django.utils import timezone, translation

    translation.activate("en")
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture
def tight_auth_limits(settings):
    """Throttle limits a test reaches quickly: 3 failures lock an account and 5 an address,
    within 15 minutes, clients connecting directly (see learning/throttle.py)."""
    settings.GUILD_AUTH_THROTTLE_WINDOW_SECONDS = 900
    settings.GUILD_AUTH_FAILURES_PER_ACCOUNT = 3
    settings.GUILD_AUTH_FAILURES_PER_ADDRESS = 5
    settings.GUILD_PROXY_COUNT = 0


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

"""``manage.py seed_demo``: a believable company, its logins, and hooks for other apps."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission

from learning.demo import demo_rows
from learning.models import EmployeeProfile, Subsidiary, User


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_builds_the_company_and_its_logins():
    # when
    out = seed()

    # then: about 200 people across subsidiaries, levels and languages
    assert EmployeeProfile.objects.count() == 200
    assert Subsidiary.objects.count() == 5
    profiles = EmployeeProfile.objects.with_directory()
    assert {p.level.code for p in profiles} == {
        "associate",
        "senior",
        "manager",
        "director",
        "executive",
    }
    assert {p.preferred_language for p in profiles} == {"zh-hans", "ru", "el", "en"}
    assert profiles.filter(hire_date__year=2026, hire_date__month=11).count() >= 10
    top = profiles.filter(manager__isnull=True)
    assert [p.level.code for p in top] == ["executive"]

    # and the logins work with the demo password
    for login in ["hr", "mentor", "newcomer", "director", "admin"]:
        assert authenticate(username=login, password="guild-demo"), login
    hr = User.objects.get(username="hr")
    assert hr.is_staff
    assert hr.has_perm("wagtailadmin.access_admin")
    assert hr.has_perm("learning.add_employeeprofile")
    assert GroupPagePermission.objects.filter(group__name="Organizers").count() == 3
    assert User.objects.get(username="admin").is_superuser
    newcomer = User.objects.get(username="newcomer").profile
    assert newcomer.hire_date == datetime.date(2026, 11, 2)
    mentor = User.objects.get(username="mentor").profile
    assert (mentor.level.code, mentor.department.name) == ("senior", "Sales")
    director = User.objects.get(username="director").profile
    assert (director.level.code, director.department.name) == ("director", "Sales")
    assert "http://127.0.0.1:8000/" in out
    assert "newcomer" in out


@pytest.mark.django_db
def test_seed_demo_if_empty_leaves_an_existing_directory_alone():
    # given
    seed()
    before = dict(EmployeeProfile.objects.values_list("employee_id", "updated_at"))

    # when
    out = seed("--if-empty")

    # then
    assert "nothing to seed" in out
    assert dict(EmployeeProfile.objects.values_list("employee_id", "updated_at")) == before


@pytest.mark.django_db
def test_seeding_twice_changes_nothing_in_the_directory():
    seed()
    before = dict(EmployeeProfile.objects.values_list("employee_id", "updated_at"))

    seed()

    assert dict(EmployeeProfile.objects.values_list("employee_id", "updated_at")) == before
    assert authenticate(username="hr", password="guild-demo")


@pytest.mark.django_db
def test_seed_demo_calls_every_demo_seeder_with_the_company(monkeypatch):
    # given
    received = []
    monkeypatch.setattr(
        "learning.registry.demo_seeders",
        lambda: [lambda *, company, stdout: received.append((company, stdout))],
    )

    # when
    seed()

    # then
    company, _stdout = received[0]
    assert company.mentor.user.username == "mentor"
    assert company.newcomer in company.newcomers
    assert company.mentor in company.veterans
    assert set(company.levels) == {"associate", "senior", "manager", "director", "executive"}
    assert "meridian-athens" in company.subsidiaries


def test_demo_rows_are_deterministic_and_sized_by_scale():
    rows, roles = demo_rows(scale=500)

    assert len(rows) == 500
    assert demo_rows(scale=500) == (rows, roles)
    assert len({row["email"] for row in rows}) == 500


@pytest.mark.django_db
def test_a_too_small_scale_is_refused():
    with pytest.raises(CommandError, match="at least"):
        seed("--scale", "10")

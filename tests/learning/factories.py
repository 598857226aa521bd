"""Factories for the people directory. Other apps' tests build on these."""

import datetime

import factory
from factory.django import DjangoModelFactory

from learning.account_names import account_names_sync
from learning.models import (
    Department,
    EmployeeProfile,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
    User,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@guild.test")
    password = factory.django.Password("correct horse battery staple")


class LevelFactory(DjangoModelFactory):
    class Meta:
        model = Level
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"level-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())
    rank = factory.Sequence(lambda n: 10 + n * 10)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.LazyAttribute(lambda o: o.code.title())


class SubsidiaryFactory(RegionFactory):
    class Meta:
        model = Subsidiary
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"subsidiary-{n}")


class DepartmentFactory(RegionFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"department-{n}")


class ProjectTeamFactory(RegionFactory):
    class Meta:
        model = ProjectTeam
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"team-{n}")


LADDER = [
    ("associate", "Associate", 10),
    ("senior", "Senior", 20),
    ("manager", "Manager", 30),
    ("director", "Director", 40),
    ("executive", "Executive", 50),
]


def level_ladder() -> dict[str, Level]:
    """The standard five-rung ladder, created once and returned by code."""
    return {
        code: Level.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})[0]
        for code, name, rank in LADDER
    }


class EmployeeProfileFactory(DjangoModelFactory):
    class Meta:
        model = EmployeeProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    full_name = factory.Faker("name")
    email = factory.LazyAttribute(lambda o: o.user.email)
    title = "Sales representative"
    level = factory.LazyFunction(lambda: level_ladder()["associate"])
    region = factory.SubFactory(RegionFactory)
    subsidiary = factory.SubFactory(SubsidiaryFactory)
    department = factory.SubFactory(DepartmentFactory)
    project_team = None
    hire_date = factory.LazyFunction(lambda: datetime.date(2026, 11, 2))

    @factory.post_generation
    def account_name(obj, create, extracted, **kwargs):
        # As the import and the admin do: the account shows the person's name.
        if create:
            account_names_sync(profiles=[obj])
            obj.user.first_name, obj.user.last_name = obj.full_name[:150], ""

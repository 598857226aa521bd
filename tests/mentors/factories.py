"""Factories for mentoring tests: veterans with a mentor profile."""

import datetime

import factory
from factory.django import DjangoModelFactory

from mentors.models import MentorProfile
from tests.learning.factories import EmployeeProfileFactory, level_ladder


class MentorProfileFactory(DjangoModelFactory):
    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    user = factory.LazyFunction(
        lambda: (
            EmployeeProfileFactory(
                hire_date=datetime.date(2018, 3, 1), level=level_ladder()["senior"]
            ).user
        )
    )
    opted_in = True
    capacity = 3
    products = factory.LazyFunction(list)
    skills = factory.LazyFunction(list)
    languages = factory.LazyFunction(list)

"""Levels, regions and other reference data read in the viewer's language: a Russian page
says «Старший специалист», not "Senior"."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from learning import demo
from learning.conditions import DirectoryConditions
from learning.models import Level, Region
from tests.learning.factories import EmployeeProfileFactory, RegionFactory, level_ladder

pytestmark = pytest.mark.django_db

SENIOR = {"zh-hans": "资深专员", "ru": "Старший специалист", "el": "Ανώτερος συνεργάτης"}


@pytest.fixture
def senior():
    level = level_ladder()["senior"]
    level.name_translations = SENIOR
    level.save()
    return level


@pytest.mark.parametrize("language", ["zh-hans", "ru", "el"])
def test_a_level_is_named_in_the_active_language(senior, language):
    with translation.override(language):
        assert str(senior) == senior.display_name == SENIOR[language]


def test_without_a_name_in_that_language_the_working_name_shows(senior):
    east = RegionFactory(name="East China", name_translations={"ru": "Восточный Китай"})
    with translation.override("el"):
        assert str(east) == "East China"
    with translation.override("en"):
        assert str(senior) == "Senior"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (["Старший"], "invalid_translations"),
        ({"xx": "Старший"}, "unknown_language"),
        ({"ru": "  "}, "empty_translation"),
        ({"ru": 3}, "empty_translation"),
    ],
)
def test_names_in_other_languages_are_checked(senior, value, problem):
    senior.name_translations = value
    with pytest.raises(ValidationError) as error:
        senior.full_clean()
    assert problem in {e.code for e in error.value.error_dict["name_translations"]}


def test_an_entry_rule_refusal_names_levels_in_the_readers_language(senior, ladder):
    person = EmployeeProfileFactory(level=ladder["associate"])
    with translation.override("ru"):
        failures = DirectoryConditions(min_level=senior).failures(person)
    assert "Старший специалист" in failures[0].message


def test_hr_edits_the_names_in_the_admin(superuser, senior):
    client = Client()
    client.force_login(superuser)
    response = client.post(
        reverse("learning_levels:edit", args=[senior.pk]),
        {"name": "Senior", "name_translations": '{"ru": "Ведущий"}', "code": "senior", "rank": 20},
    )
    assert response.status_code == 302, response.content
    senior.refresh_from_db()
    assert senior.name_translations == {"ru": "Ведущий"}


def test_the_demo_names_its_levels_and_regions_in_each_language():
    level_ladder()
    Region.objects.create(code="east-china", name="East China")
    demo.reference_names_translate()
    with translation.override("ru"):
        assert str(Region.objects.get(code="east-china")) == "Восточный Китай"
    with translation.override("zh-hans"):
        assert str(Level.objects.get(code="senior")) == "资深专员"

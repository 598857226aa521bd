"""Directory conditions: one definition that builds the query and explains a failure."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from learning.conditions import DirectoryConditions
from learning.directory import conditions_private_check
from learning.models import EmployeeProfile
from tests.learning.factories import (
    DepartmentFactory,
    EmployeeProfileFactory,
    RegionFactory,
    SubsidiaryFactory,
    UserFactory,
    level_ladder,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder():
    return level_ladder()


def test_values_by_id_code_and_row_read_the_same(ladder):
    east = RegionFactory(code="east", name="East")
    by_id = DirectoryConditions.from_values({"region": east.pk, "min_level": ladder["manager"].pk})
    by_code = DirectoryConditions.from_values(
        {"regions": ["east"], "min_level": "manager"}, by="code"
    )
    by_row = DirectoryConditions(regions=(east,), min_level=ladder["manager"])

    assert by_id == by_code == by_row


def test_bad_values_are_named_by_field_all_at_once():
    with pytest.raises(ValidationError) as exc:
        DirectoryConditions.from_values(
            {"shoe_size": 42, "regions": [999_999], "hired_after": "soon", "min_level": 2**70}
        )

    errors = exc.value.message_dict
    assert set(errors) == {"filters", "regions", "hired_after", "min_level"}
    assert "shoe_size" in errors["filters"][0]


def test_reversed_ranges_are_refused(ladder):
    with pytest.raises(ValidationError) as exc:
        DirectoryConditions.from_values(
            {
                "min_level": ladder["director"].pk,
                "max_level": ladder["associate"].pk,
                "hired_after": "2026-11-30",
                "hired_before": "2026-11-01",
            }
        )

    assert set(exc.value.message_dict) == {"max_level", "hired_before"}


def test_params_round_trip_through_json(ladder):
    conditions = DirectoryConditions(
        min_level=ladder["manager"],
        regions=(RegionFactory(), RegionFactory()),
        hired_after=datetime.date(2026, 11, 1),
    )

    assert DirectoryConditions.from_values(conditions.as_params()) == conditions


def test_the_query_and_the_explanation_agree_for_everyone(ladder):
    # Given people who differ in each fact the conditions look at
    east, west = RegionFactory(name="East"), RegionFactory(name="West")
    acme = SubsidiaryFactory(name="Acme")
    sales = DepartmentFactory(name="Sales")
    for level in ("associate", "manager", "director"):
        for region in (east, west, None):
            for hired in (datetime.date(2026, 11, 3), datetime.date(2025, 1, 1), None):
                EmployeeProfileFactory(
                    level=ladder[level],
                    region=region,
                    subsidiary=acme if hired else None,
                    department=sales if region is east else None,
                    hire_date=hired,
                )
    conditions = DirectoryConditions(
        min_level=ladder["manager"],
        regions=(east,),
        subsidiaries=(acme,),
        departments=(sales,),
        hired_after=datetime.date(2026, 11, 1),
    )
    # When the query selects and each person is explained
    selected = set(EmployeeProfile.objects.filter(conditions.q()).values_list("pk", flat=True))
    profiles = EmployeeProfile.objects.with_directory()
    # Then exactly the selected people have no failure, and everyone else has a reason
    assert selected
    for profile in profiles:
        failures = conditions.failures(profile)
        assert (profile.pk in selected) == (not failures), profile
        assert all(failure.message for failure in failures)


def test_a_failure_speaks_to_the_person(ladder):
    east = RegionFactory(name="East China")
    profile = EmployeeProfileFactory(level=ladder["associate"], region=None, hire_date=None)
    conditions = DirectoryConditions(
        min_level=ladder["manager"], regions=(east,), hired_before=datetime.date(2026, 1, 1)
    )

    messages = [failure.message for failure in conditions.failures(profile)]

    assert any("East China" in message and "no region" in message for message in messages)
    assert any("hire date" in message for message in messages)
    assert len(messages) == 3


def test_only_hr_may_select_people_by_hire_date():
    window = DirectoryConditions(hired_after=datetime.date(2026, 11, 1))
    colleague = EmployeeProfileFactory().user
    hr = UserFactory(is_superuser=True, is_staff=True)

    with pytest.raises(PermissionDenied):
        conditions_private_check(viewer=colleague, conditions=window)
    conditions_private_check(viewer=hr, conditions=window)
    conditions_private_check(viewer=colleague, conditions=DirectoryConditions())

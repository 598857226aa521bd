"""Entry rules: each condition, its refusal message, the preview and adding by rule."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts import services
from cohorts.models import EntryRule, Membership, MembershipEvent
from learning.conditions import DirectoryConditions
from tests.cohorts.factories import EntryRuleFactory
from tests.learning.factories import (
    DepartmentFactory,
    EmployeeProfileFactory,
    ProjectTeamFactory,
    RegionFactory,
    SubsidiaryFactory,
)

pytestmark = pytest.mark.django_db


def _codes(rule, profile, **kwargs):
    return {
        f.code: f.message
        for f in services.entry_rule_check(rule=rule, profile=profile, **kwargs).failures
    }


def test_min_level_refusal_names_both_levels(cohort, ladder):
    rule = EntryRuleFactory(cohort=cohort, min_level=ladder["director"])
    senior = EmployeeProfileFactory(level=ladder["senior"])

    failures = _codes(rule, senior)

    assert failures == {
        "min_level": "This group is for Director level and above; your level is Senior."
    }
    assert services.entry_rule_check(
        rule=rule, profile=EmployeeProfileFactory(level=ladder["executive"])
    ).ok


def test_max_level_refusal(cohort, ladder):
    rule = EntryRuleFactory(cohort=cohort, max_level=ladder["senior"])

    failures = _codes(rule, EmployeeProfileFactory(level=ladder["manager"]))

    assert (
        failures["max_level"] == "This group is for Senior level and below; your level is Manager."
    )


@pytest.mark.parametrize(
    ("field", "factory", "profile_field", "code"),
    [
        ("regions", RegionFactory, "region", "region"),
        ("subsidiaries", SubsidiaryFactory, "subsidiary", "subsidiary"),
        ("departments", DepartmentFactory, "department", "department"),
        ("project_teams", ProjectTeamFactory, "project_team", "project_team"),
    ],
)
def test_org_unit_lists_refuse_people_outside_them(cohort, field, factory, profile_field, code):
    allowed = factory(name=f"Allowed {code}")
    rule = EntryRuleFactory(cohort=cohort)
    getattr(rule, field).set([allowed])
    inside = EmployeeProfileFactory(**{profile_field: allowed})
    elsewhere = EmployeeProfileFactory(**{profile_field: factory(name=f"Other {code}")})
    missing = EmployeeProfileFactory(**{profile_field: None})

    assert services.entry_rule_check(rule=rule, profile=inside).ok
    assert f"Allowed {code}" in _codes(rule, elsewhere)[code]
    assert f"Other {code}" in _codes(rule, elsewhere)[code]
    assert (
        "on record" in _codes(rule, missing).get(code, "")
        or "not in a project team" in _codes(rule, missing)[code]
    )


def test_hire_window_refusals_give_dates(cohort):
    rule = EntryRuleFactory(
        cohort=cohort,
        hired_after=datetime.date(2026, 11, 1),
        hired_before=datetime.date(2026, 11, 30),
    )
    early = EmployeeProfileFactory(hire_date=datetime.date(2026, 10, 20))
    late = EmployeeProfileFactory(hire_date=datetime.date(2026, 12, 1))
    unknown = EmployeeProfileFactory(hire_date=None)

    assert set(_codes(rule, early)) == {"hired_after"}
    assert "hired on or after" in _codes(rule, early)["hired_after"]
    assert set(_codes(rule, late)) == {"hired_before"}
    assert set(_codes(rule, unknown)) == {"hire_date"}
    assert services.entry_rule_check(rule=rule, profile=EmployeeProfileFactory()).ok


def test_invitation_only_is_lifted_by_an_invitation(cohort):
    rule = EntryRuleFactory(cohort=cohort, invitation_only=True)
    person = EmployeeProfileFactory()

    assert _codes(rule, person) == {"invitation_only": "This group is by invitation only."}
    assert services.entry_rule_check(rule=rule, profile=person, invited=True).ok


def test_every_failed_condition_is_listed(cohort, ladder):
    region = RegionFactory(name="East")
    rule = EntryRuleFactory(
        cohort=cohort,
        min_level=ladder["director"],
        invitation_only=True,
        hired_after=datetime.date(2027, 1, 1),
    )
    rule.regions.set([region])

    failures = _codes(rule, EmployeeProfileFactory(level=ladder["associate"]))

    assert set(failures) == {"min_level", "region", "hired_after", "invitation_only"}


def test_no_profile_is_refused_clearly(cohort):
    rule = EntryRuleFactory(cohort=cohort)

    assert _codes(rule, None) == {"no_profile": "You are not in the company directory yet."}


def test_joining_checks_the_rule_on_the_server_and_saves_nothing(cohort, ladder):
    EntryRuleFactory(cohort=cohort, min_level=ladder["director"])
    senior = EmployeeProfileFactory(level=ladder["senior"]).user

    with pytest.raises(ValidationError) as exc:
        services.membership_request(cohort=cohort, user=senior)

    assert exc.value.message_dict["entry_rule"] == [
        "This group is for Director level and above; your level is Senior."
    ]
    assert not Membership.objects.filter(cohort=cohort, user=senior).exists()


def test_preview_lists_who_qualifies_in_fixed_queries(
    cohort, ladder, django_assert_max_num_queries
):
    east = RegionFactory(name="East")
    rule = EntryRuleFactory(cohort=cohort, min_level=ladder["manager"])
    rule.regions.set([east])
    fits = EmployeeProfileFactory(level=ladder["director"], region=east)
    EmployeeProfileFactory(level=ladder["associate"], region=east)
    EmployeeProfileFactory(level=ladder["director"])
    rule = EntryRule.objects.get(pk=rule.pk)

    with django_assert_max_num_queries(6):
        qualified = list(services.entry_rule_preview(rule=rule))

    assert qualified == [fits]


def test_add_by_rule_adds_november_hires_in_the_east_once(cohort, organizer):
    east = RegionFactory(name="East")
    november = [
        EmployeeProfileFactory(region=east, hire_date=datetime.date(2026, 11, d)) for d in (3, 17)
    ]
    EmployeeProfileFactory(region=east, hire_date=datetime.date(2026, 10, 30))
    EmployeeProfileFactory(hire_date=datetime.date(2026, 11, 5))
    conditions = DirectoryConditions.from_values(
        {"region": east.pk, "hired_after": "2026-11-01", "hired_before": "2026-11-30"}
    )

    added = services.memberships_add_by_rule(cohort=cohort, conditions=conditions, actor=organizer)
    again = services.memberships_add_by_rule(cohort=cohort, conditions=conditions, actor=organizer)

    assert {m.user_id for m in added} == {p.user_id for p in november}
    assert again == []
    assert MembershipEvent.objects.filter(cohort=cohort, action="added_by_rule").count() == 2


def test_add_by_rule_refuses_bad_filters_and_strangers(cohort, organizer, outsider):
    with pytest.raises(ValidationError) as exc:
        DirectoryConditions.from_values({"shoe_size": 42})
    assert "shoe_size" in exc.value.message_dict["filters"][0]
    with pytest.raises(ValidationError) as exc:
        DirectoryConditions.from_values({"hired_after": "soon"})
    assert "hired_after" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.memberships_add_by_rule(
            cohort=cohort, conditions=DirectoryConditions(), actor=organizer
        )
    assert "filters" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.memberships_add_by_rule(
            cohort=cohort,
            conditions=DirectoryConditions(hired_after=datetime.date(2026, 1, 1)),
            actor=outsider,
        )
    assert not cohort.memberships.exists()


def test_add_by_rule_refuses_to_overfill(cohort, organizer):
    cohort.capacity = 1
    cohort.save()
    EmployeeProfileFactory.create_batch(2, hire_date=datetime.date(2026, 11, 9))

    with pytest.raises(ValidationError) as exc:
        services.memberships_add_by_rule(
            cohort=cohort,
            conditions=DirectoryConditions(
                hired_after=datetime.date(2026, 11, 9), hired_before=datetime.date(2026, 11, 9)
            ),
            actor=organizer,
        )

    assert "full" in exc.value.message_dict["capacity"][0]
    assert not cohort.memberships.exists()

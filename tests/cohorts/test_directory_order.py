"""The members directory sorts on a copy of each member's name kept on the membership."""

import pytest

from cohorts import services
from cohorts.models import Membership
from learning.account_names import account_names_sync
from learning.conditions import DirectoryConditions
from tests.cohorts.factories import CohortFactory, MembershipFactory
from tests.learning.factories import EmployeeProfileFactory

pytestmark = pytest.mark.django_db


def test_a_new_membership_is_listed_under_its_persons_name(make_member):
    membership = make_member(full_name="Zoë Papadopoulou")

    membership.refresh_from_db()
    assert membership.sort_name == "Zoë Papadopoulou"


def test_a_renamed_person_moves_in_every_cohort_they_are_in(make_member):
    first = make_member(full_name="Anna Ivanova")
    second = MembershipFactory(cohort=CohortFactory(), user=first.user)
    namesake = make_member(full_name="Anna Ivanova")
    profile = first.user.profile
    profile.full_name = "Yana Ivanova"
    profile.save()

    changed = account_names_sync(profiles=[profile])

    assert changed == 1
    names = dict(Membership.objects.values_list("pk", "sort_name"))
    assert (names[first.pk], names[second.pk]) == ("Yana Ivanova", "Yana Ivanova")
    assert names[namesake.pk] == "Anna Ivanova"


def test_a_rename_touches_memberships_in_one_update(make_member, django_assert_num_queries):
    members = [make_member(full_name=f"Person {i}") for i in range(3)]
    profiles = [m.user.profile for m in members]
    for profile in profiles:
        profile.full_name = profile.full_name.replace("Person", "Member")

    # the users read, their names written, every membership written
    with django_assert_num_queries(3):
        account_names_sync(profiles=profiles)

    names = set(Membership.objects.values_list("sort_name", flat=True))
    assert names == {"Member 0", "Member 1", "Member 2"}


def test_people_added_by_rule_are_listed_under_their_names(cohort, organizer, ladder):
    EmployeeProfileFactory(full_name="Eleni Georgiou", level=ladder["director"])

    added = services.memberships_add_by_rule(
        actor=organizer,
        conditions=DirectoryConditions(levels=(ladder["director"],)),
        cohort=cohort,
    )

    assert [m.sort_name for m in Membership.objects.filter(pk__in=[m.pk for m in added])] == [
        "Eleni Georgiou"
    ]

"""The one rule for private directory details, tested on its own."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from learning.directory import private_details_visible, viewer_is_hr
from tests.learning.factories import EmployeeProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    ceo = EmployeeProfileFactory()
    vp = EmployeeProfileFactory(manager=ceo)
    lead = EmployeeProfileFactory(manager=vp)
    engineer = EmployeeProfileFactory(manager=lead)
    outsider = EmployeeProfileFactory()
    return {"ceo": ceo, "vp": vp, "lead": lead, "engineer": engineer, "outsider": outsider}


def visible_names(org, viewer) -> set[str]:
    ids = private_details_visible(viewer=viewer, profiles=org.values())
    return {name for name, profile in org.items() if profile.pk in ids}


def test_a_person_sees_their_own(org):
    assert visible_names(org, org["engineer"].user) == {"engineer"}


def test_a_manager_sees_down_the_whole_chain(org):
    assert visible_names(org, org["vp"].user) == {"vp", "lead", "engineer"}
    assert visible_names(org, org["ceo"].user) == {"ceo", "vp", "lead", "engineer"}


def test_nobody_sees_upwards_or_sideways(org):
    assert visible_names(org, org["lead"].user) == {"lead", "engineer"}
    assert visible_names(org, org["outsider"].user) == {"outsider"}


def test_hr_sees_everyone(org):
    hr = UserFactory(is_staff=True)
    hr.user_permissions.add(Permission.objects.get(codename="view_employeeprofile"))
    assert viewer_is_hr(hr)
    assert visible_names(org, hr) == set(org)


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(is_staff=True),  # staff, but not allowed to view profiles
        lambda: UserFactory(),  # no profile at all
        AnonymousUser,
    ],
)
def test_others_see_nothing(org, make_user):
    user = make_user()
    assert not viewer_is_hr(user)
    assert visible_names(org, user) == set()


def test_an_inactive_superuser_is_not_hr():
    assert not viewer_is_hr(UserFactory(is_superuser=True, is_active=False))


def test_a_loop_in_the_chain_does_not_hang():
    # given bad data: two people who manage each other, below nobody the viewer manages
    a = EmployeeProfileFactory()
    b = EmployeeProfileFactory(manager=a)
    a.manager = b
    a.save()
    viewer = EmployeeProfileFactory()
    EmployeeProfileFactory(manager=viewer)
    # then the climb stops and reveals nothing
    assert private_details_visible(viewer=viewer.user, profiles=[a, b]) == set()

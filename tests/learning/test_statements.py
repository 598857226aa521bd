"""Reads compiled once (``learning.statements``): the rows of a call are the rows its
queryset would give, each call with its own values, and a build that breaks the contract
is refused on its first call, by name."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat, Now
from django.test.utils import CaptureQueriesContext

from learning.models import EmployeeProfile, User
from learning.statements import prepared
from tests.learning.factories import EmployeeProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@prepared
def _profile_of(*, user: int):
    return (
        EmployeeProfile.objects.select_related("user", "region")
        .filter(user_id=user, user__date_joined__lte=Now())
        .annotate(tag=Concat("full_name", Value("!")))[:1]
    )


@prepared
def _names(staff_only: bool, *, team: str, above: int):
    people = User.objects.filter(pk__gt=above, last_name=team)
    if staff_only:
        people = people.filter(is_staff=True)
    return people.order_by("pk").values_list("username", flat=True)


def test_each_call_reads_its_own_values_with_related_rows_and_annotations():
    ada, bo = EmployeeProfileFactory(full_name="Ada"), EmployeeProfileFactory(full_name="Bo")
    first, second = _profile_of.first(user=ada.user_id), _profile_of.first(user=bo.user_id)
    assert (first.pk, first.user.username, first.tag) == (ada.pk, ada.user.username, "Ada!")
    assert (second.pk, second.tag) == (bo.pk, "Bo!")
    assert first.region == ada.region
    assert _profile_of.first(user=-5) is None


def test_shape_steers_the_build_and_values_fill_it():
    (
        UserFactory(username="kim-a", last_name="Kim"),
        UserFactory(username="kim-b", last_name="Kim", is_staff=True),
    )
    UserFactory(username="lee", last_name="Lee")
    assert list(_names(False, team="Kim", above=0)) == ["kim-a", "kim-b"]
    assert list(_names(True, team="Kim", above=0)) == ["kim-b"]
    assert list(_names(False, team="Lee", above=0)) == ["lee"]


def test_a_call_after_the_first_is_one_query_and_compiles_nothing(django_assert_num_queries):
    profile = EmployeeProfileFactory()
    _profile_of.first(user=profile.user_id)
    with CaptureQueriesContext(connection) as context:
        assert _profile_of.first(user=profile.user_id).pk == profile.pk
    assert len(context.captured_queries) == 1
    assert str(profile.user_id) in context.captured_queries[0]["sql"]


def test_a_call_cannot_be_refined_into_a_question_about_the_stand_ins():
    rows = _names(False, team="x", above=0)
    for refine in (lambda: rows.filter(pk=1), rows.count, rows.first, lambda: rows[:1]):
        with pytest.raises(TypeError):
            refine()


def test_values_must_be_ints_or_strings():
    with pytest.raises(TypeError, match="'above'"):
        list(_names(False, team="x", above=None))


@pytest.mark.parametrize(
    ("build", "fault"),
    [
        # A value used to branch: the SQL differs between the two stand-ins.
        (
            lambda *, n: User.objects.filter(pk=1) if n > -1_946_100_000 else User.objects.all(),
            "depends",
        ),
        # A value as LIMIT: in the SQL itself.
        (lambda *, n: User.objects.order_by("pk")[:-n], "depends"),
        # A value changed before it reaches the SQL.
        (lambda *, name: User.objects.filter(username__icontains=name), "changed"),
        # A value that reaches no SQL.
        (lambda *, n: User.objects.filter(Q(pk=1)), "reach no SQL"),
    ],
)
def test_a_build_that_breaks_the_contract_is_refused_by_name(build, fault):
    read = prepared(build)
    value = {"n": 3} if "n" in build.__code__.co_varnames else {"name": "ada"}
    with pytest.raises(ImproperlyConfigured, match=fault):
        list(read(**value))


def test_prefetch_and_counts_in_the_build_come_back():
    profile = EmployeeProfileFactory()

    @prepared
    def users(*, user: int):
        return User.objects.filter(pk=user).annotate(n=Count("groups")).prefetch_related("groups")

    (row,) = users(user=profile.user_id)
    assert row.n == 0
    assert list(row.groups.all()) == []

"""Rules that live in the services, called directly and over the API: the holes a
permission sweep found (issue 6) and the guarantees each service makes (issue 7)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts import services
from cohorts.models import Cohort, Membership, Post, Report
from learning.conditions import DirectoryConditions
from tests.cohorts.factories import (
    CohortFactory,
    EntryRuleFactory,
    PostFactory,
    SubGroupFactory,
    charter_published,
)
from tests.learning.factories import EmployeeProfileFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role
API = "/api/v1"


@pytest.fixture
def organizer_membership(cohort, make_member):
    """A member who organizes this cohort (not HR staff)."""
    return make_member(Role.ORGANIZER)


def _report(cohort, *, reporter, target):
    return services.report_create(
        cohort=cohort, reporter=reporter, target_member=target, reason="Rude in the group."
    )


# --- Moderation obeys the removal rules ---------------------------------------------------


@pytest.mark.parametrize("who", ["enforcer", "core"])
def test_moderation_cannot_remove_or_mute_an_organizer(
    cohort, rules, make_member, organizer_membership, who
):
    # Given an enforcer of the rules (or a core member) and a report against the organizer
    actor = make_member(Role.CORE if who == "core" else Role.HELPER, helper_duty="Moderation")
    if who == "enforcer":
        rules.enforcers.add(actor.user)
    report = _report(cohort, reporter=make_member().user, target=organizer_membership)
    # When they decide it with "remove" or "mute"
    for outcome, extra in [
        ("remove", {}),
        ("mute", {"mute_until": datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)}),
    ]:
        with pytest.raises(PermissionDenied):
            services.report_decide(report=report, actor=actor.user, outcome=outcome, **extra)
    # Then the organizer is still in, unmuted, and the report still open
    organizer_membership.refresh_from_db()
    assert organizer_membership.status == Membership.Status.ACTIVE
    assert organizer_membership.muted_until is None
    assert Report.objects.get(pk=report.pk).status == Report.Status.OPEN


def test_an_enforcer_cannot_remove_the_operations_team_but_removes_a_member(
    cohort, rules, make_member
):
    enforcer = make_member(Role.HELPER, helper_duty="Moderation").user
    rules.enforcers.add(enforcer)
    planner, newcomer = make_member(Role.PLANNING), make_member()
    reporter = make_member().user

    with pytest.raises(PermissionDenied):
        services.report_decide(
            report=_report(cohort, reporter=reporter, target=planner),
            actor=enforcer,
            outcome="remove",
        )
    services.report_decide(
        report=_report(cohort, reporter=reporter, target=newcomer), actor=enforcer, outcome="remove"
    )

    assert Membership.objects.get(pk=planner.pk).status == Membership.Status.ACTIVE
    assert Membership.objects.get(pk=newcomer.pk).status == Membership.Status.REMOVED


def test_an_organizer_may_remove_an_organizer_by_moderation(
    cohort, rules, organizer, organizer_membership, make_member
):
    report = _report(cohort, reporter=make_member().user, target=organizer_membership)

    services.report_decide(report=report, actor=organizer, outcome="remove")

    assert Membership.objects.get(pk=organizer_membership.pk).status == Membership.Status.REMOVED


def test_removal_and_moderation_answer_alike(cohort, rules, make_member, organizer_membership):
    core = make_member(Role.CORE).user
    with pytest.raises(PermissionDenied) as direct:
        services.membership_remove(membership=organizer_membership, actor=core)
    with pytest.raises(PermissionDenied) as moderated:
        services.membership_remove_check(
            membership=organizer_membership, actor=core, moderating=True
        )
    assert str(direct.value) == str(moderated.value)


# --- Reports ------------------------------------------------------------------------------


def test_a_member_cannot_report_themselves(cohort, make_member):
    me = make_member()
    own_post = PostFactory(cohort=cohort, author=me.user)

    for target in ({"target_member": me}, {"target_post": own_post}):
        with pytest.raises(ValidationError) as exc:
            services.report_create(cohort=cohort, reporter=me.user, reason="Me!", **target)
        assert "target_member" in exc.value.message_dict
    assert not Report.objects.exists()


def test_a_post_the_reporter_cannot_see_is_answered_as_missing(cohort, organizer, make_member):
    # Given a hidden sub-group's post, a post from another cohort and a hidden post
    member = make_member()
    directors = SubGroupFactory(cohort=cohort, hidden_from_non_eligible=True)
    secret = PostFactory(cohort=cohort, subgroup=directors, author=organizer)
    elsewhere = PostFactory(cohort=CohortFactory(), author=organizer)
    hidden = PostFactory(cohort=cohort, author=make_member().user, hidden=True)
    # When the member reports each, the answer is the same as for a post that is not there
    messages = set()
    for post in (secret, elsewhere, hidden):
        with pytest.raises(ValidationError) as exc:
            services.report_create(
                cohort=cohort, reporter=member.user, target_post=post, reason="x"
            )
        messages.add(tuple(exc.value.message_dict["target_post"]))
    # Then nothing was saved and nothing tells the posts apart
    assert len(messages) == 1
    assert not Report.objects.exists()


def test_a_person_who_left_cannot_be_reported_but_their_post_can(cohort, make_member):
    reporter = make_member().user
    gone = make_member()
    post = PostFactory(cohort=cohort, author=gone.user)
    Membership.objects.filter(pk=gone.pk).update(status=Membership.Status.LEFT)
    gone.refresh_from_db()

    with pytest.raises(ValidationError):
        services.report_create(cohort=cohort, reporter=reporter, target_member=gone, reason="x")
    assert services.report_create(cohort=cohort, reporter=reporter, target_post=post, reason="x")


def test_over_the_api_self_and_hidden_reports_are_refused(client, cohort, organizer, make_member):
    me = make_member()
    directors = SubGroupFactory(cohort=cohort, hidden_from_non_eligible=True)
    secret = PostFactory(cohort=cohort, subgroup=directors, author=organizer)
    client.force_login(me.user)
    url = f"{API}/cohorts/{cohort.slug}/reports"

    myself = client.post(
        url, {"target_membership_id": me.pk, "reason": "x"}, content_type="application/json"
    )
    hidden = client.post(
        url, {"target_post_id": secret.pk, "reason": "x"}, content_type="application/json"
    )
    missing = client.post(
        url, {"target_post_id": secret.pk + 1000, "reason": "x"}, content_type="application/json"
    )

    assert myself.status_code == 400
    assert "target_membership_id" in myself.json()["error"]["fields"]
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["error"]["fields"] == missing.json()["error"]["fields"]
    assert not Report.objects.exists()


# --- Posting needs the rules in force accepted --------------------------------------------


def test_a_member_who_has_not_accepted_new_rules_cannot_post(
    client, cohort, organizer, make_member
):
    # Given a member who accepted version 1, then version 2 is published
    first = charter_published(cohort=cohort, owner=organizer)
    member = make_member()
    services.charter_accept(user=member.user, cohort=cohort, version_number=first.number)
    second = charter_published(cohort=cohort, owner=organizer, body="No adverts.")
    # When they post, in the service or over the API
    with pytest.raises(PermissionDenied):
        services.post_create(cohort=cohort, author=member.user, body="Hello")
    client.force_login(member.user)
    response = client.post(
        f"{API}/cohorts/{cohort.slug}/posts", {"body": "Hello"}, content_type="application/json"
    )
    # Then both refuse, nothing is posted, and accepting lets them post
    assert response.status_code == 403
    assert not Post.objects.exists()
    services.charter_accept(user=member.user, cohort=cohort, version_number=second.number)
    assert services.post_create(cohort=cohort, author=member.user, body="Hello").pk


def test_a_sub_group_post_needs_the_sub_group_rules_accepted(cohort, organizer, make_member):
    from tests.cohorts.factories import SubGroupMembershipFactory

    east = SubGroupFactory(cohort=cohort)
    member = make_member()
    SubGroupMembershipFactory(subgroup=east, membership=member)
    charter_published(subgroup=east, owner=organizer)

    with pytest.raises(PermissionDenied):
        services.post_create(cohort=cohort, author=member.user, body="Hi", subgroup=east)


def test_a_post_names_a_sub_group_of_its_own_cohort(cohort, make_member):
    other = SubGroupFactory(cohort=CohortFactory())

    with pytest.raises(ValidationError) as exc:
        services.post_create(cohort=cohort, author=make_member().user, body="Hi", subgroup=other)

    assert "subgroup" in exc.value.message_dict


# --- The joining gate ---------------------------------------------------------------------


def test_the_join_check_explains_and_the_service_enforces_the_same(cohort, rules, ladder):
    # Given a full cohort with a directors-only rule and an associate who wants in
    cohort.capacity = 0
    cohort.status = Cohort.Status.OPEN
    cohort.save()
    EntryRuleFactory(cohort=cohort, min_level=ladder["director"])
    user = EmployeeProfileFactory(level=ladder["associate"]).user
    # When the page asks the check, and then the person tries anyway
    check = services.membership_request_check(cohort=cohort, user=user)
    with pytest.raises(ValidationError) as exc:
        services.membership_request(cohort=cohort, user=user, accept_rules_version=rules.number)
    # Then the check wrote nothing and named every reason; the service raised the first
    assert not Membership.objects.filter(user=user).exists()
    assert not check.can_join
    assert any("director" in message.lower() for message in check.entry.messages)
    assert any("full" in message for message in check.messages)
    assert "entry_rule" in exc.value.message_dict


def test_accepting_the_rules_is_the_only_thing_left_on_the_form(cohort, rules, outsider):
    cohort.status = Cohort.Status.OPEN
    cohort.save()

    check = services.membership_request_check(cohort=cohort, user=outsider)

    assert check.can_join
    assert not check.ok
    assert check.refusals[0].on_form


def test_a_hidden_sub_group_check_does_not_confirm_it_exists(cohort, make_member, ladder):
    hidden = SubGroupFactory(cohort=cohort, hidden_from_non_eligible=True)
    EntryRuleFactory(subgroup=hidden, min_level=ladder["director"])
    member = make_member()

    check = services.subgroup_membership_request_check(subgroup=hidden, user=member.user)

    assert isinstance(check.refusals[0].error, hidden.DoesNotExist)


# --- Hire dates are private in every selection --------------------------------------------


def test_a_non_hr_organizer_cannot_select_people_by_hire_date(
    cohort, make_member, organizer_membership
):
    actor = organizer_membership.user
    window = DirectoryConditions(hired_after=datetime.date(2026, 11, 1))

    with pytest.raises(PermissionDenied):
        services.memberships_add_by_rule_preview(cohort=cohort, conditions=window, actor=actor)
    with pytest.raises(PermissionDenied):
        services.memberships_add_by_rule(cohort=cohort, conditions=window, actor=actor)
    with pytest.raises(PermissionDenied):
        services.entry_rule_set(cohort=cohort, actor=actor, hired_after=datetime.date(2026, 11, 1))


def test_a_non_hr_organizer_may_change_the_rest_of_a_rule_hr_dated(
    cohort, organizer, organizer_membership
):
    services.entry_rule_set(cohort=cohort, actor=organizer, hired_after=datetime.date(2026, 1, 1))

    rule = services.entry_rule_set(
        cohort=cohort,
        actor=organizer_membership.user,
        hired_after=datetime.date(2026, 1, 1),
        approval_required=True,
    )

    assert rule.approval_required


def test_nobody_decides_a_report_about_themselves(cohort, rules, make_member):
    # Given an enforcer who is themselves reported
    enforcer = make_member(Role.HELPER, helper_duty="Moderation")
    rules.enforcers.add(enforcer.user)
    report = _report(cohort, reporter=make_member().user, target=enforcer)
    # When they try to dismiss it, it stays open and is not in their queue
    with pytest.raises(PermissionDenied):
        services.report_decide(report=report, actor=enforcer.user, outcome="dismiss")
    from cohorts import queue

    assert Report.objects.get(pk=report.pk).status == Report.Status.OPEN
    assert not queue.reports_waiting_for(enforcer.user).exists()


def test_a_sub_group_preview_is_for_organizers(cohort, make_member):
    with pytest.raises(PermissionDenied):
        services.subgroups_preview(cohort=cohort, dimension="level", actor=make_member().user)

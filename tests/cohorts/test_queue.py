"""Loops that reach a person: whoever a request or a report waits on is told, and finds
it in their queue, one tap from deciding it."""

import pytest
from django.urls import reverse

from cohorts import queue, selectors, services
from cohorts.models import EntryRule, Membership, Report
from learning.conditions import DirectoryConditions
from learning.notifications.models import Notification
from tests.cohorts.factories import (
    EntryRuleFactory,
    PostFactory,
    SubGroupFactory,
)
from tests.learning.factories import EmployeeProfileFactory, RegionFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role
API = "/api/v1"


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def approval_cohort(cohort, rules):
    EntryRuleFactory(cohort=cohort, approval_required=True)
    return cohort


# --- Who is told ----------------------------------------------------------------------------


def test_a_request_tells_the_organizers_who_approve_it(approval_cohort, make_member, outsider):
    organizer = make_member(Role.ORGANIZER).user
    core = make_member(Role.CORE).user

    services.membership_request(cohort=approval_cohort, user=outsider, accept_rules_version=1)

    assert _kinds(organizer) == ["cohort.request_waiting"]
    assert _kinds(core) == []
    notice = Notification.objects.get(recipient=organizer)
    assert outsider.profile.full_name in notice.title
    assert notice.url == reverse("cohorts:queue")


def test_a_named_approver_is_told(cohort, rules, make_member, outsider):
    approver = make_member(Role.HELPER, helper_duty="Admissions").user
    EntryRuleFactory(
        cohort=cohort,
        approval_required=True,
        approver=EntryRule.Approver.PERSON,
        approver_user=approver,
    )

    services.membership_request(cohort=cohort, user=outsider, accept_rules_version=1)

    assert _kinds(approver) == ["cohort.request_waiting"]


def test_an_empty_approver_role_falls_back_to_hr_and_is_flagged(cohort, rules, organizer, outsider):
    # Given a rule that names the core team, and no core team
    EntryRuleFactory(cohort=cohort, approval_required=True, approver=EntryRule.Approver.CORE)
    # When someone asks to join
    services.membership_request(cohort=cohort, user=outsider, accept_rules_version=1)
    # Then HR hears of it, and the cohort's health says why
    assert _kinds(organizer) == ["cohort.request_waiting"]
    warnings = selectors.cohort_health_warnings(cohort)
    assert any("nobody holds that role" in warning for warning in warnings)


def test_a_report_tells_the_enforcers_not_the_people_it_is_about(
    cohort, rules, make_member, organizer
):
    enforcer = make_member(Role.HELPER, helper_duty="Moderation").user
    rules.enforcers.add(enforcer)
    reporter, offender = make_member(), make_member()

    services.report_create(
        cohort=cohort, reporter=reporter.user, target_member=offender, reason="Spam"
    )

    assert _kinds(enforcer) == ["cohort.report_filed"]
    assert "cohort.report_filed" not in _kinds(reporter.user) + _kinds(offender.user)


def test_people_added_by_rule_are_told_once(cohort, organizer):
    east = RegionFactory()
    people = EmployeeProfileFactory.create_batch(3, region=east)
    conditions = DirectoryConditions(regions=(east,))

    services.memberships_add_by_rule(cohort=cohort, conditions=conditions, actor=organizer)
    services.memberships_add_by_rule(cohort=cohort, conditions=conditions, actor=organizer)

    for profile in people:
        assert _kinds(profile.user) == ["cohort.added"]


# --- The queue --------------------------------------------------------------------------------


def test_the_queue_holds_what_i_decide_and_nothing_else(approval_cohort, make_member, outsider):
    organizer = make_member(Role.ORGANIZER).user
    newcomer = make_member().user
    services.membership_request(cohort=approval_cohort, user=outsider, accept_rules_version=1)
    offender = make_member()
    services.report_create(
        cohort=approval_cohort, reporter=newcomer, target_member=offender, reason="Rude"
    )

    assert [m.user for m in queue.requests_waiting_for(organizer)] == [outsider]
    assert queue.reports_waiting_for(organizer).count() == 1
    assert queue.queue_counts(organizer).total == 2
    assert queue.queue_counts(newcomer).total == 0
    assert not queue.requests_waiting_for(newcomer).exists()


def test_one_tap_approves_from_the_member_site(client, approval_cohort, make_member, outsider):
    organizer = make_member(Role.ORGANIZER).user
    request = services.membership_request(
        cohort=approval_cohort, user=outsider, accept_rules_version=1
    )
    client.force_login(organizer)

    page = client.get(reverse("cohorts:queue"))
    decided = client.post(
        reverse("cohorts:queue_request_decide", args=[request.pk]), {"decision": "approve"}
    )

    assert page.status_code == 200
    assert outsider.profile.full_name in page.text
    assert outsider.username not in page.text
    assert decided.status_code == 302
    assert Membership.objects.get(pk=request.pk).status == Membership.Status.ACTIVE


def test_someone_else_cannot_decide_from_the_queue(client, approval_cohort, make_member, outsider):
    request = services.membership_request(
        cohort=approval_cohort, user=outsider, accept_rules_version=1
    )
    client.force_login(make_member().user)

    response = client.post(
        reverse("cohorts:queue_request_decide", args=[request.pk]), {"decision": "approve"}
    )

    assert response.status_code == 404
    assert Membership.objects.get(pk=request.pk).status == Membership.Status.REQUESTED


def test_a_report_is_decided_in_one_tap(client, cohort, rules, make_member):
    enforcer = make_member(Role.HELPER, helper_duty="Moderation").user
    rules.enforcers.add(enforcer)
    post = PostFactory(cohort=cohort, author=make_member().user)
    report = services.report_create(
        cohort=cohort, reporter=make_member().user, target_post=post, reason="Advert"
    )
    client.force_login(enforcer)

    client.post(reverse("cohorts:queue_report_decide", args=[report.pk]), {"outcome": "warn"})

    assert Report.objects.get(pk=report.pk).outcome == Report.Outcome.WARN


def test_a_sub_group_request_is_in_the_queue_of_its_approver(client, cohort, make_member, ladder):
    organizer = make_member(Role.ORGANIZER).user
    group = SubGroupFactory(cohort=cohort)
    EntryRuleFactory(subgroup=group, approval_required=True)
    asker = make_member()
    pending = services.subgroup_membership_request(subgroup=group, user=asker.user)
    client.force_login(organizer)

    listed = list(queue.subgroup_requests_waiting_for(organizer))
    client.post(
        reverse("cohorts:queue_subgroup_request_decide", args=[pending.pk]),
        {"decision": "approve"},
    )

    assert listed == [pending]
    pending.refresh_from_db()
    assert pending.status == Membership.Status.ACTIVE


@pytest.mark.parametrize("size", [3, 30])
def test_the_queue_page_costs_the_same_at_any_size(
    client, approval_cohort, make_member, django_assert_max_num_queries, size
):
    organizer = make_member(Role.ORGANIZER).user
    for _ in range(size):
        asker = EmployeeProfileFactory().user
        services.membership_request(cohort=approval_cohort, user=asker, accept_rules_version=1)
        reporter, offender = make_member(), make_member()
        services.report_create(
            cohort=approval_cohort, reporter=reporter.user, target_member=offender, reason="x"
        )
    client.force_login(organizer)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("cohorts:queue"))

    assert response.status_code == 200


def test_the_queue_over_the_api(client, approval_cohort, make_member, outsider):
    organizer = make_member(Role.ORGANIZER).user
    services.membership_request(cohort=approval_cohort, user=outsider, accept_rules_version=1)
    client.force_login(organizer)

    data = client.get(f"{API}/queue").json()

    assert data["requests_count"] == 1
    assert data["requests"][0]["person"]["full_name"] == outsider.profile.full_name


def test_the_navigation_shows_the_queue_only_to_those_it_waits_on(
    client, approval_cohort, make_member, outsider
):
    organizer = make_member(Role.ORGANIZER).user
    services.membership_request(cohort=approval_cohort, user=outsider, accept_rules_version=1)

    client.force_login(organizer)
    with_queue = client.get(reverse("cohorts:mine")).text
    client.force_login(make_member().user)
    without = client.get(reverse("cohorts:mine")).text

    assert reverse("cohorts:queue") in with_queue
    assert reverse("cohorts:queue") not in without


# --- Sections only for those they are for ------------------------------------------------------


def test_the_mentor_section_shows_only_to_newcomers(client, cohort, rules, make_member):
    mentor = make_member(Role.MENTOR)
    newcomer = make_member()
    for membership in (mentor, newcomer):
        membership.rules_accepted_version = rules
        membership.save()

    client.force_login(mentor.user)
    as_mentor = client.get(reverse("cohorts:home", args=[cohort.slug])).text
    client.force_login(newcomer.user)
    as_newcomer = client.get(reverse("cohorts:home", args=[cohort.slug])).text

    assert 'data-testid="my-mentor"' not in as_mentor
    assert 'data-testid="my-mentor"' in as_newcomer


def test_a_report_id_past_the_database_range_is_not_found(client, cohort, make_member):
    client.force_login(make_member().user)

    response = client.get(f"/cohorts/{cohort.slug}/report/post/99999999999999999999/")

    assert response.status_code == 404


def test_the_shells_one_statement_counts_each_viewers_own_queue(
    rf, approval_cohort, make_member, outsider, hr_user, superuser
):
    """The shell's counts are compiled once for any viewer (``registry.viewer_counts``):
    whoever asks first, each viewer gets their own queue, HR's standing included."""
    from learning import registry
    from tests.learning.factories import UserFactory

    organizer = make_member(Role.ORGANIZER).user
    newcomer = make_member().user
    staff_without_rights = UserFactory(is_staff=True)
    services.membership_request(cohort=approval_cohort, user=outsider, accept_rules_version=1)
    services.report_create(
        cohort=approval_cohort, reporter=newcomer, target_member=make_member(), reason="Rude"
    )
    registry._viewer_statements.clear()

    for viewer in [newcomer, hr_user, organizer, staff_without_rights, superuser, newcomer]:
        request = rf.get("/")
        request.user = viewer
        counts = queue.queue_counts_from(registry.viewer_counts(request))

        assert counts == queue.queue_counts(viewer), viewer
    assert queue.queue_counts(hr_user).total == 2
    assert queue.queue_counts(staff_without_rights).total == 0

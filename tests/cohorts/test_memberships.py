"""Joining, approval, leaving, removal, roles, transitions and the audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts import services
from cohorts.models import Cohort, EntryRule, Membership, MembershipEvent
from learning.notifications.models import Notification
from tests.cohorts.factories import CohortFactory, EntryRuleFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


def test_join_without_approval_is_active_and_logged(cohort, outsider):
    membership = services.membership_request(cohort=cohort, user=outsider)

    assert membership.status == Membership.Status.ACTIVE
    assert membership.joined_at is not None
    event = MembershipEvent.objects.get(cohort=cohort, membership=membership)
    assert (event.action, event.actor) == ("joined", outsider)


def test_join_requires_accepting_the_rules_in_force(cohort, rules, outsider):
    with pytest.raises(ValidationError) as exc:
        services.membership_request(cohort=cohort, user=outsider)
    assert "version 1" in exc.value.message_dict["accept_rules_version"][0]
    assert not cohort.memberships.exists()

    membership = services.membership_request(cohort=cohort, user=outsider, accept_rules_version=1)

    assert membership.rules_accepted_version == rules
    assert rules.acceptances.filter(user=outsider).exists()


def test_join_is_refused_for_draft_and_closed_cohorts(outsider, ladder):
    for status in (Cohort.Status.DRAFT, Cohort.Status.CLOSED):
        with pytest.raises(ValidationError, match="not open"):
            services.membership_request(cohort=CohortFactory(status=status), user=outsider)


def test_second_join_is_refused(cohort, outsider):
    services.membership_request(cohort=cohort, user=outsider)

    with pytest.raises(ValidationError, match="already a member"):
        services.membership_request(cohort=cohort, user=outsider)


def test_approval_flow_by_the_named_approver(cohort, make_member, outsider):
    approver = make_member(Role.MENTOR).user
    EntryRuleFactory(
        cohort=cohort,
        approval_required=True,
        approver=EntryRule.Approver.PERSON,
        approver_user=approver,
    )
    stranger = make_member(Role.NEWCOMER).user

    request = services.membership_request(cohort=cohort, user=outsider)
    assert request.status == Membership.Status.REQUESTED
    with pytest.raises(PermissionDenied):
        services.membership_approve(membership=request, actor=stranger)

    approved = services.membership_approve(membership=request, actor=approver, reason="Welcome")

    assert approved.status == Membership.Status.ACTIVE
    assert Notification.objects.filter(recipient=outsider, kind="cohort.request_decided").exists()
    with pytest.raises(ValidationError, match="already been decided"):
        services.membership_approve(membership=approved, actor=approver)


def test_core_approves_when_the_rule_says_core(cohort, make_member, outsider):
    EntryRuleFactory(cohort=cohort, approval_required=True, approver=EntryRule.Approver.CORE)
    core = make_member(Role.CORE).user
    helper = make_member(Role.HELPER, helper_duty="Check-in supervision").user
    request = services.membership_request(cohort=cohort, user=outsider)

    with pytest.raises(PermissionDenied):
        services.membership_reject(membership=request, actor=helper)
    services.membership_reject(
        membership=request, actor=core, reason="This intake is full of sales."
    )

    assert not cohort.memberships.filter(user=outsider).exists()
    assert MembershipEvent.objects.filter(cohort=cohort, action="rejected", actor=core).exists()
    note = Notification.objects.get(recipient=outsider, kind="cohort.request_decided")
    assert "not approved" in note.body


def test_organizers_always_approve(cohort, organizer, outsider):
    EntryRuleFactory(cohort=cohort, approval_required=True, approver=EntryRule.Approver.CORE)
    request = services.membership_request(cohort=cohort, user=outsider)

    assert services.membership_approve(membership=request, actor=organizer).is_active


def test_invitation_lifts_invitation_only_and_approval(cohort, organizer, outsider):
    EntryRuleFactory(cohort=cohort, invitation_only=True, approval_required=True)
    with pytest.raises(ValidationError):
        services.membership_request(cohort=cohort, user=outsider)

    services.membership_invite(cohort=cohort, user=outsider, actor=organizer)
    membership = services.membership_request(cohort=cohort, user=outsider)

    assert membership.status == Membership.Status.ACTIVE


def test_capacity_refuses_the_next_join(cohort, make_member, outsider):
    cohort.capacity = 1
    cohort.save()
    make_member()

    with pytest.raises(ValidationError) as exc:
        services.membership_request(cohort=cohort, user=outsider)

    assert exc.value.message_dict["capacity"] == ["This cohort is full (1 places)."]


def test_leave_is_only_for_oneself_and_safe_to_repeat(cohort, make_member):
    member = make_member()
    other = make_member().user

    with pytest.raises(PermissionDenied):
        services.membership_leave(membership=member, actor=other)
    services.membership_leave(membership=member, actor=member.user)
    services.membership_leave(membership=member, actor=member.user)

    member.refresh_from_db()
    assert member.status == Membership.Status.LEFT
    assert MembershipEvent.objects.filter(membership=member, action="left").count() == 1


def test_remove_by_core_not_by_planning_and_no_rejoin(cohort, make_member):
    member = make_member()
    planning = make_member(Role.PLANNING).user
    core = make_member(Role.CORE).user

    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=member, actor=planning)
    services.membership_remove(membership=member, actor=core, reason="Left the company")

    member.refresh_from_db()
    assert member.status == Membership.Status.REMOVED
    event = MembershipEvent.objects.get(membership=member, action="removed")
    assert (event.actor, event.reason, event.changes) == (
        core,
        "Left the company",
        {"status": ["active", "removed"]},
    )
    with pytest.raises(PermissionDenied):
        services.membership_request(cohort=cohort, user=member.user)


def test_core_cannot_remove_an_organizer(cohort, make_member):
    organizer = make_member(Role.ORGANIZER)
    core = make_member(Role.CORE).user

    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=organizer, actor=core)


def test_set_role_requires_a_duty_for_helpers(cohort, make_member, organizer):
    member = make_member()

    with pytest.raises(ValidationError) as exc:
        services.membership_set_role(membership=member, role=Role.HELPER, actor=organizer)
    assert "helper_duty" in exc.value.message_dict
    services.membership_set_role(
        membership=member, role=Role.HELPER, helper_duty="Check-in supervision", actor=organizer
    )

    member.refresh_from_db()
    assert (member.role, member.helper_duty) == (Role.HELPER, "Check-in supervision")
    event = MembershipEvent.objects.get(membership=member, action="role_changed")
    assert event.changes["role"] == ["newcomer", "helper"]


def test_set_role_is_for_organizers_only(cohort, make_member):
    member = make_member()
    core = make_member(Role.CORE).user

    with pytest.raises(PermissionDenied):
        services.membership_set_role(membership=member, role=Role.CORE, actor=core)


# --- Transitions ------------------------------------------------------------------------


def test_cohort_cannot_open_without_published_rules(organizer, ladder):
    cohort = CohortFactory(status=Cohort.Status.DRAFT)

    with pytest.raises(ValidationError) as exc:
        services.cohort_transition(cohort=cohort, to_status="open", actor=organizer)

    assert exc.value.message_dict["status"] == [
        "Publish the group rules before opening the cohort."
    ]
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.DRAFT


def test_life_cycle_moves_forward_and_is_logged(organizer, ladder):
    cohort = CohortFactory(status=Cohort.Status.DRAFT)
    version = services.charter_draft(
        cohort=cohort, body="Be kind.", owner=organizer, actor=organizer
    )
    services.charter_publish(version=version, actor=organizer)

    for status in ("open", "running", "closed"):
        cohort = services.cohort_transition(cohort=cohort, to_status=status, actor=organizer)

    assert cohort.status == "closed"
    assert list(
        MembershipEvent.objects.filter(cohort=cohort, action="cohort_status")
        .order_by("pk")
        .values_list("changes", flat=True)
    ) == [
        {"status": ["draft", "open"]},
        {"status": ["open", "running"]},
        {"status": ["running", "closed"]},
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "running"),
        ("draft", "closed"),
        ("running", "open"),
        ("closed", "open"),
        ("open", "closed"),
    ],
)
def test_refused_transitions(organizer, ladder, start, target):
    cohort = CohortFactory(status=start)

    with pytest.raises(ValidationError, match="cannot change to"):
        services.cohort_transition(cohort=cohort, to_status=target, actor=organizer)


def test_open_goes_back_to_draft_only_before_anyone_joined(cohort, organizer, make_member):
    make_member(Role.CORE)
    services.cohort_transition(cohort=cohort, to_status="draft", actor=organizer)
    cohort.status = Cohort.Status.OPEN
    cohort.save()
    make_member()

    with pytest.raises(ValidationError, match="no longer go back"):
        services.cohort_transition(cohort=cohort, to_status="draft", actor=organizer)


def test_transitions_are_for_organizers(cohort, make_member):
    core = make_member(Role.CORE).user

    with pytest.raises(PermissionDenied):
        services.cohort_transition(cohort=cohort, to_status="running", actor=core)


def test_member_organizer_may_transition(cohort, make_member):
    organizer = make_member(Role.ORGANIZER).user

    assert (
        services.cohort_transition(cohort=cohort, to_status="running", actor=organizer).status
        == "running"
    )


def test_database_refuses_end_before_start(ladder):
    import datetime

    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(start_date=datetime.date(2026, 11, 2), end_date=datetime.date(2026, 11, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(capacity=-1)

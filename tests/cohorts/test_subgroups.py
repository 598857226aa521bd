"""Sub-groups: joining by rule, approval, scheduled opening, capacity, generation, pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cohorts import services
from cohorts.models import EntryRule, Membership, MembershipEvent, SubGroup, SubGroupMembership
from tests.cohorts.factories import EntryRuleFactory, SubGroupFactory, charter_published
from tests.learning.factories import SubsidiaryFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


def test_subsidiary_group_admits_its_own_people_only(cohort, make_member):
    own = SubsidiaryFactory(name="Meridian Athens")
    group = SubGroupFactory(cohort=cohort, dimension="subsidiary", subsidiary=own)
    rule = EntryRuleFactory(subgroup=group)
    rule.subsidiaries.set([own])
    insider = make_member(subsidiary=own).user
    visitor = make_member(subsidiary=SubsidiaryFactory(name="Meridian London")).user

    assert services.subgroup_membership_request(subgroup=group, user=insider).status == "active"
    with pytest.raises(ValidationError) as exc:
        services.subgroup_membership_request(subgroup=group, user=visitor)
    assert exc.value.message_dict["entry_rule"] == [
        "This group is for Meridian Athens; you work for Meridian London."
    ]


def test_subgroup_approval_by_core(cohort, make_member):
    group = SubGroupFactory(cohort=cohort)
    EntryRuleFactory(subgroup=group, approval_required=True, approver=EntryRule.Approver.CORE)
    member = make_member().user
    core = make_member(Role.CORE).user
    planning = make_member(Role.PLANNING).user

    request = services.subgroup_membership_request(subgroup=group, user=member)
    assert request.status == "requested"
    with pytest.raises(PermissionDenied):
        services.subgroup_membership_decide(
            subgroup_membership=request, actor=planning, approve=True
        )
    decided = services.subgroup_membership_decide(
        subgroup_membership=request, actor=core, approve=True
    )

    assert decided.status == "active"
    assert MembershipEvent.objects.filter(subgroup=group, action="approved", actor=core).exists()


def test_subgroup_rejection_lets_the_person_ask_again(cohort, organizer, make_member):
    group = SubGroupFactory(cohort=cohort)
    EntryRuleFactory(subgroup=group, approval_required=True)
    member = make_member().user
    request = services.subgroup_membership_request(subgroup=group, user=member)

    services.subgroup_membership_decide(subgroup_membership=request, actor=organizer, approve=False)

    assert not SubGroupMembership.objects.filter(subgroup=group).exists()
    assert services.subgroup_membership_request(subgroup=group, user=member).status == "requested"


def test_subgroup_opens_on_its_date(cohort, make_member):
    group = SubGroupFactory(cohort=cohort, opens_at=timezone.now() + datetime.timedelta(days=2))

    with pytest.raises(ValidationError, match="opens on"):
        services.subgroup_membership_request(subgroup=group, user=make_member().user)


def test_subgroup_capacity_and_rules(cohort, organizer, make_member):
    group = SubGroupFactory(cohort=cohort, capacity=1)
    charter_published(subgroup=group, owner=organizer)
    first, second = make_member().user, make_member().user

    with pytest.raises(ValidationError) as exc:
        services.subgroup_membership_request(subgroup=group, user=first)
    assert "accept_rules_version" in exc.value.message_dict
    services.subgroup_membership_request(subgroup=group, user=first, accept_rules_version=1)
    with pytest.raises(ValidationError) as exc:
        services.subgroup_membership_request(subgroup=group, user=second, accept_rules_version=1)
    assert exc.value.message_dict["capacity"] == ["This sub-group is full (1 places)."]


def test_only_cohort_members_join_subgroups(cohort, outsider):
    group = SubGroupFactory(cohort=cohort)
    with pytest.raises(PermissionDenied):
        services.subgroup_membership_request(subgroup=group, user=outsider)


def test_hidden_subgroup_is_not_found_by_the_ineligible(cohort, make_member, ladder):
    group = SubGroupFactory(cohort=cohort, hidden_from_non_eligible=True)
    EntryRuleFactory(subgroup=group, min_level=ladder["director"])

    with pytest.raises(SubGroup.DoesNotExist):
        services.subgroup_membership_request(subgroup=group, user=make_member().user)


def test_generate_per_level_puts_members_in_wave_one(cohort, organizer, make_member):
    make_member(level="senior")
    make_member(level="senior")
    make_member(level="director")

    preview = services.subgroups_preview(cohort=cohort, dimension="level", actor=organizer)
    created = services.subgroups_generate(cohort=cohort, dimension="level", actor=organizer)

    assert [(p.name, p.member_count) for p in preview] == [("Director", 1), ("Senior", 2)]
    assert {g.slug for g in created} == {"level-senior", "level-director"}
    assert set(SubGroupMembership.objects.values_list("wave", flat=True)) == {1}


def test_generate_by_custom_attribute(cohort, organizer, make_member):
    make_member(attributes={"business_line": "Cloud"})
    make_member(attributes={"business_line": "Cloud"})
    make_member(attributes={})

    created = services.subgroups_generate(
        cohort=cohort, dimension="custom", custom_key="business_line", actor=organizer
    )

    assert [(g.custom_value, g.memberships.count()) for g in created] == [("Cloud", 2)]
    with pytest.raises(ValidationError):
        services.subgroups_preview(cohort=cohort, dimension="custom", actor=organizer)


def test_generate_is_for_organizers(cohort, make_member):
    with pytest.raises(PermissionDenied):
        services.subgroups_generate(
            cohort=cohort, dimension="level", actor=make_member(Role.CORE).user
        )


def test_enforcers_of_old_rules_stop_moderating(cohort, organizer, make_member):
    from cohorts import permissions

    helper = make_member(Role.HELPER, helper_duty="Moderation").user
    charter_published(cohort=cohort, owner=organizer, enforcers=[helper])
    assert permissions.can_moderate(helper, cohort)

    charter_published(cohort=cohort, owner=organizer, enforcers=[])

    assert not permissions.can_moderate(helper, cohort)


def test_program_page_lists_its_cohorts(client, cohort, outsider):
    client.force_login(outsider)

    response = client.get(cohort.program.url)

    assert response.status_code == 200
    assert cohort.name in response.content.decode()

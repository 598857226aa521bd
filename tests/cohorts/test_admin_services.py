"""The admin's create and edit forms of cohorts, sub-groups and entry rules save through
the same services as the API: the same checks (a refusal named on its field, nothing
saved, never a 500), one entry in the cohort's audit log and one in Wagtail's history.
Invitations notify the invitee once.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cohorts import services
from cohorts.models import Cohort, EntryRule, Membership, MembershipEvent, SubGroup
from learning.models import User
from learning.notifications.models import Notification
from tests.cohorts.factories import CohortFactory, EntryRuleFactory, SubGroupFactory, program_page
from tests.learning.factories import EmployeeProfileFactory, SubsidiaryFactory, UserFactory

pytestmark = pytest.mark.django_db
Action = MembershipEvent.Action


@pytest.fixture
def hr(hr_user):
    """The "Organizers" setup: admin access plus every cohort model permission."""
    organizers, _ = Group.objects.get_or_create(name="Organizers")
    organizers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="cohorts"),
    )
    hr_user.groups.add(organizers)
    return User.objects.get(pk=hr_user.pk)


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


def _history(instance, action: str) -> int:
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        action=action,
    ).count()


def _cohort_form(program, **overrides):
    data = {
        "program": program.pk,
        "name": "March intake",
        "slug": "march-intake",
        "description": "",
        "start_date": "2027-03-01",
        "end_date": "2027-04-16",
        "time_zone": "Asia/Shanghai",
        "session_start": "19:30",
        "session_end": "21:00",
        "announce_days_before": "2",
        "reminder_minutes_before": "120",
        "capacity": "",
    }
    data.update(overrides)
    return data


def _field_errors(response, field: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors.get(field, [])


# --- Cohorts ---------------------------------------------------------------------------


def test_creating_a_cohort_in_the_admin_logs_it_once_in_each_log(hr_client, hr, ladder):
    # given a program
    program = program_page()

    # when HR creates a cohort in the admin
    response = hr_client.post(reverse("cohorts_cohort:add"), _cohort_form(program))

    # then it is saved, in the audit log once and in Wagtail's history once
    assert response.status_code == 302
    cohort = Cohort.objects.get(slug="march-intake")
    event = MembershipEvent.objects.get(cohort=cohort)
    assert event.action == Action.COHORT_CREATED
    assert event.actor == hr
    assert event.changes["slug"] == "march-intake"
    assert event.changes["start_date"] == "2027-03-01"
    assert _history(cohort, "wagtail.create") == 1


def test_a_group_wide_cohort_with_subsidiaries_is_refused_on_the_field(hr_client, ladder):
    # given a program and a subsidiary
    program = program_page()
    north = SubsidiaryFactory(code="north-co")

    # when HR ticks "group-wide" and also picks a subsidiary
    response = hr_client.post(
        reverse("cohorts_cohort:add"),
        _cohort_form(program, group_wide="on", subsidiaries=[north.pk]),
    )

    # then the form names the problem and nothing is saved
    assert _field_errors(response, "subsidiaries") == [
        "A group-wide cohort takes every subsidiary; leave the list empty."
    ]
    assert not Cohort.objects.filter(slug="march-intake").exists()
    assert not MembershipEvent.objects.exists()


def test_a_cohort_ending_before_it_starts_is_refused_on_the_end_date(hr_client, ladder):
    program = program_page()

    response = hr_client.post(
        reverse("cohorts_cohort:add"), _cohort_form(program, end_date="2027-02-01")
    )

    assert _field_errors(response, "end_date") == [
        "The cohort must end on or after its start date."
    ]
    assert "The cohort could not be created" in response.content.decode()
    assert not Cohort.objects.filter(slug="march-intake").exists()


def test_editing_a_cohort_in_the_admin_goes_through_the_service(hr_client, hr, cohort):
    # when HR renames the cohort and gives it a capacity
    form = _cohort_form(
        cohort.program,
        name="November intake, East",
        slug=cohort.slug,
        start_date=cohort.start_date.isoformat(),
        end_date=cohort.end_date.isoformat(),
        time_zone=cohort.time_zone,
        capacity="60",
    )
    response = hr_client.post(reverse("cohorts_cohort:edit", args=[cohort.pk]), form)

    # then the change is saved and recorded once, with what it was before
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.name == "November intake, East"
    event = MembershipEvent.objects.get(cohort=cohort, action=Action.COHORT_UPDATED)
    assert event.actor == hr
    assert event.changes["capacity"] == [None, 60]
    assert event.changes["name"][1] == "November intake, East"
    assert _history(cohort, "wagtail.edit") == 1


def test_a_bad_edit_of_a_cohort_changes_nothing(hr_client, cohort):
    before = (cohort.name, cohort.end_date)
    form = _cohort_form(
        cohort.program,
        name="Renamed",
        slug=cohort.slug,
        start_date=cohort.start_date.isoformat(),
        end_date="2026-10-01",
    )

    response = hr_client.post(reverse("cohorts_cohort:edit", args=[cohort.pk]), form)

    assert _field_errors(response, "end_date")
    cohort.refresh_from_db()
    assert (cohort.name, cohort.end_date) == before
    assert not MembershipEvent.objects.filter(action=Action.COHORT_UPDATED).exists()
    assert _history(cohort, "wagtail.edit") == 0


# --- Sub-groups ------------------------------------------------------------------------


def _subgroup_form(cohort, **overrides):
    data = {
        "cohort": cohort.pk,
        "name": "Night owls",
        "slug": "night-owls",
        "description": "",
        "dimension": "custom",
        "custom_key": "",
        "custom_value": "",
        "capacity": "",
    }
    data.update(overrides)
    return data


def test_creating_a_sub_group_in_the_admin_is_logged(hr_client, cohort):
    response = hr_client.post(reverse("cohorts_subgroup:add"), _subgroup_form(cohort))

    assert response.status_code == 302
    subgroup = SubGroup.objects.get(cohort=cohort, slug="night-owls")
    event = MembershipEvent.objects.get(cohort=cohort, action=Action.SUBGROUP_CREATED)
    assert event.subgroup == subgroup
    assert _history(subgroup, "wagtail.create") == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"slug": "preview"}, "slug", "“preview” is a reserved word; choose another slug."),
        ({"dimension": "region"}, "region", "A sub-group cut by region must name its region."),
    ],
)
def test_a_bad_sub_group_is_refused_on_its_field(hr_client, cohort, overrides, field, message):
    response = hr_client.post(reverse("cohorts_subgroup:add"), _subgroup_form(cohort, **overrides))

    assert _field_errors(response, field) == [message]
    assert not SubGroup.objects.exists()
    assert not MembershipEvent.objects.exists()


def test_editing_a_sub_group_is_logged_and_keeps_it_in_its_cohort(hr_client, cohort):
    # given a sub-group and another cohort
    subgroup = SubGroupFactory(cohort=cohort, name="Night owls", slug="night-owls")
    elsewhere = CohortFactory()

    # when HR renames it and tries to move it to the other cohort
    response = hr_client.post(
        reverse("cohorts_subgroup:edit", args=[subgroup.pk]),
        _subgroup_form(elsewhere, name="Early birds"),
    )

    # then the name changes, the cohort does not, and the change is logged once
    assert response.status_code == 302
    subgroup.refresh_from_db()
    assert (subgroup.name, subgroup.cohort_id) == ("Early birds", cohort.pk)
    event = MembershipEvent.objects.get(action=Action.SUBGROUP_UPDATED)
    assert (event.cohort_id, event.subgroup_id) == (cohort.pk, subgroup.pk)
    assert event.changes == {"name": ["Night owls", "Early birds"]}
    assert _history(subgroup, "wagtail.edit") == 1


def test_a_sub_group_slug_taken_in_the_cohort_is_refused_on_edit(hr_client, cohort):
    SubGroupFactory(cohort=cohort, slug="east")
    subgroup = SubGroupFactory(cohort=cohort, slug="west")

    response = hr_client.post(
        reverse("cohorts_subgroup:edit", args=[subgroup.pk]), _subgroup_form(cohort, slug="east")
    )

    assert _field_errors(response, "slug") == [
        "This cohort already has a sub-group with the slug “east”."
    ]
    subgroup.refresh_from_db()
    assert subgroup.slug == "west"


def test_sub_groups_generated_in_the_admin_are_each_logged(hr_client, cohort, make_member):
    # given members at two levels
    make_member(level="associate")
    make_member(level="manager")

    # when HR confirms generating one sub-group per level
    response = hr_client.post(
        reverse("cohorts_subgroups_generate"),
        {"cohort": cohort.pk, "dimension": "level", "add_members": "on", "confirm": "1"},
    )

    # then each new sub-group has its "created" entry in the audit log
    assert response.status_code == 302
    logged = MembershipEvent.objects.filter(action=Action.SUBGROUP_CREATED)
    assert {event.subgroup_id for event in logged} == set(
        SubGroup.objects.filter(cohort=cohort).values_list("pk", flat=True)
    )
    assert logged.count() == 2


def test_admin_access_without_organizer_rights_cannot_create_a_sub_group(client, hr_user, cohort):
    # given staff who may add sub-groups in the admin but organize no cohort
    hr_user.user_permissions.add(Permission.objects.get(codename="add_subgroup"))
    client.force_login(User.objects.get(pk=hr_user.pk))

    # when they try
    response = client.post(reverse("cohorts_subgroup:add"), _subgroup_form(cohort))

    # then the service refuses them on the form, and nothing is saved
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Only organizers can create sub-groups."]
    assert not SubGroup.objects.exists()


# --- Entry rules -----------------------------------------------------------------------


def _rule_form(target, **overrides):
    data = {
        "cohort": target.pk if isinstance(target, Cohort) else "",
        "subgroup": target.pk if isinstance(target, SubGroup) else "",
        "min_level": "",
        "max_level": "",
        "approver": "organizer",
    }
    data.update(overrides)
    return data


def test_a_named_approver_is_required_when_a_named_person_approves(hr_client, cohort):
    response = hr_client.post(
        reverse("cohorts_entryrule:add"),
        _rule_form(cohort, approval_required="on", approver="person"),
    )

    assert _field_errors(response, "approver_user") == ["Name the person who approves requests."]
    assert not EntryRule.objects.exists()
    assert not MembershipEvent.objects.exists()


def test_a_level_range_upside_down_is_refused(hr_client, cohort, ladder):
    response = hr_client.post(
        reverse("cohorts_entryrule:add"),
        _rule_form(cohort, min_level=ladder["director"].pk, max_level=ladder["associate"].pk),
    )

    assert _field_errors(response, "max_level") == ["The highest level is below the lowest level."]
    assert not EntryRule.objects.exists()


def test_setting_an_entry_rule_in_the_admin_is_logged(hr_client, cohort, ladder):
    response = hr_client.post(
        reverse("cohorts_entryrule:add"), _rule_form(cohort, min_level=ladder["manager"].pk)
    )

    assert response.status_code == 302
    rule = EntryRule.objects.get(cohort=cohort)
    event = MembershipEvent.objects.get(action=Action.ENTRY_RULE_SET)
    assert event.cohort == cohort
    assert event.changes["min_level"] == ladder["manager"].pk
    assert _history(rule, "wagtail.create") == 1


def test_editing_an_entry_rule_is_logged_once_and_keeps_its_target(hr_client, cohort, ladder):
    # given a sub-group's entry rule
    subgroup = SubGroupFactory(cohort=cohort)
    rule = EntryRuleFactory(subgroup=subgroup)

    # when HR makes it by invitation only (and tries to point it at the cohort)
    response = hr_client.post(
        reverse("cohorts_entryrule:edit", args=[rule.pk]),
        _rule_form(cohort, invitation_only="on"),
    )

    # then the same rule changes, and the change is logged once with its sub-group
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.invitation_only
    assert (rule.cohort_id, rule.subgroup_id) == (None, subgroup.pk)
    event = MembershipEvent.objects.get(action=Action.ENTRY_RULE_SET)
    assert (event.cohort_id, event.subgroup_id) == (cohort.pk, subgroup.pk)
    assert event.changes["before"]["invitation_only"] is False
    assert event.changes["after"]["invitation_only"] is True
    assert _history(rule, "wagtail.edit") == 1


def test_a_second_rule_for_the_same_cohort_is_refused(hr_client, cohort):
    EntryRuleFactory(cohort=cohort)

    response = hr_client.post(reverse("cohorts_entryrule:add"), _rule_form(cohort))

    assert _field_errors(response, "cohort")
    assert EntryRule.objects.count() == 1


def test_setting_the_same_entry_rule_again_writes_nothing(organizer, cohort, ladder):
    services.entry_rule_set(actor=organizer, cohort=cohort, min_level=ladder["manager"])

    services.entry_rule_set(actor=organizer, cohort=cohort, min_level=ladder["manager"])

    assert MembershipEvent.objects.filter(action=Action.ENTRY_RULE_SET).count() == 1


def test_the_audit_log_api_lists_the_setting_up(client, organizer, cohort):
    services.cohort_update(cohort=cohort, actor=organizer, changes={"capacity": 80})
    services.subgroup_create(cohort=cohort, actor=organizer, name="East", slug="east")
    client.force_login(organizer)

    events = client.get(f"/api/v1/cohorts/{cohort.slug}/events").json()

    assert [e["action"] for e in events["items"]] == ["subgroup_created", "cohort_updated"]
    assert events["items"][1]["changes"] == {"capacity": [None, 80]}


# --- Invitations -----------------------------------------------------------------------


def _invitations(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="cohort.invited"))


def test_an_invitation_notifies_the_invitee_once(organizer, cohort):
    # given someone in the directory
    invitee = EmployeeProfileFactory().user

    # when they are invited, then invited again
    services.membership_invite(cohort=cohort, user=invitee, actor=organizer)
    services.membership_invite(cohort=cohort, user=invitee, actor=organizer)

    # then they have one notification, with a link to the cohort's join page
    [notification] = _invitations(invitee)
    assert cohort.name in notification.title
    assert notification.url == reverse("cohorts:join", args=[cohort.slug])


def test_inviting_many_notifies_each_new_invitee_once(organizer, cohort, make_member):
    # given two people, one of them already a member
    newcomer = EmployeeProfileFactory().user
    member = make_member().user

    # when both are invited twice
    for _ in range(2):
        services.memberships_invite(cohort=cohort, users=[newcomer, member], actor=organizer)

    # then only the newcomer is notified, once
    assert len(_invitations(newcomer)) == 1
    assert _invitations(member) == []


def test_a_new_invitation_after_leaving_is_news_again(organizer, cohort):
    invitee = EmployeeProfileFactory().user
    membership = services.membership_invite(cohort=cohort, user=invitee, actor=organizer)
    services.membership_remove(membership=membership, actor=organizer)

    services.membership_invite(cohort=cohort, user=invitee, actor=organizer)

    assert len(_invitations(invitee)) == 2


def test_a_refused_invitation_notifies_nobody(organizer, cohort, make_member):
    # given a cohort with one seat, already taken
    Cohort.objects.filter(pk=cohort.pk).update(capacity=1)
    make_member()
    people = [EmployeeProfileFactory().user, UserFactory()]

    # when two people are invited at once
    with pytest.raises(ValidationError):
        services.memberships_invite(cohort=cohort, users=people, actor=organizer)

    # then nobody is invited and nobody is told
    assert not Membership.objects.filter(user__in=people).exists()
    assert not Notification.objects.filter(kind="cohort.invited").exists()

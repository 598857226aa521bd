"""The Cohorts menu of the Wagtail admin: lists, forms, status buttons, generation from
the directory, bulk membership actions, add by rule, group rules, reports, the audit log,
the dashboard panel and who may use any of it.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cohorts.models import (
    CharterVersion,
    Cohort,
    Membership,
    MembershipEvent,
    ProgramPage,
    Report,
    SubGroup,
    SubGroupMembership,
)
from learning.models import EmployeeProfile, HomePage, User
from tests.cohorts.factories import CohortFactory, MembershipFactory, program_page
from tests.learning.factories import EmployeeProfileFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def staff_without_permissions(hr_user):
    """Staff with admin access but none of the cohort permissions."""
    return hr_user


def _members(cohort, count, *, role=Membership.Role.NEWCOMER, region=None):
    level = EmployeeProfileFactory().level
    prefix = f"m{cohort.pk}-{role}-{count}-"
    User.objects.bulk_create(
        [User(username=f"{prefix}{i}", email=f"{prefix}{i}@guild.test") for i in range(count)]
    )
    users = list(User.objects.filter(username__startswith=prefix))
    EmployeeProfile.objects.bulk_create(
        [
            EmployeeProfile(
                user=user,
                employee_id=f"{prefix}{i}",
                full_name=f"Person {prefix}{i}",
                email=user.email,
                level=level,
                region=region,
            )
            for i, user in enumerate(users)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(cohort=cohort, user=user, role=role, status=Membership.Status.ACTIVE)
            for user in users
        ]
    )


# --- Who may ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "cohorts_cohort:index",
        "cohorts_subgroup:index",
        "wagtailsnippets_cohorts_membership:list",
        "cohorts_charterversion:index",
        "cohorts_report:index",
        "cohorts_event:index",
        "cohorts_subgroups_generate",
        "cohorts_memberships_add_by_rule",
    ],
)
def test_staff_without_cohort_permissions_are_turned_away(client, staff_without_permissions, url):
    client.force_login(staff_without_permissions)

    response = client.get(reverse(url))

    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert response["Location"] != reverse(url)


def test_staff_without_permissions_cannot_move_a_cohort(client, staff_without_permissions, cohort):
    client.force_login(staff_without_permissions)

    response = client.post(
        reverse("cohorts_cohort_transition", args=[cohort.pk]), {"status": "running"}
    )

    assert response.status_code in {302, 403}
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.OPEN


def test_the_cohorts_menu_is_shown_to_organizers(hr_client):
    response = hr_client.get(reverse("wagtailadmin_home"))

    assert reverse("cohorts_cohort:index") in response.content.decode()


# --- Cohorts ---------------------------------------------------------------------------


def test_cohort_list_shows_program_status_dates_and_member_count(hr_client, cohort):
    _members(cohort, 3)

    response = hr_client.get(reverse("cohorts_cohort:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert cohort.name in html
    assert cohort.program.title in html
    assert "Open for joining" in html


@pytest.mark.parametrize("size", [5, 400])
def test_cohort_list_costs_the_same_queries_at_any_size(
    hr_client, django_assert_max_num_queries, size
):
    for _ in range(3):
        _members(CohortFactory(), size)

    with django_assert_max_num_queries(30):
        response = hr_client.get(reverse("cohorts_cohort:index"))

    assert response.status_code == 200


def test_cohort_list_filters_by_status_kind_and_search(hr_client, cohort):
    sales = CohortFactory(
        name="Key accounts", program=program_page(title="Sales school", kind="sales")
    )
    draft = CohortFactory(name="Next year", status=Cohort.Status.DRAFT)
    index = reverse("cohorts_cohort:index")

    by_status = hr_client.get(index, {"status": "draft"})
    by_kind = hr_client.get(index, {"program__kind": "sales"})
    by_search = hr_client.get(index, {"q": "Key acc"})

    assert [c.pk for c in by_status.context["object_list"]] == [draft.pk]
    assert [c.pk for c in by_kind.context["object_list"]] == [sales.pk]
    assert [c.pk for c in by_search.context["object_list"]] == [sales.pk]


def _cohort_form(program, **overrides):
    data = {
        "program": program.pk,
        "name": "January intake",
        "slug": "january-intake",
        "description": "",
        "start_date": "2027-01-04",
        "end_date": "2027-02-26",
        "time_zone": "Asia/Shanghai",
        "session_start": "19:30",
        "session_end": "21:00",
        "announce_days_before": "2",
        "reminder_minutes_before": "120",
        "capacity": "",
    }
    data.update(overrides)
    return data


def test_organizers_create_a_cohort_as_a_draft(hr_client, db, ladder):
    program = program_page()

    response = hr_client.post(reverse("cohorts_cohort:add"), _cohort_form(program))

    assert response.status_code == 302
    cohort = Cohort.objects.get(slug="january-intake")
    assert cohort.status == Cohort.Status.DRAFT
    assert cohort.session_start == datetime.time(19, 30)


def test_a_cohort_that_ends_before_it_starts_is_refused(hr_client, db):
    program = program_page()

    response = hr_client.post(
        reverse("cohorts_cohort:add"), _cohort_form(program, end_date="2026-12-01")
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Cohort.objects.filter(slug="january-intake").exists()


def test_opening_without_published_rules_is_refused_with_a_clear_message(hr_client):
    draft = CohortFactory(status=Cohort.Status.DRAFT)

    response = hr_client.post(
        reverse("cohorts_cohort_transition", args=[draft.pk]), {"status": "open"}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == Cohort.Status.DRAFT
    assert "Publish the group rules before opening the cohort." in response.content.decode()


def test_opening_with_published_rules(hr_client, hr):
    from tests.cohorts.factories import charter_published

    draft = CohortFactory(status=Cohort.Status.DRAFT)
    charter_published(cohort=draft, owner=hr)

    hr_client.post(reverse("cohorts_cohort_transition", args=[draft.pk]), {"status": "open"})

    draft.refresh_from_db()
    assert draft.status == Cohort.Status.OPEN
    assert MembershipEvent.objects.filter(cohort=draft, action="cohort_status").exists()


@pytest.mark.parametrize("status", ["", "wizard", "closed"])
def test_bad_transitions_change_nothing(hr_client, cohort, status):
    response = hr_client.post(
        reverse("cohorts_cohort_transition", args=[cohort.pk]), {"status": status}
    )

    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.OPEN


def test_the_edit_page_warns_about_a_big_cohort_without_operations_team(hr_client, cohort, rules):
    _members(cohort, 201)

    response = hr_client.get(reverse("cohorts_cohort:edit", args=[cohort.pk]))

    html = response.content.decode()
    assert "201 members and no operations team" in html
    assert 'data-testid="transition-running"' in html


def test_the_dashboard_lists_cohorts_needing_attention(hr_client, cohort):
    _members(cohort, 201)
    small = CohortFactory(name="Tiny group")
    _members(small, 3)
    staffed = CohortFactory(name="Staffed crowd")
    _members(staffed, 201)
    _members(staffed, 1, role=Membership.Role.CORE)

    response = hr_client.get(reverse("wagtailadmin_home"))

    html = response.content.decode()
    assert 'data-testid="cohorts-attention"' in html
    assert cohort.name in html
    assert "Tiny group" not in html
    assert "Staffed crowd" not in html


def test_programs_can_be_created_under_the_home_page(client, superuser):
    home = HomePage.objects.first()
    client.force_login(superuser)

    response = client.get(
        reverse("wagtailadmin_pages:add", args=["cohorts", "programpage", home.pk])
    )

    assert ProgramPage.can_create_at(home)
    assert response.status_code == 200


# --- Sub-groups ------------------------------------------------------------------------


def test_generating_sub_groups_previews_then_creates(hr_client, cohort):
    east, west = RegionFactory(name="East"), RegionFactory(name="West")
    _members(cohort, 3, region=east)
    _members(cohort, 2, region=west)
    url = reverse("cohorts_subgroups_generate")
    plan = {"cohort": cohort.pk, "dimension": "region", "add_members": "on", "preview": "1"}

    preview = hr_client.post(url, plan)

    assert preview.status_code == 200
    assert [(p.name, p.member_count) for p in preview.context["proposals"]] == [
        ("East", 3),
        ("West", 2),
    ]
    assert not SubGroup.objects.exists()

    plan.pop("preview")
    created = hr_client.post(url, {**plan, "confirm": "1"})

    assert created.status_code == 302
    assert set(SubGroup.objects.values_list("name", flat=True)) == {"East", "West"}
    assert SubGroupMembership.objects.count() == 5


@pytest.mark.parametrize(
    "data",
    [
        {"cohort": "", "dimension": "region"},
        {"cohort": "999999", "dimension": "region"},
        {"cohort": "COHORT", "dimension": "galaxy"},
        {"cohort": "COHORT", "dimension": "custom", "custom_key": ""},
    ],
)
def test_generating_with_bad_input_explains_and_saves_nothing(hr_client, cohort, data):
    data = {k: (str(cohort.pk) if v == "COHORT" else v) for k, v in data.items()}

    response = hr_client.post(reverse("cohorts_subgroups_generate"), {**data, "confirm": "1"})

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not SubGroup.objects.exists()


def test_sub_group_list_shows_member_counts(hr_client, cohort):
    group = SubGroup.objects.create(cohort=cohort, name="Planning", slug="planning")
    member = MembershipFactory(cohort=cohort)
    SubGroupMembership.objects.create(subgroup=group, membership=member)

    response = hr_client.get(reverse("cohorts_subgroup:index"), {"cohort": cohort.pk})

    assert response.status_code == 200
    assert [g.member_count for g in response.context["object_list"]] == [1]


# --- Memberships -----------------------------------------------------------------------


def _bulk(client, action, memberships, data=None):
    url = reverse("wagtail_bulk_action", args=["cohorts", "membership", action])
    query = "&".join(f"id={m.pk}" for m in memberships)
    return client.post(f"{url}?{query}", data or {})


def test_memberships_list_filters_by_cohort_role_and_status(hr_client, cohort):
    helper = MembershipFactory(cohort=cohort, role=Membership.Role.HELPER)
    MembershipFactory(cohort=cohort)
    MembershipFactory()
    url = reverse("wagtailsnippets_cohorts_membership:list")

    response = hr_client.get(url, {"cohort": cohort.pk, "role": "helper", "status": "active"})

    assert [m.pk for m in response.context["object_list"]] == [helper.pk]


def test_bulk_approve_lets_requests_in(hr_client, cohort):
    waiting = [MembershipFactory(cohort=cohort, status=Membership.Status.REQUESTED) for _ in "ab"]

    response = _bulk(hr_client, "approve", waiting, {"reason": "Welcome"})

    assert response.status_code == 302
    statuses = set(Membership.objects.filter(cohort=cohort).values_list("status", flat=True))
    assert statuses == {Membership.Status.ACTIVE}


def test_bulk_remove_removes_and_logs(hr_client, cohort):
    members = [MembershipFactory(cohort=cohort) for _ in "abc"]

    _bulk(hr_client, "remove", members, {"reason": "Left the company"})

    assert set(Membership.objects.values_list("status", flat=True)) == {Membership.Status.REMOVED}
    assert MembershipEvent.objects.filter(action="removed").count() == 3


def test_bulk_set_role_needs_a_duty_for_helpers_and_reports_each_refusal(hr_client, cohort):
    members = [MembershipFactory(cohort=cohort) for _ in "ab"]

    refused = _bulk(hr_client, "set_role", members, {"role": "helper", "helper_duty": ""})
    done = _bulk(hr_client, "set_role", members, {"role": "helper", "helper_duty": "Check-ins"})

    assert refused.status_code == 302
    assert done.status_code == 302
    assert set(Membership.objects.values_list("role", "helper_duty")) == {("helper", "Check-ins")}


def test_bulk_actions_are_refused_without_permission(client, staff_without_permissions, cohort):
    waiting = MembershipFactory(cohort=cohort, status=Membership.Status.REQUESTED)
    client.force_login(staff_without_permissions)

    _bulk(client, "approve", [waiting])

    waiting.refresh_from_db()
    assert waiting.status == Membership.Status.REQUESTED


def test_editing_a_membership_changes_the_role_through_the_service(hr_client, cohort):
    membership = MembershipFactory(cohort=cohort)
    url = reverse("wagtailsnippets_cohorts_membership:edit", args=[membership.pk])

    refused = hr_client.post(url, {"role": "helper", "helper_duty": ""})
    done = hr_client.post(url, {"role": "core", "helper_duty": ""})

    assert refused.status_code == 200
    assert done.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.CORE
    assert MembershipEvent.objects.filter(action="role_changed").count() == 1


def test_memberships_cannot_be_added_or_deleted_as_rows(hr_client, cohort):
    membership = MembershipFactory(cohort=cohort)

    add = hr_client.get(reverse("wagtailsnippets_cohorts_membership:add"))
    delete = hr_client.post(
        reverse("wagtailsnippets_cohorts_membership:delete", args=[membership.pk])
    )

    assert add.status_code in {302, 403}
    assert delete.status_code in {302, 403}
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_add_by_rule_previews_who_qualifies_then_adds(hr_client, cohort):
    east = RegionFactory(name="East")
    EmployeeProfileFactory.create_batch(3, region=east)
    EmployeeProfileFactory(region=RegionFactory(name="West"))
    already = EmployeeProfileFactory(region=east)
    MembershipFactory(cohort=cohort, user=already.user)
    url = reverse("cohorts_memberships_add_by_rule")
    data = {"cohort": cohort.pk, "region": east.pk, "preview": "1"}

    preview = hr_client.post(url, data)

    assert preview.status_code == 200
    assert preview.context["total"] == 3
    assert Membership.objects.filter(cohort=cohort).count() == 1

    data.pop("preview")
    added = hr_client.post(url, {**data, "confirm": "1"})

    assert added.status_code == 302
    assert Membership.objects.filter(cohort=cohort).count() == 4


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"cohort": "COHORT"},
        {"cohort": "COHORT", "region": "999999"},
        {"cohort": "COHORT", "hired_after": "not a date"},
    ],
)
def test_add_by_rule_with_bad_input_explains_and_saves_nothing(hr_client, cohort, data):
    data = {k: (str(cohort.pk) if v == "COHORT" else v) for k, v in data.items()}

    response = hr_client.post(reverse("cohorts_memberships_add_by_rule"), {**data, "confirm": "1"})

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Membership.objects.exists()


# --- Group rules -----------------------------------------------------------------------


def _enforcer_rows(*users) -> dict:
    """The enforcer rows as the multiple chooser panel posts them."""
    return nested_form_data(
        {"enforcer_rows": inline_formset([{"user": user.pk} for user in users], initial=0)}
    )


def test_writing_then_publishing_a_version_of_the_rules(hr_client, hr, cohort):
    enforcer, second = UserFactory(), UserFactory()

    response = hr_client.post(
        reverse("cohorts_charterversion:add"),
        {
            "cohort": cohort.pk,
            "subgroup": "",
            "body": "Questions get answers within a day.",
            "owner": hr.pk,
            **_enforcer_rows(enforcer, second),
        },
    )

    version = CharterVersion.objects.get()
    assert response.status_code == 302
    assert (version.number, version.published_at) == (1, None)
    assert set(version.enforcers.all()) == {enforcer, second}

    hr_client.post(reverse("cohorts_charter_publish", args=[version.pk]))

    version.refresh_from_db()
    assert version.published_at is not None


def test_rules_need_a_target_and_a_body(hr_client, hr):
    response = hr_client.post(
        reverse("cohorts_charterversion:add"),
        {"cohort": "", "subgroup": "", "body": "", "owner": hr.pk, **_enforcer_rows()},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"cohort", "body"}
    assert not CharterVersion.objects.exists()


def test_enforcers_are_chosen_in_the_people_chooser_not_a_plain_list(hr_client, hr):
    EmployeeProfileFactory(full_name="Someone Listed")

    html = hr_client.get(reverse("cohorts_charterversion:add")).content.decode()

    assert 'name="enforcers"' not in html
    assert "enforcer_rows-TOTAL_FORMS" in html
    assert reverse("person_chooser:choose") in html
    assert "Someone Listed" not in html  # no list of every employee on the form


# --- Reports and the audit log ---------------------------------------------------------


@pytest.fixture
def report(cohort, make_member):
    reporter, target = make_member(), make_member()
    return Report.objects.create(
        cohort=cohort, reporter=reporter.user, target_member=target, reason="Spam links"
    )


def test_the_reports_queue_lists_open_reports(hr_client, report):
    response = hr_client.get(reverse("cohorts_report:index"), {"status": "open"})

    assert [r.pk for r in response.context["object_list"]] == [report.pk]


def test_muting_needs_a_date_and_saves_nothing_without_one(hr_client, report):
    response = hr_client.post(
        reverse("cohorts_report_decide", args=[report.pk]), {"outcome": "mute", "note": ""}
    )

    assert response.status_code == 400
    assert "Say until when the member is muted." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


def test_muting_until_a_date(hr_client, report):
    until = timezone.localtime() + datetime.timedelta(days=3)

    response = hr_client.post(
        reverse("cohorts_report_decide", args=[report.pk]),
        {"outcome": "mute", "mute_until": until.strftime("%Y-%m-%d %H:%M"), "note": "Cool off"},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    report.target_member.refresh_from_db()
    assert report.outcome == Report.Outcome.MUTE
    assert report.target_member.muted_until is not None


def test_deciding_an_unknown_report_is_404(hr_client):
    assert hr_client.get(reverse("cohorts_report_decide", args=[999999])).status_code == 404


def test_the_audit_log_is_read_only_and_filterable(hr_client, cohort, report):
    MembershipEvent.objects.create(cohort=cohort, action="joined")
    MembershipEvent.objects.create(cohort=CohortFactory(), action="left")

    response = hr_client.get(reverse("cohorts_event:index"), {"cohort": cohort.pk})
    add = hr_client.get(reverse("cohorts_event:add"))

    assert [e.action for e in response.context["object_list"]] == ["joined"]
    assert add.status_code in {302, 403}


@pytest.mark.parametrize("size", [5, 300])
def test_memberships_and_audit_log_cost_the_same_queries_at_any_size(
    hr_client, cohort, make_member, django_assert_max_num_queries, size
):
    _members(cohort, size)
    reporter, target = make_member(), make_member()
    for _ in range(min(size, 60)):
        Report.objects.create(
            cohort=cohort, reporter=reporter.user, target_member=target, reason="Spam"
        )
        MembershipEvent.objects.create(cohort=cohort, membership=target, action="warned")

    for url in (
        reverse("wagtailsnippets_cohorts_membership:list"),
        reverse("cohorts_event:index"),
        reverse("cohorts_report:index"),
        reverse("cohorts_subgroup:index"),
    ):
        with django_assert_max_num_queries(30):
            assert hr_client.get(url).status_code == 200


def test_organizers_with_page_permissions_add_programs_under_the_home_page(hr_client, hr):
    from wagtail.models import GroupPagePermission
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    home = HomePage.objects.first()
    organizers = Group.objects.get(name="Organizers")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=organizers, page=home, permission=Permission.objects.get(codename=codename)
        )

    response = hr_client.post(
        reverse("wagtailadmin_pages:add", args=["cohorts", "programpage", home.pk]),
        nested_form_data(
            {
                "title": "Sales enablement",
                "slug": "sales-enablement",
                "kind": "sales",
                "group_wide": "on",
                "description": rich_text("<p>Selling with our case library.</p>"),
                "curriculum": streamfield([]),
                "resources": streamfield([]),
                "action-publish": "1",
            }
        ),
    )

    assert response.status_code == 302
    assert ProgramPage.objects.filter(slug="sales-enablement").exists()


def test_an_entry_rule_is_written_in_the_admin(hr_client, cohort, ladder):
    east = RegionFactory(name="East")

    response = hr_client.post(
        reverse("cohorts_entryrule:add"),
        {
            "cohort": cohort.pk,
            "subgroup": "",
            "min_level": ladder["manager"].pk,
            "max_level": "",
            "regions": [east.pk],
            "approver": "organizer",
            "approval_required": "on",
        },
    )

    assert response.status_code == 302
    rule = cohort.entry_rule
    assert rule.approval_required
    assert list(rule.regions.all()) == [east]


def test_the_cohort_slug_follows_the_name_as_hr_types(hr_client, db):
    page = hr_client.get(reverse("cohorts_cohort:add")).text

    assert 'data-controller="w-sync"' in page
    assert "w-slug" in page


def test_a_program_is_not_published_for_nobody(db):
    from django.core.exceptions import ValidationError

    from cohorts.models import ProgramPage
    from tests.learning.factories import SubsidiaryFactory

    home = HomePage.objects.first()
    page = ProgramPage(title="Nobody's program", slug="nobodys", group_wide=False)
    with pytest.raises(ValidationError) as exc:
        home.add_child(instance=page)
    assert "subsidiaries" in exc.value.message_dict

    page = ProgramPage(title="East only", slug="east-only", group_wide=False)
    page.subsidiaries = [SubsidiaryFactory()]
    home.add_child(instance=page)
    assert page.pk


def test_group_rules_keep_their_lines_and_name_people(hr_client, hr, cohort):
    from tests.cohorts.factories import charter_published

    version = charter_published(
        cohort=cohort, owner=hr, body="1. Be kind.\n2. Stay on topic.", enforcers=[hr]
    )

    page = hr_client.get(reverse("cohorts_charterversion:inspect", args=[version.pk])).text

    assert "1. Be kind.<br>2. Stay on topic." in page
    assert hr.profile.full_name in page


def test_the_approver_is_picked_by_name_in_a_chooser(hr_client, cohort):
    from cohorts.models import EntryRule

    approver = EmployeeProfileFactory(full_name="Ioanna Papadaki").user
    rule = EntryRule.objects.create(
        cohort=cohort, approval_required=True, approver="person", approver_user=approver
    )

    page = hr_client.get(reverse("cohorts_entryrule:edit", args=[rule.pk])).text

    assert "person-chooser" in page
    assert "Ioanna Papadaki" in page
    assert approver.username not in page


def test_the_add_by_rule_date_pickers_load_their_script(hr_client):
    page = hr_client.get(reverse("cohorts_memberships_add_by_rule")).text

    assert "wagtailadmin/js/date-time-chooser.js" in page


def test_the_audit_log_lists_what_higher_layers_log_beside_its_own(hr_client, cohort):
    from mentors.models import PairingEvent
    from mentors.questions.models import QuestionEvent

    other = CohortFactory()
    MembershipEvent.objects.create(cohort=cohort, action="joined")
    PairingEvent.objects.create(cohort=cohort, action=PairingEvent.Action.values[0])
    QuestionEvent.objects.create(cohort=cohort, action=QuestionEvent.Action.values[0])
    PairingEvent.objects.create(cohort=other, action=PairingEvent.Action.values[0])

    everything = hr_client.get(reverse("cohorts_event:index"))
    ours = hr_client.get(reverse("cohorts_event:index"), {"cohort": cohort.pk})
    joined_only = hr_client.get(reverse("cohorts_event:index"), {"action": "joined"})

    assert everything.status_code == 200
    kinds = [type(row).__name__ for row in ours.context["object_list"]]
    assert sorted(kinds) == ["MembershipEvent", "PairingEvent", "QuestionEvent"]
    assert len(everything.context["object_list"]) == 4
    assert [row.action for row in joined_only.context["object_list"]] == ["joined"]
    assert "Question board event" in ours.content.decode()

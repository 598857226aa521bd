"""The member pages of cohorts: who sees what, joining, posting, reporting, bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import Cohort, Membership, Post, Report, SubGroupMembership
from learning.models import EmployeeProfile, User
from tests.cohorts.factories import (
    CohortFactory,
    EntryRuleFactory,
    PostFactory,
    SubGroupFactory,
    SubGroupMembershipFactory,
)
from tests.learning.factories import EmployeeProfileFactory

pytestmark = pytest.mark.django_db


def _url(name, cohort, *args):
    return reverse(f"cohorts:{name}", args=[cohort.slug, *args])


@pytest.fixture
def member(make_member, rules):
    membership = make_member()
    membership.rules_accepted_version = rules
    membership.save()
    return membership


def _bulk_members(cohort, count):
    """``count`` active members in three queries, with directory profiles."""
    level = EmployeeProfileFactory().level
    users = User.objects.bulk_create(
        [
            User(username=f"bulk-{cohort.pk}-{i}", email=f"b{cohort.pk}-{i}@guild.test")
            for i in range(count)
        ]
    )
    users = list(User.objects.filter(username__startswith=f"bulk-{cohort.pk}-"))
    EmployeeProfile.objects.bulk_create(
        [
            EmployeeProfile(
                user=user,
                employee_id=f"B{cohort.pk}-{i}",
                full_name=f"Bulk Person {i:04d}",
                email=user.email,
                level=level,
            )
            for i, user in enumerate(users)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(cohort=cohort, user=user, status=Membership.Status.ACTIVE) for user in users]
    )


# --- My cohorts ------------------------------------------------------------------------


def test_my_cohorts_lists_mine_and_open_ones_with_join_or_the_exact_reason(
    client, member, ladder, organizer
):
    open_to_me = CohortFactory(name="Spring sales sprint")
    directors = CohortFactory(name="Directors circle")
    EntryRuleFactory(cohort=directors, min_level=ladder["director"])
    client.force_login(member.user)

    response = client.get(reverse("cohorts:mine"))

    assert response.status_code == 200
    html = response.content.decode()
    assert member.cohort.name in html
    assert "Spring sales sprint" in html
    assert reverse("cohorts:join", args=[open_to_me.slug]) in html
    assert "Directors circle" in html
    assert "This group is for Director level and above; your level is Associate." in html


def test_my_cohorts_needs_a_sign_in(client):
    response = client.get(reverse("cohorts:mine"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_home_page_shows_my_cohorts_panel_and_the_nav_link(client, member, site_home_page):
    client.force_login(member.user)

    response = client.get("/")

    html = response.content.decode()
    assert 'data-testid="home-cohorts"' in html
    assert member.cohort.name in html
    assert reverse("cohorts:mine") in html


@pytest.fixture
def site_home_page(db):
    from learning.models import HomePage

    return HomePage.objects.first()


# --- Cohort home -----------------------------------------------------------------------


def test_cohort_home_shows_schedule_announcements_and_sub_groups_to_a_member(
    client, member, organizer
):
    cohort = member.cohort
    PostFactory(cohort=cohort, author=organizer, kind=Post.Kind.ANNOUNCEMENT, body="Guest tonight")
    group = SubGroupFactory(cohort=cohort, name="East region")
    SubGroupMembershipFactory(subgroup=group, membership=member)
    client.force_login(member.user)

    response = client.get(_url("home", cohort))

    assert response.status_code == 200
    html = response.content.decode()
    assert "19:30" in html
    assert "21:00" in html
    assert "Guest tonight" in html
    assert "East region" in html
    assert 'data-testid="rules-banner"' not in html


@pytest.mark.parametrize("size", [3, 300])
def test_cohort_home_counts_everyone_in_my_sub_groups_in_fixed_queries(
    client, member, django_assert_max_num_queries, size
):
    # Given a sub-group of the member and ``size`` others
    _bulk_members(member.cohort, size)
    group = SubGroupFactory(cohort=member.cohort, name="East region")
    SubGroupMembership.objects.bulk_create(
        SubGroupMembership(subgroup=group, membership=m, status=Membership.Status.ACTIVE)
        for m in Membership.objects.filter(cohort=member.cohort)
    )
    client.force_login(member.user)

    # When they open the cohort home
    with django_assert_max_num_queries(20):
        response = client.get(_url("home", member.cohort))

    # Then the sub-group shows all its members, not just the viewer
    assert response.status_code == 200
    [mine] = response.context["home"].my_subgroups
    assert mine.member_count == size + 1


def test_cohort_home_sends_a_non_member_to_the_join_page(client, cohort, outsider):
    client.force_login(outsider)

    response = client.get(_url("home", cohort))

    assert response.status_code == 302
    assert response["Location"] == _url("join", cohort)


def test_a_draft_cohort_is_unknown_to_outsiders_but_open_to_hr(client, outsider, organizer):
    draft = CohortFactory(status=Cohort.Status.DRAFT)

    client.force_login(outsider)
    assert client.get(_url("home", draft)).status_code == 404
    assert client.get(_url("join", draft)).status_code == 404

    client.force_login(organizer)
    assert client.get(_url("home", draft)).status_code == 200


def test_an_unknown_cohort_answers_404(client, outsider):
    client.force_login(outsider)

    assert client.get("/cohorts/no-such-cohort/").status_code == 404
    assert client.get("/cohorts/no-such-cohort/members/").status_code == 404


def test_a_member_with_rules_to_accept_sees_the_banner_and_cannot_post(client, make_member, rules):
    membership = make_member()  # joined before the rules were published
    client.force_login(membership.user)

    page = client.get(_url("home", membership.cohort))
    response = client.post(_url("home", membership.cohort), {"body": "Hello"})

    assert 'data-testid="rules-banner"' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == _url("rules", membership.cohort)
    assert not Post.objects.exists()


def test_a_member_posts_to_the_feed(client, member):
    client.force_login(member.user)

    response = client.post(_url("home", member.cohort), {"body": "Glad to be here"})

    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.body, post.kind, post.author) == ("Glad to be here", Post.Kind.POST, member.user)


def test_an_empty_post_is_refused_with_a_message_and_nothing_saved(client, member):
    client.force_login(member.user)

    response = client.post(_url("home", member.cohort), {"body": "   "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Post.objects.exists()


def test_a_newcomer_cannot_post_an_announcement(client, member):
    client.force_login(member.user)

    client.post(_url("home", member.cohort), {"body": "Listen up", "announcement": "on"})

    # The box has no announcement field for newcomers: the post is an ordinary one.
    assert Post.objects.get().kind == Post.Kind.POST


def test_a_muted_member_is_told_until_when(client, member):
    Membership.objects.filter(pk=member.pk).update(
        muted_until=timezone.now() + datetime.timedelta(days=2)
    )
    client.force_login(member.user)

    response = client.post(_url("home", member.cohort), {"body": "Hello again"})

    assert response.status_code == 403
    assert "You are muted in this cohort until" in response.content.decode()
    assert not Post.objects.exists()


@pytest.mark.parametrize("size", [10, 2_000])
def test_cohort_home_costs_the_same_queries_at_any_size(
    client, member, organizer, django_assert_max_num_queries, size
):
    _bulk_members(member.cohort, size)
    for index in range(12):
        PostFactory(cohort=member.cohort, author=organizer, body=f"Post {index}")
    client.force_login(member.user)

    with django_assert_max_num_queries(20):
        response = client.get(_url("home", member.cohort))

    assert response.status_code == 200


# --- Joining and leaving ---------------------------------------------------------------


def test_the_join_page_shows_the_rules_to_accept(client, cohort, rules, outsider):
    client.force_login(outsider)

    response = client.get(_url("join", cohort))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="entry-ok"' in html
    assert rules.body in html
    assert 'name="accept_rules"' in html


def test_joining_needs_the_rules_accepted_and_saves_nothing_otherwise(
    client, cohort, rules, outsider
):
    client.force_login(outsider)

    response = client.post(_url("join", cohort), {"introduction": "Hi"})

    assert response.status_code == 400
    assert "Accept the group rules to join." in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()
    assert not Post.objects.exists()


def test_joining_with_an_introduction(client, cohort, rules, outsider):
    client.force_login(outsider)

    response = client.post(
        _url("join", cohort),
        {"accept_rules": "on", "introduction": "I sell to hospitals in the East."},
    )

    assert response.status_code == 302
    assert response["Location"] == _url("home", cohort)
    membership = Membership.objects.get(user=outsider, cohort=cohort)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.rules_accepted_version == rules
    intro = Post.objects.get(author=outsider)
    assert intro.kind == Post.Kind.INTRODUCTION


def test_an_introduction_too_long_is_refused_before_joining(client, cohort, rules, outsider):
    client.force_login(outsider)

    response = client.post(
        _url("join", cohort), {"accept_rules": "on", "introduction": "x" * 2_001}
    )

    assert response.status_code == 400
    assert not Membership.objects.filter(user=outsider).exists()


def test_a_refused_join_lists_every_failed_condition(client, cohort, rules, ladder, outsider):
    EntryRuleFactory(
        cohort=cohort, min_level=ladder["director"], hired_before=datetime.date(2020, 1, 1)
    )
    client.force_login(outsider)

    page = client.get(_url("join", cohort))
    response = client.post(_url("join", cohort), {"accept_rules": "on"})

    html = page.content.decode()
    assert "This group is for Director level and above" in html
    assert "hired on or before" in html
    assert response.status_code == 400
    assert not Membership.objects.filter(user=outsider).exists()


def test_joining_a_cohort_that_needs_approval_waits(client, cohort, rules, outsider):
    EntryRuleFactory(cohort=cohort, approval_required=True)
    client.force_login(outsider)

    response = client.post(_url("join", cohort), {"accept_rules": "on", "introduction": "Hi"})

    assert response.status_code == 302
    assert Membership.objects.get(user=outsider).status == Membership.Status.REQUESTED
    assert not Post.objects.exists()


def test_bad_join_data_never_breaks_the_page(client, cohort, rules, outsider):
    client.force_login(outsider)

    response = client.post(
        _url("join", cohort), {"accept_rules": ["x", "y"], "introduction": ["a", "b"]}
    )

    assert response.status_code in {302, 400}


def test_leaving_asks_first_then_leaves(client, member):
    client.force_login(member.user)

    confirm = client.get(_url("leave", member.cohort))
    response = client.post(_url("leave", member.cohort))

    assert confirm.status_code == 200
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Membership.Status.LEFT


def test_leaving_a_cohort_i_am_not_in_is_404(client, cohort, outsider):
    client.force_login(outsider)

    assert client.post(_url("leave", cohort)).status_code == 404


# --- Group rules -----------------------------------------------------------------------


def test_rules_show_owner_enforcers_and_accept_when_needed(client, make_member, rules, organizer):
    membership = make_member()
    client.force_login(membership.user)

    page = client.get(_url("rules", membership.cohort))
    response = client.post(_url("rules", membership.cohort), {"version": rules.number})

    html = page.content.decode()
    assert rules.body in html
    assert organizer.profile.full_name in html
    assert "I accept these rules" in html
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.rules_accepted_version == rules


@pytest.mark.parametrize("version", ["", "abc", "99"])
def test_accepting_a_wrong_version_is_refused_cleanly(client, make_member, rules, version):
    membership = make_member()
    client.force_login(membership.user)

    response = client.post(_url("rules", membership.cohort), {"version": version})

    assert response.status_code == 400
    membership.refresh_from_db()
    assert membership.rules_accepted_version is None


def test_an_outsider_cannot_accept_rules(client, cohort, rules, outsider):
    client.force_login(outsider)

    response = client.post(_url("rules", cohort), {"version": rules.number})

    assert response.status_code == 403


# --- Members ---------------------------------------------------------------------------


def test_members_page_filters_by_role_and_sub_group(client, member, make_member):
    helper = make_member(Membership.Role.HELPER, helper_duty="Check-ins")
    group = SubGroupFactory(cohort=member.cohort)
    SubGroupMembershipFactory(subgroup=group, membership=member)
    client.force_login(member.user)

    by_role = client.get(_url("members", member.cohort), {"role": "helper"})
    by_group = client.get(_url("members", member.cohort), {"group": group.slug})

    assert [m.pk for m in by_role.context["page"].object_list] == [helper.pk]
    assert [m.pk for m in by_group.context["page"].object_list] == [member.pk]


@pytest.mark.parametrize(
    "query", [{"role": "wizard"}, {"group": "nope"}, {"page": "9999"}, {"page": "abc"}]
)
def test_members_page_shrugs_off_bad_filters(client, member, query):
    client.force_login(member.user)

    response = client.get(_url("members", member.cohort), query)

    assert response.status_code == 200


def test_members_page_is_for_members_only(client, cohort, outsider):
    client.force_login(outsider)

    response = client.get(_url("members", cohort))

    assert response.status_code == 302


@pytest.mark.parametrize("size", [10, 2_000])
def test_members_page_costs_the_same_queries_at_any_size(
    client, member, django_assert_max_num_queries, size
):
    _bulk_members(member.cohort, size)
    client.force_login(member.user)

    with django_assert_max_num_queries(16):
        response = client.get(_url("members", member.cohort), {"page": "2"} if size > 30 else {})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(30, size + 1)


# --- Sub-groups ------------------------------------------------------------------------


def test_a_sub_group_member_reads_its_posts_and_members(client, member):
    group = SubGroupFactory(cohort=member.cohort, name="Planning table")
    SubGroupMembershipFactory(subgroup=group, membership=member)
    PostFactory(cohort=member.cohort, subgroup=group, author=member.user, body="Agenda")
    client.force_login(member.user)

    response = client.get(_url("subgroup", member.cohort, group.slug))

    assert response.status_code == 200
    assert response.context["can_read"] is True
    assert "Agenda" in response.content.decode()


def test_a_cohort_member_outside_the_sub_group_sees_only_a_join_button(client, member, make_member):
    group = SubGroupFactory(cohort=member.cohort)
    other = make_member()
    SubGroupMembershipFactory(subgroup=group, membership=other)
    PostFactory(cohort=member.cohort, subgroup=group, author=other.user, body="Members only")
    client.force_login(member.user)

    response = client.get(_url("subgroup", member.cohort, group.slug))
    refused = client.post(_url("subgroup", member.cohort, group.slug), {"body": "let me in"})

    assert response.status_code == 200
    assert "Members only" not in response.content.decode()
    assert "Join this sub-group" in response.content.decode()
    assert refused.status_code == 403


def test_joining_a_sub_group(client, member):
    group = SubGroupFactory(cohort=member.cohort)
    client.force_login(member.user)

    response = client.post(_url("subgroup_join", member.cohort, group.slug))

    assert response.status_code == 302
    assert SubGroupMembership.objects.filter(subgroup=group, membership=member).exists()


def test_a_hidden_sub_group_is_404_to_those_who_could_not_join(client, member, ladder, organizer):
    hidden = SubGroupFactory(cohort=member.cohort, hidden_from_non_eligible=True)
    EntryRuleFactory(subgroup=hidden, min_level=ladder["director"])

    client.force_login(member.user)
    assert client.get(_url("subgroup", member.cohort, hidden.slug)).status_code == 404
    assert client.post(_url("subgroup_join", member.cohort, hidden.slug)).status_code == 404

    client.force_login(organizer)
    assert client.get(_url("subgroup", member.cohort, hidden.slug)).status_code == 200


def test_the_operations_team_reads_every_sub_group(client, make_member):
    helper = make_member(Membership.Role.HELPER, helper_duty="Q&A triage")
    group = SubGroupFactory(cohort=helper.cohort)
    client.force_login(helper.user)

    response = client.get(_url("subgroup", helper.cohort, group.slug))

    assert response.context["can_read"] is True


def test_sub_groups_are_404_to_non_members_of_the_cohort(client, cohort, outsider):
    group = SubGroupFactory(cohort=cohort)
    client.force_login(outsider)

    assert client.get(_url("subgroup", cohort, group.slug)).status_code == 404


# --- Reports ---------------------------------------------------------------------------


def test_reporting_a_post_then_seeing_it_in_my_reports(client, member, make_member):
    other = make_member()
    post = PostFactory(cohort=member.cohort, author=other.user, body="Buy my course!")
    client.force_login(member.user)

    response = client.post(
        _url("report_post", member.cohort, post.pk), {"reason": "Advertising", "rule_excerpt": ""}
    )
    mine = client.get(reverse("cohorts:my_reports"))

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.target_post, report.target_member, report.reporter) == (post, other, member.user)
    assert "Advertising" in mine.content.decode()
    assert "Being reviewed" in mine.content.decode()


def test_reporting_a_member(client, member, make_member):
    other = make_member()
    client.force_login(member.user)

    response = client.post(_url("report_member", member.cohort, other.pk), {"reason": "Rude"})

    assert response.status_code == 302
    assert Report.objects.get().target_member == other


def test_a_report_without_a_reason_is_refused_and_nothing_saved(client, member, make_member):
    other = make_member()
    client.force_login(member.user)

    response = client.post(_url("report_member", member.cohort, other.pk), {"reason": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_something_that_is_not_there_is_404(client, member):
    other_cohort_post = PostFactory(cohort=CohortFactory())
    client.force_login(member.user)

    assert client.get(_url("report_post", member.cohort, 999999)).status_code == 404
    assert client.get(_url("report_post", member.cohort, other_cohort_post.pk)).status_code == 404
    assert client.get(_url("report_member", member.cohort, 999999)).status_code == 404
    assert client.get(_url("report_member", member.cohort, member.pk)).status_code == 404


def test_outsiders_cannot_report(client, cohort, outsider, make_member):
    other = make_member()
    client.force_login(outsider)

    assert client.get(_url("report_member", cohort, other.pk)).status_code == 403


def test_my_reports_shows_the_outcome(client, member, make_member, organizer):
    other = make_member()
    report = services.report_create(
        cohort=member.cohort, reporter=member.user, target_member=other, reason="Spam"
    )
    services.report_decide(report=report, actor=organizer, outcome="warn", note="Warned once.")
    client.force_login(member.user)

    response = client.get(reverse("cohorts:my_reports"))

    assert "Warning" in response.content.decode()
    assert "Warned once." in response.content.decode()


def test_a_program_page_lists_the_cohorts_its_viewer_may_see(client, member):
    # Given an open cohort of a program and a draft one of the same program
    cohort = member.cohort
    draft = CohortFactory(program=cohort.program, name="Not yet", status=Cohort.Status.DRAFT)
    client.force_login(EmployeeProfileFactory().user)
    # When an employee opens the program page
    response = client.get(cohort.program.url)
    # Then they see the open cohort and not the draft
    assert response.status_code == 200
    assert cohort.name in response.text
    assert draft.name not in response.text

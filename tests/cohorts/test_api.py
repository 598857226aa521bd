"""The cohort API: a permission matrix for sub-groups, the main flows, and query counts."""

import pytest
from django.utils import timezone

from cohorts import selectors, services
from cohorts.models import Membership, Post, SubGroup
from learning.models import EmployeeProfile, User
from tests.cohorts.factories import (
    EntryRuleFactory,
    MembershipFactory,
    PostFactory,
    SubGroupFactory,
    SubGroupMembershipFactory,
    charter_published,
)

pytestmark = pytest.mark.django_db
Role = Membership.Role
API = "/api/v1"


def _as(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def world(cohort, organizer, make_member, ladder):
    """A cohort with an open East group and a hidden directors-only group."""
    east = SubGroupFactory(cohort=cohort, name="East", slug="east")
    directors = SubGroupFactory(
        cohort=cohort, name="Directors", slug="directors", hidden_from_non_eligible=True
    )
    EntryRuleFactory(subgroup=directors, min_level=ladder["director"])
    people = {
        "sg_member": make_member(),
        "cohort_member": make_member(),
        "director": make_member(level="director"),
        "helper": make_member(Role.HELPER, helper_duty="Check-in supervision"),
    }
    SubGroupMembershipFactory(subgroup=east, membership=people["sg_member"])
    PostFactory(cohort=cohort, subgroup=east, author=people["sg_member"].user, body="East only")
    PostFactory(cohort=cohort, subgroup=directors, author=organizer, body="Board matters")
    charter_published(subgroup=east, owner=organizer, body="East rules")
    return {"cohort": cohort, "east": east, "directors": directors, **people}


def _subgroup_calls(cohort, subgroup):
    base = f"{API}/cohorts/{cohort.slug}/subgroups/{subgroup.slug}"
    return [
        ("get", base, None),
        ("get", f"{base}/members", None),
        ("get", f"{base}/posts", None),
        ("get", f"{base}/rules", None),
        ("post", f"{base}/join", {}),
        ("post", f"{base}/posts", {"body": "Hello"}),
        ("post", f"{base}/rules/accept", {"version": 1}),
    ]


def _call(client, method, url, body):
    if method == "get":
        return client.get(url)
    return client.post(url, body, content_type="application/json")


def test_a_cohort_outsider_gets_nothing_from_any_subgroup_endpoint(client, world, outsider):
    _as(client, outsider)
    listing = client.get(f"{API}/cohorts/{world['cohort'].slug}/subgroups")
    assert listing.status_code == 403
    for subgroup in (world["east"], world["directors"]):
        for method, url, body in _subgroup_calls(world["cohort"], subgroup):
            response = _call(client, method, url, body)
            assert response.status_code in {403, 404}, (method, url, response.status_code)
            assert set(response.json()) == {"error"}
            assert "East only" not in response.content.decode()
    assert not Post.objects.filter(body="Hello").exists()


def test_anonymous_gets_401(client, world):
    response = client.get(f"{API}/cohorts/{world['cohort'].slug}/subgroups/east/members")
    assert response.status_code == 401


def test_a_hidden_subgroup_is_neither_listed_nor_found_for_the_ineligible(client, world):
    _as(client, world["cohort_member"].user)

    listing = client.get(f"{API}/cohorts/{world['cohort'].slug}/subgroups")

    assert [row["slug"] for row in listing.json()] == ["east"]
    for method, url, body in _subgroup_calls(world["cohort"], world["directors"]):
        assert _call(client, method, url, body).status_code == 404, url


def test_an_eligible_director_sees_the_hidden_group_but_not_its_content(client, world):
    _as(client, world["director"].user)

    listing = client.get(f"{API}/cohorts/{world['cohort'].slug}/subgroups")
    base = f"{API}/cohorts/{world['cohort'].slug}/subgroups/directors"

    assert {row["slug"] for row in listing.json()} == {"east", "directors"}
    assert client.get(f"{base}/posts").status_code == 403
    assert client.get(f"{base}/members").status_code == 403
    joined = client.post(f"{base}/join", {}, content_type="application/json")
    assert joined.status_code == 200
    assert client.get(f"{base}/posts").json()["items"][0]["body"] == "Board matters"


def test_cohort_member_outside_a_subgroup_sees_it_listed_but_not_its_content(client, world):
    _as(client, world["cohort_member"].user)
    base = f"{API}/cohorts/{world['cohort'].slug}/subgroups/east"

    assert client.get(base).json()["member_count"] == 1
    assert client.get(f"{base}/rules").json()["body"] == "East rules"
    for url in (f"{base}/members", f"{base}/posts"):
        response = client.get(url)
        assert response.status_code == 403
        assert "East only" not in response.content.decode()
    created = client.post(f"{base}/posts", {"body": "Hi"}, content_type="application/json")
    assert created.status_code == 403


@pytest.mark.parametrize("who", ["sg_member", "helper", "organizer"])
def test_subgroup_members_and_staff_read_its_content(client, world, organizer, who):
    user = organizer if who == "organizer" else world[who].user
    _as(client, user)
    base = f"{API}/cohorts/{world['cohort'].slug}/subgroups/east"

    members = client.get(f"{base}/members").json()
    posts = client.get(f"{base}/posts").json()

    assert members["count"] == 1
    assert [p["body"] for p in posts["items"]] == ["East only"]


def test_staff_see_every_subgroup(client, world):
    _as(client, world["helper"].user)
    listing = client.get(f"{API}/cohorts/{world['cohort'].slug}/subgroups")
    assert {row["slug"] for row in listing.json()} == {"east", "directors"}


def test_selectors_follow_the_same_matrix(world, outsider):
    cohort = world["cohort"]
    for user, expected in [
        (world["cohort_member"].user, {"east"}),
        (world["director"].user, {"east", "directors"}),
        (world["helper"].user, {"east", "directors"}),
        (outsider, set()),
    ]:
        visible = selectors.subgroups_visible(cohort=cohort, user=user)
        assert {s.slug for s in visible} == expected


# --- Main flows over HTTP ---------------------------------------------------------------


def test_join_flow_over_the_api(client, cohort, rules, outsider):
    _as(client, outsider)
    refused = client.post(f"{API}/cohorts/{cohort.slug}/join", {}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["accept_rules_version"]

    joined = client.post(
        f"{API}/cohorts/{cohort.slug}/join",
        {"accept_rules_version": 1},
        content_type="application/json",
    )

    assert joined.status_code == 200
    assert joined.json()["status"] == "active"
    detail = client.get(f"{API}/cohorts/{cohort.slug}").json()
    assert detail["membership"]["status"] == "active"
    assert detail["needs_rules_acceptance"] is False
    assert detail["allowed_transitions"] == []


def test_entry_rule_refusal_over_the_api(client, cohort, ladder, outsider):
    EntryRuleFactory(cohort=cohort, min_level=ladder["director"])
    _as(client, outsider)

    response = client.post(f"{API}/cohorts/{cohort.slug}/join", {}, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["entry_rule"] == [
        "This group is for Director level and above; your level is Associate."
    ]


def test_organizer_transitions_and_members_cannot(client, cohort, organizer, make_member):
    member = make_member().user
    url = f"{API}/cohorts/{cohort.slug}/transition"

    assert (
        _as(client, member)
        .post(url, {"status": "running"}, content_type="application/json")
        .status_code
        == 403
    )
    response = _as(client, organizer).post(
        url, {"status": "running"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "running"


def test_draft_cohorts_are_unknown_to_members_of_the_public(client, cohort, outsider):
    cohort.status = "draft"
    cohort.save()

    assert _as(client, outsider).get(f"{API}/cohorts/{cohort.slug}").status_code == 404
    assert client.get(f"{API}/cohorts").json()["count"] == 0


def test_reports_over_the_api(client, cohort, organizer, make_member):
    reporter = make_member().user
    offender = make_member()
    post = PostFactory(cohort=cohort, author=offender.user)
    created = _as(client, reporter).post(
        f"{API}/cohorts/{cohort.slug}/reports",
        {"target_post_id": post.pk, "reason": "Spam"},
        content_type="application/json",
    )
    assert created.status_code == 201
    report_id = created.json()["id"]
    assert client.get(f"{API}/cohorts/{cohort.slug}/reports").status_code == 403
    decide = f"{API}/reports/{report_id}/decide"
    assert (
        client.post(decide, {"outcome": "warn"}, content_type="application/json").status_code == 404
    )

    decided = _as(client, organizer).post(
        decide, {"outcome": "warn", "note": "Noted."}, content_type="application/json"
    )
    assert decided.status_code == 200
    listed = client.get(f"{API}/cohorts/{cohort.slug}/reports").json()
    assert listed["items"][0]["outcome"] == "warn"

    mine = _as(client, reporter).get(f"{API}/reports/mine").json()
    assert (mine["items"][0]["outcome"], mine["items"][0]["note"]) == ("warn", "Noted.")


def test_approve_over_the_api(client, cohort, organizer, outsider):
    EntryRuleFactory(cohort=cohort, approval_required=True)
    request_id = (
        _as(client, outsider)
        .post(f"{API}/cohorts/{cohort.slug}/join", {}, content_type="application/json")
        .json()["id"]
    )
    assert (
        client.post(
            f"{API}/memberships/{request_id}/approve", {}, content_type="application/json"
        ).status_code
        == 403
    )

    response = _as(client, organizer).post(
        f"{API}/memberships/{request_id}/approve", {}, content_type="application/json"
    )

    assert response.json()["status"] == "active"


def test_posts_and_announcements_over_the_api(client, cohort, make_member):
    member = make_member().user
    _as(client, member)
    url = f"{API}/cohorts/{cohort.slug}/posts"

    refused = client.post(
        url, {"body": "Big news", "kind": "announcement"}, content_type="application/json"
    )
    intro = client.post(
        url, {"body": "Hi, I am new", "kind": "introduction"}, content_type="application/json"
    )

    assert refused.status_code == 403
    assert intro.status_code == 201
    assert client.get(url).json()["items"][0]["kind"] == "introduction"


def test_programs_list_and_detail(client, cohort, outsider):
    _as(client, outsider)
    programs = client.get(f"{API}/programs").json()
    detail = client.get(f"{API}/programs/{cohort.program_id}").json()

    assert [p["id"] for p in programs] == [cohort.program_id]
    assert [c["slug"] for c in detail["cohorts"]] == [cohort.slug]


def test_subgroup_preview_and_generate(client, cohort, organizer, make_member):
    from tests.learning.factories import RegionFactory

    east, west = RegionFactory(name="East"), RegionFactory(name="West")
    for region in (east, east, west):
        make_member(region=region)
    _as(client, organizer)
    base = f"{API}/cohorts/{cohort.slug}/subgroups"

    preview = client.post(
        f"{base}/preview", {"dimension": "region"}, content_type="application/json"
    ).json()
    assert [(p["name"], p["member_count"]) for p in preview] == [("East", 2), ("West", 1)]
    assert not SubGroup.objects.filter(cohort=cohort).exists()

    created = client.post(
        f"{base}/generate", {"dimension": "region"}, content_type="application/json"
    )
    again = client.post(
        f"{base}/generate", {"dimension": "region"}, content_type="application/json"
    )

    assert created.status_code == 201
    assert sorted((g["name"], g["member_count"]) for g in created.json()) == [
        ("East", 2),
        ("West", 1),
    ]
    assert again.json() == []
    bad = client.post(f"{base}/preview", {"dimension": "shoe"}, content_type="application/json")
    assert bad.status_code == 400


# --- Query counts at two sizes ----------------------------------------------------------


def _bulk_members(cohort, count, ladder):
    users = User.objects.bulk_create(
        [User(username=f"bulk-{cohort.pk}-{i}", email=f"bulk{i}@guild.test") for i in range(count)]
    )
    users = list(User.objects.filter(username__startswith=f"bulk-{cohort.pk}-"))
    EmployeeProfile.objects.bulk_create(
        [
            EmployeeProfile(
                user=user,
                employee_id=f"B{cohort.pk}-{i:05d}",
                full_name=f"Member {i:05d}",
                email=user.email,
                level=ladder["associate"],
            )
            for i, user in enumerate(users)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(cohort=cohort, user=user, status="active", joined_at=timezone.now())
            for user in users
        ]
    )
    Post.objects.bulk_create(
        [
            Post(cohort=cohort, author=users[i], kind="announcement", body=f"News {i}")
            for i in range(10)
        ]
    )


@pytest.mark.parametrize("size", [10, 2000])
def test_cohort_home_and_members_list_cost_the_same_at_any_size(
    client, cohort, rules, make_member, ladder, size, django_assert_max_num_queries
):
    _bulk_members(cohort, size, ladder)
    viewer = make_member().user
    _as(client, viewer)

    with django_assert_max_num_queries(12):
        home = selectors.cohort_home(cohort=cohort, user=viewer)
        assert len(home.announcements) == 5
    with django_assert_max_num_queries(12):
        response = client.get(f"{API}/cohorts/{cohort.slug}/members?page_size=50")
    assert response.json()["count"] == size + 1
    assert len(response.json()["items"]) == min(size + 1, 50)


@pytest.mark.parametrize("size", [10, 2000])
def test_cohorts_list_costs_the_same_at_any_size(
    client, cohort, make_member, ladder, size, django_assert_max_num_queries
):
    _bulk_members(cohort, size, ladder)
    _as(client, make_member().user)

    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/cohorts")

    assert response.json()["items"][0]["member_count"] == size + 1


def test_a_big_cohort_without_operations_team_is_flagged(
    cohort, rules, ladder, organizer, make_member
):
    _bulk_members(cohort, 201, ladder)

    warnings = selectors.cohort_health_warnings(cohort)
    assert any("no operations team" in w for w in warnings)

    make_member(Role.HELPER, helper_duty="Check-in supervision")
    assert selectors.cohort_health_warnings(cohort) == []


def test_a_cohort_of_200_is_not_flagged(cohort, rules, ladder):
    _bulk_members(cohort, 200, ladder)
    assert selectors.cohort_health_warnings(cohort) == []


def test_waves_number_themselves(cohort, organizer, make_member):
    group = SubGroupFactory(cohort=cohort)
    first = [make_member() for _ in range(2)]
    second = [make_member()]

    services.subgroup_add_next_wave(subgroup=group, users=[m.user for m in first], actor=organizer)
    services.subgroup_add_next_wave(subgroup=group, users=[m.user for m in second], actor=organizer)

    waves = dict(group.memberships.values_list("membership__user_id", "wave"))
    assert waves == {first[0].user_id: 1, first[1].user_id: 1, second[0].user_id: 2}


def test_membership_factory_makes_active_members(cohort):
    assert MembershipFactory(cohort=cohort).is_active

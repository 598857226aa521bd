"""The room's pages and API: who gets in, bad input on the form, what a page costs at two
sizes, the queue's sections and the cohort home's link for the team only."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership
from cohorts.operations import services
from cohorts.operations.models import Evaluation, PlanItem, RoomPost

pytestmark = pytest.mark.django_db
SMALL, LARGE = 3, 30


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(cohort, team, n):
    week = services.week_of(cohort)
    for index in range(n):
        services.room_post_create(
            cohort=cohort, author=team.helper, kind="note", title=f"笔记 {index}", body="本周"
        )
        item = services.plan_item_add(
            cohort=cohort, week=week, actor=team.core, text=f"Item {index}", owner_id=team.helper.pk
        )
        if index % 2:
            services.plan_item_done(item=item, actor=team.core)
        services.roster_shift_set(
            cohort=cohort, actor=team.core, weekday=index % 7, person_id=team.planning.pk
        )


def test_the_room_costs_the_same_at_two_sizes(client, team, running):
    client.force_login(team.helper)
    url = reverse("operations:room", args=[running.slug])
    _grow(running, team, SMALL)
    small = _queries(client, url)
    small_search = _queries(client, url + "?q=笔记")
    _grow(running, team, LARGE)
    assert _queries(client, url) == small
    assert _queries(client, url + "?q=笔记") == small_search


def test_the_evaluations_page_and_api_cost_the_same_at_two_sizes(
    client, team, running, make_member
):
    client.force_login(team.core)
    today = timezone.localdate()
    urls = [
        reverse("operations:evaluations", args=[running.slug]),
        f"/api/v1/cohorts/{running.slug}/operations/evaluations",
        f"/api/v1/cohorts/{running.slug}/operations/posts",
        f"/api/v1/cohorts/{running.slug}/operations/plan",
    ]
    _grow(running, team, SMALL)
    services.evaluation_round_start(cohort=running, start=today - dt.timedelta(days=6), end=today)
    small = [_queries(client, url) for url in urls]
    for _ in range(LARGE):
        make_member(Membership.Role.HELPER, helper_duty="Q&A triage")
    _grow(running, team, LARGE)
    services.evaluation_round_start(cohort=running, start=today - dt.timedelta(days=13), end=today)
    assert [_queries(client, url) for url in urls] == small


def test_only_the_team_enters_the_room(client, team, running, outsider):
    url = reverse("operations:room", args=[running.slug])
    for user, status in (
        (team.helper, 200),
        (team.organizer, 200),
        (team.newcomer, 403),
        (outsider, 403),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
        api = client.get(f"/api/v1/cohorts/{running.slug}/operations/posts")
        assert api.status_code == status, user


def test_a_bad_post_names_the_field_and_saves_nothing(client, team, running):
    client.force_login(team.core)
    url = reverse("operations:room", args=[running.slug])
    response = client.post(url, {"kind": "note", "title": ""})
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    api = client.post(
        f"/api/v1/cohorts/{running.slug}/operations/posts",
        {"kind": "gossip", "title": "x"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "kind" in api.content.decode()
    assert not RoomPost.objects.exists()


def test_the_api_fills_the_plan_and_marks_done(client, team, running):
    client.force_login(team.planning)
    base = f"/api/v1/cohorts/{running.slug}/operations/plan"
    added = client.post(
        f"{base}/items",
        {"text": "Triage questions", "owner": team.helper.profile.employee_id},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    done = client.put(
        f"{base}/items/{added.json()['id']}/done", {"done": True}, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json()["done_at"]
    plan = client.get(base).json()
    assert [i["text"] for i in plan["items"]] == ["Triage questions"]
    bad = client.post(
        f"{base}/items",
        {"text": "x", "owner": team.newcomer.profile.employee_id},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "owner" in bad.content.decode()
    assert PlanItem.objects.count() == 1


def test_the_api_invites_and_the_member_accepts(client, team, running):
    member = Membership.objects.get(cohort=running, user=team.newcomer)
    client.force_login(team.core)
    created = client.post(
        f"/api/v1/cohorts/{running.slug}/operations/planning-invitations",
        {"membership_id": member.pk, "message": "Plan with us"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    client.force_login(team.newcomer)
    queue = client.get(reverse("cohorts:queue"))
    assert b"planning-invitations" in queue.content
    accepted = client.post(f"/api/v1/operations/planning-invitations/{created.json()['id']}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    member.refresh_from_db()
    assert member.role == Membership.Role.PLANNING


def test_the_invite_page_and_the_assessment(client, team, running):
    member = Membership.objects.get(cohort=running, user=team.newcomer)
    client.force_login(team.organizer)
    url = reverse("operations:planning_invite", args=[running.slug, member.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"message": "Welcome aboard"}).status_code == 302
    again = client.get(url)
    assert b"waiting already" in again.content
    today = timezone.localdate()
    round_, _ = services.evaluation_round_start(
        cohort=running, start=today - dt.timedelta(days=6), end=today
    )
    queue = client.get(reverse("cohorts:queue"))
    assert b"queue-evaluations" in queue.content
    evaluation = Evaluation.objects.get(round=round_, person=team.helper)
    assess = reverse("operations:evaluation_assess", args=[running.slug, evaluation.pk])
    assert client.post(assess, {"assessment": "Kind and quick."}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.assessed_by == team.organizer


def test_the_cohort_home_links_the_room_for_the_team_only(client, team, running):
    home = reverse("cohorts:home", args=[running.slug])
    client.force_login(team.helper)
    assert b"home-operations" in client.get(home).content
    client.force_login(team.newcomer)
    assert b"home-operations" not in client.get(home).content

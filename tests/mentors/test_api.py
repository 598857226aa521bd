"""The mentoring API: each endpoint's main flow, who may and may not call it, bad input
refused by field, and lists that cost the same at two sizes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mentors import services
from mentors.models import MatchRun, MentorProfile, Pairing, RepairRequest
from tests.learning.factories import RegionFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_veteran_reads_and_saves_their_profile(outsider):
    client = _as(outsider)
    assert client.get(f"{API}/mentor-profile").json()["exists"] is False
    region = RegionFactory(code="north")
    response = client.put(
        f"{API}/mentor-profile",
        {"capacity": 2, "skills": ["Pricing"], "regions": ["north"], "languages": ["ru"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["exists"], body["capacity"], body["skills"], body["regions"]) == (
        True,
        2,
        ["pricing"],
        ["north"],
    )
    assert MentorProfile.objects.get().regions.get() == region


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"regions": ["nowhere"]}, "regions"),
        ({"languages": ["tlh"]}, "languages"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_profile_input_is_refused_by_field(outsider, body, field):
    response = _as(outsider).put(f"{API}/mentor-profile", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not MentorProfile.objects.exists()


def test_only_hr_lists_mentor_profiles(organizer, outsider, veteran):
    veteran()
    veteran(opted_in=False)
    assert _as(outsider).get(f"{API}/mentor-profiles").status_code == 403
    body = _as(organizer).get(f"{API}/mentor-profiles?opted_in=true").json()
    assert body["count"] == 1


def test_an_organizer_runs_reviews_changes_and_publishes_through_the_api(
    cohort, organizer, newcomer, veteran
):
    region = RegionFactory(name="Harbour")
    person = newcomer(region=region)
    near = veteran(profile={"region": region})
    far = veteran()
    client = _as(organizer)

    started = client.post(
        f"{API}/cohorts/{cohort.slug}/matching-runs", {"region": 5}, content_type="application/json"
    )
    assert started.status_code == 201, started.content
    run_id = started.json()["run"]["id"]
    pairs = client.get(f"{API}/matching-runs/{run_id}/pairs").json()
    (pair,) = pairs["items"]
    assert pair["mentor"]["employee_id"] == near.user.profile.employee_id
    assert pair["parts"][0]["label"] == "same region (Harbour) +5"

    changed = client.post(
        f"{API}/matching-runs/{run_id}/change",
        {"mentee": person.profile.employee_id, "mentor": far.user.profile.employee_id},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["locked"] is True
    unlocked = client.post(
        f"{API}/matching-runs/{run_id}/pairs/{pair['id']}/lock",
        {"locked": False},
        content_type="application/json",
    )
    assert unlocked.json()["locked"] is False
    assert client.post(f"{API}/matching-runs/{run_id}/rerun").status_code == 200
    assert client.post(f"{API}/matching-runs/{run_id}/publish").json() == {
        "started": 1,
        "ended": 0,
        "kept": 0,
    }
    assert Pairing.objects.get().mentor_id == near.user_id
    listed = client.get(f"{API}/cohorts/{cohort.slug}/matching-runs").json()
    assert listed["items"][0]["status"] == "published"


def test_runs_are_unknown_to_anyone_who_does_not_organize_the_cohort(
    cohort, organizer, newcomer, make_member
):
    run = MatchRun.objects.create(cohort=cohort, status="proposed")
    member = newcomer()
    client = _as(member)
    assert client.get(f"{API}/matching-runs/{run.pk}").status_code == 404
    assert client.post(f"{API}/matching-runs/{run.pk}/publish").status_code == 404
    assert client.get(f"{API}/cohorts/{cohort.slug}/matching-runs").status_code == 403
    assert (
        client.post(
            f"{API}/cohorts/{cohort.slug}/matching-runs", {}, content_type="application/json"
        ).status_code
        == 403
    )


def test_bad_weights_and_unknown_people_are_refused_by_field(cohort, organizer):
    client = _as(organizer)
    response = client.post(
        f"{API}/cohorts/{cohort.slug}/matching-runs",
        {"region": -1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "region" in response.json()["error"]["fields"]
    run = MatchRun.objects.create(cohort=cohort, status="proposed")
    response = client.post(
        f"{API}/matching-runs/{run.pk}/change",
        {"mentee": "nobody", "mentor": "nobody"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "mentee" in response.json()["error"]["fields"]


@pytest.fixture
def pairing(cohort, organizer, newcomer, veteran):
    newcomer()
    veteran()
    services.match_run_publish(
        actor=organizer, run=services.match_run_start(actor=organizer, cohort=cohort).result
    )
    return Pairing.objects.get()


def test_a_pair_asks_to_be_re_paired_and_hr_decides(pairing, organizer, outsider):
    mentee = _as(pairing.mentee)
    assert (
        _as(outsider)
        .post(
            f"{API}/pairings/{pairing.pk}/repair-requests",
            {"reason": "x"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    asked = mentee.post(
        f"{API}/pairings/{pairing.pk}/repair-requests",
        {"reason": "We never meet"},
        content_type="application/json",
    )
    assert asked.status_code == 201, asked.content
    request_id = asked.json()["id"]
    assert mentee.get(f"{API}/repair-requests").json()["count"] == 1
    assert (
        mentee.post(
            f"{API}/repair-requests/{request_id}/decide",
            {"grant": True},
            content_type="application/json",
        ).status_code
        == 404
    )
    decided = _as(organizer).post(
        f"{API}/repair-requests/{request_id}/decide",
        {"grant": True, "note": "Fair enough"},
        content_type="application/json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "granted"
    assert RepairRequest.objects.get().status == "granted"
    pairing.refresh_from_db()
    assert pairing.status == "ended"


def test_members_see_their_own_pairings_and_staff_see_all(cohort, pairing, make_member, newcomer):
    other = newcomer()
    assert _as(other).get(f"{API}/cohorts/{cohort.slug}/pairings").json()["count"] == 0
    assert _as(pairing.mentee).get(f"{API}/cohorts/{cohort.slug}/pairings").json()["count"] == 1
    helper = make_member("helper").user
    assert _as(helper).get(f"{API}/cohorts/{cohort.slug}/pairings").json()["count"] == 1


@pytest.mark.parametrize("size", [2, 8])
def test_lists_cost_the_same_queries_at_two_sizes(size, cohort, organizer, newcomer, veteran):
    for _ in range(size):
        newcomer()
        veteran()
    run = services.match_run_start(actor=organizer, cohort=cohort).result
    client = _as(organizer)
    counts = []
    for url in (
        f"{API}/matching-runs/{run.pk}/pairs",
        f"{API}/matching-runs/{run.pk}",
        f"{API}/mentor-profiles",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    services.match_run_publish(actor=organizer, run=run)
    for url in (f"{API}/cohorts/{cohort.slug}/pairings", f"{API}/repair-requests"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [7, 5, 7, 7, 6]


def test_an_organizer_excludes_a_pair_through_the_api(cohort, organizer, newcomer, veteran):
    person = newcomer()
    mentor = veteran()
    client = _as(organizer)
    url = f"{API}/cohorts/{cohort.slug}/matching-exclusions"
    response = client.post(
        url,
        {"mentee": person.profile.employee_id, "mentor": mentor.user.profile.employee_id},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert client.get(url).json()["count"] == 1
    assert _as(person).get(url).status_code == 403

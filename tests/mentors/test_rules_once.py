"""One rule, one place: the admin and the API refuse the same bad pair with the same
words, because both go through ``services.pair_check``; and a mentor whose places are
all taken is refused by name and capacity unless HR says "over capacity", which the
audit log records."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from mentors.models import MatchRun, PairingEvent

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _run(client, cohort) -> MatchRun:
    response = client.post(reverse("mentors_runs:start"), {"cohort": cohort.pk})
    assert response.status_code == 302, response.content
    return MatchRun.objects.get(status="proposed")


def _admin_refusal(client, run, mentee, mentor, **extra) -> list[str]:
    response = client.post(
        reverse("mentors_runs:change", args=[run.pk]),
        {"mentee": mentee.pk, "mentor": mentor.pk, **extra},
        follow=True,
    )
    return [
        " ".join(str(m).split()) for m in response.context["messages"] if m.level_tag == "error"
    ]


def _api_refusal(client, run, mentee, mentor, **extra) -> str:
    response = client.post(
        f"{API}/matching-runs/{run.pk}/change",
        {"mentee": mentee.profile.employee_id, "mentor": mentor.profile.employee_id, **extra},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]["mentor"][0]


@pytest.fixture
def hr(client, superuser):
    client.force_login(superuser)
    return client


def test_admin_and_api_refuse_a_pair_without_a_shared_language_in_the_same_words(
    hr, superuser, cohort, newcomer, veteran
):
    person = newcomer(preferred_language="el")
    veteran(languages=["el"])
    mute = veteran(profile={"preferred_language": "en"})
    run = _run(hr, cohort)

    admin_says = _admin_refusal(hr, run, person, mute.user)
    api_says = _api_refusal(_as(superuser), run, person, mute.user)

    assert admin_says == ["They share no language."]
    assert api_says == "They share no language."
    assert run.proposals.get().mentor_id != mute.user_id


def test_a_full_mentor_is_refused_by_name_and_capacity_then_given_one_more_when_hr_says_so(
    hr, superuser, cohort, newcomer, veteran
):
    first, second = newcomer(), newcomer()
    full = veteran(capacity=1, profile={"full_name": "Irina Volkova"})
    run = _run(hr, cohort)
    taken = run.proposals.get(mentor=full.user)
    other = second if taken.mentee_id == first.pk else first
    expected = (
        "Irina Volkova already has 1 of their 1 places taken. "
        "Tick “Over capacity” to give them one more anyway."
    )

    assert _admin_refusal(hr, run, other, full.user) == [expected]
    assert html.unescape(_api_refusal(_as(superuser), run, other, full.user)) == expected
    assert not run.proposals.filter(mentee=other, mentor=full.user).exists()

    assert _admin_refusal(hr, run, other, full.user, over_capacity="on") == []
    assert run.proposals.filter(mentor=full.user).count() == 2
    event = PairingEvent.objects.filter(action=PairingEvent.Action.PAIR_CHANGED).get()
    assert event.changes["over_capacity"] is True


def test_the_api_takes_the_over_capacity_override_too(superuser, cohort, newcomer, veteran):
    first, second = newcomer(), newcomer()
    full = veteran(capacity=1)
    client = _as(superuser)
    started = client.post(
        f"{API}/cohorts/{cohort.slug}/matching-runs", {}, content_type="application/json"
    )
    run = MatchRun.objects.get(pk=started.json()["run"]["id"])
    taken = run.proposals.get(mentor=full.user)
    other = second if taken.mentee_id == first.pk else first

    response = client.post(
        f"{API}/matching-runs/{run.pk}/change",
        {
            "mentee": other.profile.employee_id,
            "mentor": full.user.profile.employee_id,
            "over_capacity": True,
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert run.proposals.filter(mentor=full.user).count() == 2

"""Member pages of mentoring and the cohort home's mentor card."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentors import services
from mentors.models import MentorProfile, Pairing, RepairRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairing(cohort, organizer, newcomer, veteran):
    newcomer(title="Account executive")
    veteran(contact="+44 20 7946 0000", availability="Weekday evenings")
    services.match_run_publish(
        actor=organizer, run=services.match_run_start(actor=organizer, cohort=cohort).result
    )
    return Pairing.objects.select_related("mentor__profile", "mentee__profile").get()


def test_a_veteran_opts_in_on_the_profile_page(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("mentors:profile")).status_code == 200
    response = client.post(reverse("mentors:profile"), {"capacity": "0"})
    assert response.status_code == 400
    assert not MentorProfile.objects.exists()
    response = client.post(
        reverse("mentors:profile"),
        {"opted_in": "on", "capacity": "2", "skills": "Pricing, CRM", "languages": ["ru"]},
    )
    assert response.status_code == 302
    profile = MentorProfile.objects.get()
    assert (profile.capacity, profile.skills, profile.languages) == (2, ["pricing", "crm"], ["ru"])


def test_the_newcomer_sees_their_mentor_and_how_to_reach_them_on_the_cohort_home(
    client, cohort, pairing
):
    client.force_login(pairing.mentee)
    text = client.get(reverse("cohorts:home", args=[cohort.slug])).content.decode()
    assert pairing.mentor.profile.full_name in text
    assert "+44 20 7946 0000" in text
    assert pairing.mentor.profile.email in text


def test_the_mentor_sees_their_mentees_on_the_cohort_home_and_my_mentoring(client, cohort, pairing):
    client.force_login(pairing.mentor)
    # The veteran is not a member: the cohort home sends them to join, my mentoring works.
    text = client.get(reverse("mentors:mine")).content.decode()
    assert pairing.mentee.profile.full_name in text


def test_a_newcomer_without_a_mentor_sees_the_placeholder(client, cohort, newcomer):
    person = newcomer()
    client.force_login(person)
    text = client.get(reverse("cohorts:home", args=[cohort.slug])).content.decode()
    assert "Your mentor will be introduced here" in text


def test_a_mentee_asks_for_another_mentor_and_only_the_pair_may(client, pairing, outsider):
    url = reverse("mentors:repair", args=[pairing.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(pairing.mentee)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "We never meet"}).status_code == 302
    assert RepairRequest.objects.get().requested_by == pairing.mentee
    assert "already waiting" in client.get(url).content.decode()

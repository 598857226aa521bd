"""The mentoring admin: every page opens, a run is started, reviewed (explanations,
left-out reasons), changed, locked, re-run and published, and a re-pair request is
decided, all through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentors import services
from mentors.models import MatchRun, MentorProfile, Pairing, RepairRequest
from tests.learning.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, superuser):
    client.force_login(superuser)
    return client


def _run(admin, cohort) -> MatchRun:
    response = admin.post(reverse("mentors_runs:start"), {"cohort": cohort.pk, "region": "4"})
    assert response.status_code == 302, response.content
    return MatchRun.objects.get(status="proposed")


def test_every_mentoring_admin_list_opens(admin, cohort, newcomer, veteran):
    newcomer()
    veteran()
    for name in (
        "mentors_mentorprofile:index",
        "mentors_mentorprofile:add",
        "mentors_runs:index",
        "mentors_runs:start",
        "mentors_pairing:index",
        "mentors_repairrequest:index",
        "mentors_pairingevent:index",
    ):
        assert admin.get(reverse(name)).status_code == 200, name
    profile = MentorProfile.objects.get()
    assert admin.get(reverse("mentors_mentorprofile:edit", args=[profile.pk])).status_code == 200
    assert admin.get(reverse("mentors_mentorprofile:index") + "?opted_in=true").status_code == 200


def test_hr_edits_a_mentor_profile_through_the_service(admin, veteran):
    profile = veteran()
    region = RegionFactory()
    url = reverse("mentors_mentorprofile:edit", args=[profile.pk])
    response = admin.post(
        url, {"capacity": "0", "opted_in": "on", "skills": "crm", "regions": [region.pk]}
    )
    assert response.status_code == 400
    response = admin.post(
        url, {"capacity": "4", "opted_in": "on", "skills": "CRM, pricing", "regions": [region.pk]}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.capacity, profile.skills) == (4, ["crm", "pricing"])


def test_hr_starts_reviews_changes_reruns_and_publishes_a_run(
    admin, cohort, newcomer, veteran, django_assert_max_num_queries
):
    region = RegionFactory(name="Harbour")
    person = newcomer(region=region)
    lonely = newcomer(preferred_language="el")
    near = veteran(profile={"region": region})
    far = veteran()
    run = _run(admin, cohort)

    with django_assert_max_num_queries(25):
        page = admin.get(reverse("mentors_runs:review", args=[run.pk]))
    text = page.content.decode()
    assert "same region (Harbour) +4" in text
    assert "no shared language" in text
    assert str(lonely) in text

    response = admin.post(
        reverse("mentors_runs:change", args=[run.pk]), {"mentee": person.pk, "mentor": far.user_id}
    )
    assert response.status_code == 302
    proposal = run.proposals.get(mentee=person)
    assert (proposal.mentor_id, proposal.locked) == (far.user_id, True)
    admin.post(reverse("mentors_runs:lock", args=[run.pk, proposal.pk]), {"locked": "0"})
    admin.post(reverse("mentors_runs:rerun", args=[run.pk]), {"region": "4"})
    assert run.proposals.get(mentee=person).mentor_id == near.user_id

    admin.post(reverse("mentors_runs:publish", args=[run.pk]))
    assert Pairing.objects.get().mentor_id == near.user_id
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED


def test_the_review_costs_the_same_queries_at_two_sizes(admin, cohort, newcomer, veteran):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 12):
        for _ in range(size - len(counts) * 2):
            newcomer()
            veteran()
        run = _run(admin, cohort)
        with CaptureQueriesContext(connection) as queries:
            assert admin.get(reverse("mentors_runs:review", args=[run.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_refused_change_says_why_and_changes_nothing(admin, cohort, newcomer, veteran):
    person = newcomer(preferred_language="el")
    speaks = veteran(languages=["el"])
    mute = veteran(profile={"preferred_language": "en"})
    run = _run(admin, cohort)
    response = admin.post(
        reverse("mentors_runs:change", args=[run.pk]),
        {"mentee": person.pk, "mentor": mute.user_id},
        follow=True,
    )
    assert "They share no language." in response.content.decode()
    assert run.proposals.get().mentor_id == speaks.user_id


def test_an_organizer_of_another_cohort_cannot_open_the_review(client, cohort, make_member):
    from tests.cohorts.factories import CohortFactory

    run = MatchRun.objects.create(cohort=cohort, status="proposed")
    other = make_member("organizer", target=CohortFactory()).user
    other.is_staff = True
    other.save()
    from django.contrib.auth.models import Permission

    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    assert client.get(reverse("mentors_runs:review", args=[run.pk])).status_code == 404


def test_hr_decides_a_re_pair_request_in_the_admin(admin, superuser, cohort, newcomer, veteran):
    newcomer()
    veteran()
    services.match_run_publish(
        actor=superuser,
        run=services.match_run_start(actor=superuser, cohort=cohort).result,
    )
    pairing = Pairing.objects.get()
    request = services.repair_request_create(
        actor=pairing.mentee, pairing=pairing, reason="We never meet"
    )
    index = admin.get(reverse("mentors_repairrequest:index"))
    assert reverse("mentors_repair_decide", args=[request.pk]) in index.content.decode()
    url = reverse("mentors_repair_decide", args=[request.pk])
    assert admin.get(url).status_code == 200
    assert admin.post(url, {}).status_code == 400
    assert admin.post(url, {"grant": "0", "note": "Give it a month"}).status_code == 302
    request.refresh_from_db()
    assert request.status == RepairRequest.Status.DECLINED


def test_hr_excludes_a_pair_on_the_review_page(admin, cohort, newcomer, veteran):
    person = newcomer()
    mentor = veteran()
    run = _run(admin, cohort)
    response = admin.post(
        reverse("mentors_runs:exclude", args=[run.pk]),
        {"exclude-mentee": person.pk, "exclude-mentor": mentor.user_id, "exclude-reason": "Kin"},
        follow=True,
    )
    assert "Kin" in response.content.decode()
    admin.post(reverse("mentors_runs:rerun", args=[run.pk]), {})
    assert not run.proposals.exists()

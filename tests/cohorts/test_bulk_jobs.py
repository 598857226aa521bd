"""Large add-by-rule and sub-group generation run as background jobs; small ones do not.

``GUILD_INLINE_BULK_MAX`` is lowered to 2 so that a handful of people counts as large.
Jobs are run by calling ``job_run`` as the worker would, except in the one test that
starts a real Celery worker.
"""

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse

from cohorts import jobs as cohorts_jobs
from cohorts.models import Membership, MembershipEvent, SubGroup, SubGroupMembership
from learning import jobs
from learning.conditions import DirectoryConditions
from learning.models import Job, User
from tests.cohorts.factories import MembershipFactory
from tests.learning.factories import EmployeeProfileFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
DEADLINE = 90


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.GUILD_INLINE_BULK_MAX = 2


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
def east(db):
    return RegionFactory(name="East", code="east")


def _job_of(response) -> Job:
    assert response.status_code == 302, response.content
    assert response.url.startswith("/admin/jobs/")
    return Job.objects.get()


# --- Adding by rule: the admin ------------------------------------------------------------


def test_admin_add_by_rule_over_the_threshold_starts_a_job_that_adds_them(client, hr, cohort, east):
    # Given three people in the East (more than the threshold of two)
    EmployeeProfileFactory.create_batch(3, region=east)
    client.force_login(hr)
    # When an organizer confirms adding them
    response = client.post(
        reverse("cohorts_memberships_add_by_rule"),
        {"cohort": cohort.pk, "region": east.pk, "reason": "East intake", "confirm": "1"},
    )
    # Then a job is started instead, and nobody is added yet
    job = _job_of(response)
    assert job.kind == cohorts_jobs.ADD_BY_RULE
    assert job.status == Job.Status.PENDING
    assert job.created_by == hr
    assert not Membership.objects.filter(cohort=cohort).exists()
    # When the worker runs it
    jobs.job_run(job_id=job.pk)
    # Then everyone is added, logged with the reason, and the job page links back
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.result["added"] == 3
    assert Membership.objects.filter(cohort=cohort, status="active").count() == 3
    assert set(
        MembershipEvent.objects.filter(action="added_by_rule").values_list("reason", flat=True)
    ) == {"East intake"}
    page = client.get(response.url)
    members_url = reverse("wagtailsnippets_cohorts_membership:list") + f"?cohort={cohort.pk}"
    assert members_url.encode() in page.content
    assert b"3 people added" in page.content


def test_admin_add_by_rule_at_the_threshold_adds_at_once(client, hr, cohort, east):
    EmployeeProfileFactory.create_batch(2, region=east)
    client.force_login(hr)

    response = client.post(
        reverse("cohorts_memberships_add_by_rule"),
        {"cohort": cohort.pk, "region": east.pk, "confirm": "1"},
    )

    assert response.status_code == 302
    assert "/admin/jobs/" not in response.url
    assert not Job.objects.exists()
    assert Membership.objects.filter(cohort=cohort).count() == 2


def test_admin_add_by_rule_without_permission_starts_nothing(client, hr_user, cohort, east):
    # Given staff who may add memberships in the admin but organize nothing
    EmployeeProfileFactory.create_batch(3, region=east)
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_membership"),
    )
    client.force_login(staff)
    # When they confirm
    response = client.post(
        reverse("cohorts_memberships_add_by_rule"),
        {"cohort": cohort.pk, "region": east.pk, "confirm": "1"},
    )
    # Then they are refused and no job exists
    assert response.status_code == 403
    assert not Job.objects.exists()
    assert not Membership.objects.exists()


# --- Adding by rule: the API --------------------------------------------------------------


def test_api_add_by_rule_over_the_threshold_answers_202_with_the_job(
    client, organizer, cohort, east
):
    # Given three people in the East
    EmployeeProfileFactory.create_batch(3, region=east)
    client.force_login(organizer)
    # When an organizer asks to add them
    response = client.post(
        f"{API}/cohorts/{cohort.slug}/members/by-rule",
        {"regions": ["east"]},
        content_type="application/json",
    )
    # Then a job is started and described
    assert response.status_code == 202, response.content
    started = response.json()["job"]
    assert started["status"] == "pending"
    assert started["finished"] is False
    assert not Membership.objects.filter(cohort=cohort).exists()
    # When the worker runs it, then polling the job shows what it did
    jobs.job_run(job_id=started["id"])
    status = client.get(f"{API}/jobs/{started['id']}").json()
    assert status["status"] == "done"
    assert status["result"]["added"] == 3
    assert Membership.objects.filter(cohort=cohort, status="active").count() == 3


def test_api_add_by_rule_to_a_sub_group_over_the_threshold(client, organizer, cohort, east):
    EmployeeProfileFactory.create_batch(3, region=east)
    subgroup = SubGroup.objects.create(cohort=cohort, name="East", slug="east")
    client.force_login(organizer)

    response = client.post(
        f"{API}/cohorts/{cohort.slug}/members/by-rule",
        {"regions": ["east"], "subgroup": "east"},
        content_type="application/json",
    )
    jobs.job_run(job_id=response.json()["job"]["id"])

    assert response.status_code == 202
    assert SubGroupMembership.objects.filter(subgroup=subgroup).count() == 3


def test_api_add_by_rule_under_the_threshold_answers_as_before(client, organizer, cohort, east):
    EmployeeProfileFactory(region=east)
    client.force_login(organizer)

    response = client.post(
        f"{API}/cohorts/{cohort.slug}/members/by-rule",
        {"regions": ["east"]},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json() == {"added": 1}
    assert not Job.objects.exists()


def test_api_add_by_rule_with_bad_conditions_starts_no_job(client, organizer, cohort, east):
    EmployeeProfileFactory.create_batch(3, region=east)
    client.force_login(organizer)

    response = client.post(
        f"{API}/cohorts/{cohort.slug}/members/by-rule",
        {"hired_after": "2026-06-01", "hired_before": "2026-01-01"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "hired_before" in response.json()["error"]["fields"]
    assert not Job.objects.exists()


def test_a_job_that_would_overfill_the_cohort_fails_and_adds_nobody(organizer, cohort, east):
    # Given a cohort with two seats and three people who match
    cohort.capacity = 2
    cohort.save()
    EmployeeProfileFactory.create_batch(3, region=east)
    job = cohorts_jobs.memberships_add_by_rule_run(
        actor=organizer, conditions=DirectoryConditions(regions=(east,)), cohort=cohort
    ).job
    # When the job runs
    jobs.job_run(job_id=job.pk)
    # Then it fails with the service's reason and nobody is added
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error
    assert not Membership.objects.filter(cohort=cohort).exists()


# --- Generating sub-groups ---------------------------------------------------------------


def _members_in(cohort, region, count):
    for profile in EmployeeProfileFactory.create_batch(count, region=region):
        MembershipFactory(cohort=cohort, user=profile.user)


def test_admin_generate_with_members_over_the_threshold_starts_a_job(client, hr, cohort, east):
    # Given a cohort with three members from the East
    _members_in(cohort, east, 3)
    client.force_login(hr)
    # When an organizer confirms generating sub-groups with members
    response = client.post(
        reverse("cohorts_subgroups_generate"),
        {"cohort": cohort.pk, "dimension": "region", "add_members": "on", "confirm": "1"},
    )
    # Then a job does it, and the groups exist only once it ran
    job = _job_of(response)
    assert job.kind == cohorts_jobs.SUBGROUPS_GENERATE
    assert not SubGroup.objects.exists()
    jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert list(SubGroup.objects.values_list("name", flat=True)) == ["East"]
    assert SubGroupMembership.objects.count() == 3
    assert job.return_url == reverse("cohorts_subgroup:index") + f"?cohort={cohort.pk}"


def test_api_generate_over_the_threshold_answers_202_and_keeps_the_opening_date(
    client, organizer, cohort, east
):
    import datetime

    from django.utils import timezone

    # Given a cohort with three members from the East
    _members_in(cohort, east, 3)
    client.force_login(organizer)
    opens_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    # When an organizer generates region sub-groups with members through the API
    response = client.post(
        f"{API}/cohorts/{cohort.slug}/subgroups/generate",
        {"dimension": "region", "add_members": True, "opens_at": opens_at.isoformat()},
        content_type="application/json",
    )
    # Then a job is started, and running it makes the group with its opening date
    assert response.status_code == 202, response.content
    assert not SubGroup.objects.exists()
    jobs.job_run(job_id=response.json()["job"]["id"])
    group = SubGroup.objects.get()
    assert group.name == "East"
    assert group.opens_at == opens_at
    assert SubGroupMembership.objects.count() == 3


def test_admin_generate_without_members_stays_in_the_request(client, hr, cohort, east):
    _members_in(cohort, east, 3)
    client.force_login(hr)

    response = client.post(
        reverse("cohorts_subgroups_generate"),
        {"cohort": cohort.pk, "dimension": "region", "confirm": "1"},
    )

    assert response.status_code == 302
    assert not Job.objects.exists()
    assert SubGroup.objects.count() == 1
    assert not SubGroupMembership.objects.exists()


# --- Through a real worker ------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_add_by_rule_job(celery_worker_process, organizer, ladder):
    # Given three people in the East and a cohort (committed, so the worker sees them)
    from tests.cohorts.factories import CohortFactory

    region = RegionFactory(name="East", code="east")
    EmployeeProfileFactory.create_batch(3, region=region)
    cohort = CohortFactory()
    # When a job is started and its transaction commits
    with transaction.atomic():
        job = cohorts_jobs.memberships_add_by_rule_run(
            actor=organizer, conditions=DirectoryConditions(regions=(region,)), cohort=cohort
        ).job
    # Then the worker runs it to the end
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.2)
    assert job.status == Job.Status.DONE, (job.error, celery_worker_process.log())
    assert Membership.objects.filter(cohort=cohort).count() == 3

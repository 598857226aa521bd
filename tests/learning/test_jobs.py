"""Background jobs: the registry, running a job once, failures, the job page and its API."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail import hooks

from learning import jobs
from learning.models import Job
from tests.learning.factories import UserFactory

calls: list[int] = []


def _count(job, progress):
    progress("counting", 1, 2)
    calls.append(job.params["n"])
    return {"message": "Counted.", "n": job.params["n"]}


def _refuse(job, progress):
    raise ValidationError({"filters": "Choose at least one condition."})


def _crash(job, progress):
    raise RuntimeError("disk on fire")


def _reject(job, progress):
    raise jobs.JobFailed("Two problems.", result={"problems": ["a", "b"]})


def _handlers():
    return {
        "test-count": _count,
        "test-refuse": _refuse,
        "test-crash": _crash,
        "test-reject": _reject,
        "test-staged": jobs.JobKind(
            run=_count, stages=("reading", "writing"), status_labels={"done": "Counted"}
        ),
    }


@pytest.fixture(autouse=True)
def test_handlers():
    calls.clear()
    with hooks.register_temporarily("guild_job_handlers", _handlers):
        yield


@pytest.fixture
def owner(db):
    return UserFactory(is_staff=True)


def _start(user, kind="test-count", **kwargs) -> Job:
    return jobs.job_start(kind=kind, params={"n": 7}, user=user, **kwargs)


@pytest.mark.django_db
def test_starting_a_job_records_it_and_queues_it_on_commit(
    owner, django_capture_on_commit_callbacks, monkeypatch
):
    # Given a handler registered by a higher layer
    queued = []
    monkeypatch.setattr("learning.tasks.job_run_task.delay", lambda job_id: queued.append(job_id))
    # When a job is started
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(owner)
    # Then it waits, and the task is queued only after the commit
    assert job.status == Job.Status.PENDING
    assert job.created_by == owner
    assert queued == [job.pk]


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_and_nothing_saved(owner):
    with pytest.raises(ValidationError) as error:
        jobs.job_start(kind="no-such-kind", params={}, user=owner)
    assert "kind" in error.value.message_dict
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_running_a_job_twice_does_nothing_the_second_time(owner):
    # Given a started job
    job = _start(owner)
    # When it is run twice (a repeated delivery)
    jobs.job_run(job_id=job.pk)
    jobs.job_run(job_id=job.pk)
    # Then the handler ran once and the job is done with its result
    job.refresh_from_db()
    assert calls == [7]
    assert job.status == Job.Status.DONE
    assert job.result == {"message": "Counted.", "n": 7}
    assert job.finished_at is not None
    assert cache.get(jobs.job_progress_key(job)) is None


@pytest.mark.django_db
def test_a_refusing_handler_fails_the_job_with_its_message(owner):
    job = _start(owner, kind="test-refuse")
    jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Choose at least one condition."
    assert jobs.job_status(job=job)["percent"] == 100


@pytest.mark.django_db
def test_a_handler_can_fail_its_job_with_a_detailed_result(owner):
    job = _start(owner, kind="test-reject")

    jobs.job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "Two problems.")
    assert job.result == {"problems": ["a", "b"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stage", "done", "total", "percent"),
    [("reading", 1, 2, 25), ("reading", 2, 2, 50), ("writing", 1, 4, 62), ("writing", 4, 4, 99)],
)
def test_a_kind_with_stages_gives_each_an_equal_share_of_the_bar(
    owner, stage, done, total, percent
):
    job = _start(owner, kind="test-staged")
    cache.set(jobs.job_progress_key(job), {"stage": stage, "done": done, "total": total})

    assert jobs.job_status(job=job)["percent"] == percent


@pytest.mark.django_db
def test_a_kind_may_name_its_own_status_words(owner):
    job = _start(owner, kind="test-staged")
    assert jobs.job_status(job=job)["status_label"] == "Waiting"

    jobs.job_run(job_id=job.pk)

    job.refresh_from_db()
    assert jobs.job_status(job=job)["status_label"] == "Counted"


@pytest.mark.django_db
def test_a_crashing_handler_fails_the_job_without_its_details(owner):
    job = _start(owner, kind="test-crash")
    jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "disk" not in job.error
    assert job.error


@pytest.mark.django_db
def test_a_job_whose_handler_is_gone_fails(owner):
    job = Job.objects.create(kind="retired-kind", created_by=owner)
    jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


@pytest.mark.django_db
def test_the_status_shows_live_progress_from_the_cache(owner):
    job = _start(owner)
    cache.set(jobs.job_progress_key(job), {"stage": "adding", "done": 1, "total": 4})
    status = jobs.job_status(job=job)
    assert status["status"] == "pending"
    assert (status["stage"], status["done"], status["total"], status["percent"]) == (
        "adding",
        1,
        4,
        25,
    )
    assert status["finished"] is False


@pytest.mark.django_db
def test_the_api_shows_a_job_to_its_owner(client, owner):
    # Given a finished job
    job = _start(owner)
    jobs.job_run(job_id=job.pk)
    # When its owner asks for it
    client.force_login(owner)
    response = client.get(f"/api/v1/jobs/{job.pk}")
    # Then they see its status and result
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "done"
    assert body["percent"] == 100
    assert body["result"]["n"] == 7


@pytest.mark.django_db
def test_the_api_hides_a_job_from_anyone_else(client, owner):
    job = _start(owner)
    client.force_login(UserFactory(is_staff=True))
    response = client.get(f"/api/v1/jobs/{job.pk}")
    assert response.status_code == 404
    assert response.json()["error"]["code"]


@pytest.mark.django_db
def test_the_api_shows_any_job_to_a_superuser(client, owner, superuser):
    job = _start(owner)
    client.force_login(superuser)
    assert client.get(f"/api/v1/jobs/{job.pk}").status_code == 200


@pytest.mark.django_db
def test_the_api_needs_a_credential(client, owner):
    job = _start(owner)
    assert client.get(f"/api/v1/jobs/{job.pk}").status_code == 401


@pytest.mark.django_db
def test_the_job_page_shows_progress_then_the_outcome(admin_client, superuser):
    # Given a running job with a way back
    job = _start(superuser, title="Count people", return_url="/admin/somewhere/")
    # When its page is opened before and after the run
    running = admin_client.get(reverse("learning_job", args=[job.pk]))
    jobs.job_run(job_id=job.pk)
    done = admin_client.get(reverse("learning_job", args=[job.pk]))
    status = admin_client.get(reverse("learning_job_status", args=[job.pk]))
    # Then it shows a progress bar that polls, then the result and the link back
    assert running.status_code == 200
    assert b"data-job-progress" in running.content
    assert b"data-status-url" in running.content
    assert b"Count people" in running.content
    assert b"Counted." in done.content
    assert b"/admin/somewhere/" in done.content
    assert status.json()["finished"] is True


@pytest.mark.django_db
def test_the_job_page_is_only_for_its_owner(client, owner):
    job = _start(owner)
    other = UserFactory(is_staff=True, is_superuser=False)
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    assert client.get(reverse("learning_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("learning_job_status", args=[job.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("earlier_jobs", [1, 20])
def test_the_status_api_costs_the_same_however_many_jobs_exist(
    client, owner, django_assert_max_num_queries, earlier_jobs
):
    for _ in range(earlier_jobs):
        _start(owner)
    job = _start(owner)
    client.force_login(owner)
    with django_assert_max_num_queries(4):
        response = client.get(f"/api/v1/jobs/{job.pk}")
    assert response.status_code == 200

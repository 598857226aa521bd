"""Imports from the admin: upload checks, the Celery task, the job page and its status."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning import celery_app
from learning.models import EmployeeProfile, Job
from learning.services import import_job_create
from learning.tasks import job_run_task
from tests.learning.factories import UserFactory

GOOD = (
    b"employee_id,name,email,level,manager_id\n"
    b"E1,Wang Fang,wang.fang@corp.test,director,\n"
    b"E2,Ivan Petrov,ivan@corp.test,associate,E1\n"
)
BAD = (
    b"employee_id,name,email,level,manager_id\n"
    b"E1,Wang Fang,not-an-email,director,\n"
    b"E2,Ivan Petrov,ivan@corp.test,intern,E1\n"
)


@pytest.fixture
def importer(db):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name="Importers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_employeeprofile"),
        Permission.objects.get(codename="change_employeeprofile"),
    )
    user.groups.add(group)
    return user


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.GUILD_PRIVATE_ROOT = tmp_path / "private"
    return settings.GUILD_PRIVATE_ROOT


@pytest.fixture
def eager_celery():
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.django_db
def test_an_upload_is_stored_privately_and_imported_by_the_task(
    client, importer, ladder, settings, eager_celery, django_capture_on_commit_callbacks
):
    # given
    client.force_login(importer)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("learning_import_start"), {"file": upload("staff.csv", GOOD)}
        )

    # then
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning_import_job", args=[job.pk])
    assert job.status == Job.Status.DONE
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (2, 0, 0)
    assert str(settings.GUILD_PRIVATE_ROOT) in job.params["stored_path"]
    assert str(settings.MEDIA_ROOT) not in job.params["stored_path"]
    assert "staff" not in job.params["stored_path"]
    assert not (settings.GUILD_PRIVATE_ROOT / job.params["stored_path"]).exists()
    assert EmployeeProfile.objects.get(employee_id="E2").manager.employee_id == "E1"
    page = client.get(response["Location"]).content.decode()
    assert "2 created" in page


@pytest.mark.django_db
def test_a_rejected_file_shows_every_problem_and_imports_nothing(
    client, importer, ladder, django_capture_on_commit_callbacks
):
    # given
    client.force_login(importer)
    with django_capture_on_commit_callbacks() as callbacks:
        job = import_job_create(user=importer, upload=upload("staff.csv", BAD))
    assert len(callbacks) == 1  # queued on commit, not run inside the transaction

    # when: the worker runs the task
    job_run_task(job.pk)

    # then
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.result["problems"]] == [(2, "email"), (3, "level")]
    assert not EmployeeProfile.objects.exists()
    page = client.get(reverse("learning_import_job", args=[job.pk])).content.decode()
    assert "not-an-email is not a valid e-mail address" in page
    assert "unknown level intern" in page
    status = client.get(reverse("learning_import_job_status", args=[job.pk])).json()
    assert status["finished"]
    assert (status["problem_count"], status["percent"]) == (2, 100)


@pytest.mark.django_db
def test_running_the_task_twice_does_nothing_more(importer, ladder):
    # given
    job = import_job_create(user=importer, upload=upload("staff.csv", GOOD))
    job_run_task(job.pk)

    # when
    job_run_task.run(job.pk)

    # then
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result["created"] == 2
    assert EmployeeProfile.objects.count() == 2


@pytest.mark.django_db
def test_a_corrupt_workbook_is_rejected_with_a_clear_problem(importer, ladder):
    job = import_job_create(user=importer, upload=upload("staff.xlsx", b"PK\x03\x04 broken"))

    job_run_task(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "not a readable Excel" in job.result["problems"][0]["reason"]


@pytest.mark.django_db
def test_the_status_reports_live_progress_from_the_cache(client, importer, ladder):
    # given: a job mid-way through saving
    from django.core.cache import cache

    from learning.jobs import job_progress_key

    client.force_login(importer)
    job = import_job_create(user=importer, upload=upload("staff.csv", GOOD))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    cache.set(job_progress_key(job), {"stage": "saving", "done": 1, "total": 2})

    # when
    status = client.get(reverse("learning_import_job_status", args=[job.pk])).json()

    # then
    assert status["status"] == "running"
    assert (status["done"], status["total"], status["percent"]) == (1, 2, 75)
    assert not status["finished"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("staff.txt", GOOD, "Only .csv and .xlsx"),
        ("staff.exe", b"MZ", "Only .csv and .xlsx"),
        ("staff.csv", b"", "empty"),
    ],
)
def test_the_upload_refuses_wrong_types(client, importer, settings, name, content, message):
    client.force_login(importer)

    response = client.post(reverse("learning_import_start"), {"file": upload(name, content)})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_the_upload_refuses_oversize_files(client, importer, settings):
    settings.GUILD_IMPORT_MAX_BYTES = 100
    client.force_login(importer)

    response = client.post(
        reverse("learning_import_start"), {"file": upload("staff.csv", GOOD * 10)}
    )

    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Job.objects.exists()
    assert not list((settings.GUILD_PRIVATE_ROOT / "imports").glob("*"))


@pytest.mark.django_db
def test_only_importers_may_upload(client, hr_user):
    # given: an admin user without the directory permissions
    client.force_login(hr_user)

    # when
    response = client.post(reverse("learning_import_start"), {"file": upload("staff.csv", GOOD)})

    # then
    assert response.status_code == 302  # Wagtail's "permission denied" redirect
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_job_is_visible_to_its_owner_and_superusers_only(client, importer, superuser, ladder):
    # given
    job = import_job_create(user=importer, upload=upload("staff.csv", GOOD))
    colleague = UserFactory(is_staff=True)
    colleague.groups.add(Group.objects.get(name="Importers"))
    urls = [
        reverse("learning_import_job", args=[job.pk]),
        reverse("learning_import_job_status", args=[job.pk]),
    ]

    # then
    client.force_login(colleague)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(superuser)
    assert [client.get(url).status_code for url in urls] == [200, 200]
    client.force_login(importer)
    assert [client.get(url).status_code for url in urls] == [200, 200]
    client.logout()
    assert client.get(urls[1]).status_code == 302


@pytest.mark.django_db
def test_an_import_is_a_background_job_like_any_other(client, importer, ladder):
    # given: an import that ran
    job = import_job_create(user=importer, upload=upload("staff.csv", GOOD))
    job_run_task(job.pk)
    client.force_login(importer)

    # when: its owner looks at it through the generic job API and page
    api = client.get(f"/api/v1/jobs/{job.pk}").json()
    page = client.get(reverse("learning_job", args=[job.pk])).content.decode()

    # then
    assert (api["kind"], api["status"], api["status_label"]) == (
        "employee-import",
        "done",
        "Imported",
    )
    assert api["result"]["created"] == 2
    assert "2 rows imported: 2 created, 0 updated, 0 unchanged." in page


LATIN_1 = "employee_id,name,email,level\nE1,Jürgen Müller,juergen@corp.test,senior\n".encode(
    "latin-1"
)
AMBIGUOUS = "employee_id,name,email,level\nE1,王芳,wang.fang@corp.test,director\n".encode("gbk")


@pytest.mark.django_db
def test_a_latin_1_upload_keeps_its_accents(
    client, importer, ladder, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(importer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("learning_import_start"), {"file": upload("staff.csv", LATIN_1)}
        )

    assert response.status_code == 302
    assert EmployeeProfile.objects.get().full_name == "Jürgen Müller"


@pytest.mark.django_db
def test_an_upload_whose_encoding_is_ambiguous_asks_for_it_then_takes_it(
    client, importer, ladder, eager_celery, django_capture_on_commit_callbacks
):
    # given
    client.force_login(importer)
    url = reverse("learning_import_start")

    # when: uploaded without an encoding
    refused = client.post(url, {"file": upload("staff.csv", AMBIGUOUS)})

    # then: refused on the form, saying what to do; no job
    assert refused.status_code == 400
    assert "cannot be told for sure" in refused.content.decode()
    assert 'name="encoding"' in refused.content.decode()
    assert not Job.objects.exists()

    # when: the encoding is named
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(url, {"file": upload("staff.csv", AMBIGUOUS), "encoding": "gbk"})

    # then
    assert taken.status_code == 302
    assert EmployeeProfile.objects.get().full_name == "王芳"


@pytest.mark.django_db
def test_the_problems_are_written_in_the_importers_language(client, importer, ladder):
    """The worker runs in no one's language: the problems HR reads are checked in theirs."""
    from tests.learning.factories import EmployeeProfileFactory

    EmployeeProfileFactory(user=importer, preferred_language="ru")
    job = import_job_create(user=importer, upload=upload("staff.csv", BAD))

    job_run_task(job.pk)

    job.refresh_from_db()
    reasons = [problem["reason"] for problem in job.result["problems"]]
    assert reasons[0] == "not-an-email — некорректный адрес электронной почты"
    assert reasons[1].startswith("неизвестный уровень intern")

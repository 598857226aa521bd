"""The check-in API sends a free-form check-in's photo (multipart, checked by its bytes as
the page does) and gives it back at a download URL under the page's permission rule."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cohorts.engagement.models import Checkin, CheckinTask
from cohorts.models import Membership
from tests.cohorts.factories import MembershipFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _png(name="photo.png") -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(data, "PNG")
    return SimpleUploadedFile(name, data.getvalue(), "image/png")


@pytest.fixture
def free_task(task_in, clock, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    return task_in("Asia/Shanghai", kind=CheckinTask.Kind.FREE, supervisor_duty="check-ins")


def test_a_member_checks_in_with_a_photo_and_downloads_it(client, free_task, newcomer_of):
    person = newcomer_of(free_task)
    client.force_login(person)
    url = f"/api/v1/cohorts/{free_task.cohort.slug}/checkin-tasks/{free_task.pk}/my-checkin"

    response = client.post(url, {"text": "", "photo": _png()})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["has_photo"] is True
    checkin = Checkin.objects.get()
    assert body["photo_url"] == (
        f"/api/v1/cohorts/{free_task.cohort.slug}/checkins/{checkin.pk}/photo"
    )
    download = client.get(body["photo_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    # Editing without a photo keeps it; the listing shows its URL too.
    again = client.post(url, {"text": "Ten pages."})
    assert again.json()["photo_url"] == body["photo_url"]
    mine = client.get(f"/api/v1/cohorts/{free_task.cohort.slug}/checkins/mine").json()
    assert mine["recent"][0]["photo_url"] == body["photo_url"]


def test_a_file_that_is_not_an_image_is_refused_naming_the_field(client, free_task, newcomer_of):
    person = newcomer_of(free_task)
    client.force_login(person)
    url = f"/api/v1/cohorts/{free_task.cohort.slug}/checkin-tasks/{free_task.pk}/my-checkin"
    fake = SimpleUploadedFile("a.jpg", b"<script>no</script>", "image/jpeg")

    response = client.post(url, {"text": "Look", "photo": fake})

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"photo"}
    assert not Checkin.objects.exists()


def test_the_photo_is_the_authors_and_the_supervisors_only(client, free_task, newcomer_of):
    author, other = newcomer_of(free_task), newcomer_of(free_task)
    helper = MembershipFactory(
        cohort=free_task.cohort, role=Membership.Role.HELPER, helper_duty="check-ins"
    ).user
    client.force_login(author)
    url = f"/api/v1/cohorts/{free_task.cohort.slug}/checkin-tasks/{free_task.pk}/my-checkin"
    photo_url = client.post(url, {"photo": _png()}).json()["photo_url"]

    client.force_login(other)
    assert client.get(photo_url).status_code == 404
    client.force_login(helper)
    assert client.get(photo_url).status_code == 200
    client.logout()
    assert client.get(photo_url).status_code in (401, 403)

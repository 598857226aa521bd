"""Input a fuzzer or an attacker sends: huge integers, bodies of the wrong type, odd paths.

Each gets a 400 in the API's error shape and changes nothing; never a 500 or an HTML page.
"""

import pytest
from django.db import DataError, IntegrityError
from wagtail.models import APIToken

from learning.notifications.models import NotificationPreference
from tests.api.test_conventions import assert_error_shape
from tests.learning.factories import EmployeeProfileFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

# One past the largest integer the databases hold.
TOO_BIG = 2**63


@pytest.fixture
def person():
    return EmployeeProfileFactory().user


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/api/v1/people?page={TOO_BIG}", "page"),
        (f"/api/v1/tokens?page={TOO_BIG}", "page"),
        (f"/api/v1/inbox?page={TOO_BIG}", "page"),
        (f"/api/v1/people/levels?page={TOO_BIG}", "page"),
        (f"/api/v1/people?page_size={TOO_BIG}", "page_size"),
        ("/api/v1/people?page_size=201", "page_size"),
        (f"/api/v1/jobs/{TOO_BIG}", "job_id"),
    ],
)
def test_an_integer_past_the_database_s_range_is_refused_naming_the_field(
    bearer_client, person, path, field
):
    error = assert_error_shape(bearer_client(person).get(path), 400, "invalid")
    assert field in error["fields"]


def test_a_huge_token_id_to_revoke_is_refused(bearer_client, person):
    client = bearer_client(person)
    error = assert_error_shape(client.delete(f"/api/v1/tokens/{TOO_BIG}"), 400, "invalid")
    assert "token_id" in error["fields"]
    assert APIToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_huge_id_in_a_body_is_refused_and_marks_nothing(bearer_client, person):
    notification = NotificationFactory(recipient=person)

    response = bearer_client(person).post(
        "/api/v1/inbox/read", {"ids": [notification.pk, TOO_BIG]}, content_type="application/json"
    )

    error = assert_error_shape(response, 400, "invalid")
    assert "ids.1" in error["fields"]
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize(
    "error",
    [
        OverflowError("Python int too large to convert to SQLite INTEGER"),
        IntegrityError("datatype mismatch"),
        DataError("bigint out of range"),
        DataError("value too long for type character varying(20)"),
        DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"),
    ],
)
def test_a_value_the_database_refuses_answers_400_not_500(
    bearer_client, person, monkeypatch, error
):
    # given an endpoint whose number reaches the database unchecked
    def overflow(**kwargs):
        raise error

    monkeypatch.setattr("learning.directory.profile_get", overflow)

    # then the database's refusal is the client's mistake, not a crash
    response = bearer_client(person).get("/api/v1/people/E1")

    error = assert_error_shape(response, 400, "invalid")
    assert error["message"] == "A value in the request is too large or cannot be stored."


def test_other_integrity_errors_are_still_crashes(bearer_client, person, monkeypatch):
    def duplicate(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: learning_employeeprofile.email")

    monkeypatch.setattr("learning.directory.profile_get", duplicate)

    assert_error_shape(bearer_client(person).get("/api/v1/people/E1"), 500, "server_error")


@pytest.mark.parametrize("body", ["[1, 2]", '"x"', "1", "null", "true"])
def test_preferences_refuse_a_body_that_is_not_an_object_and_keep_mine(bearer_client, person, body):
    # given preferences that differ from the defaults
    client = bearer_client(person)
    saved = {"email_enabled": False, "webhook_enabled": False}
    put = client.put("/api/v1/inbox/preferences", saved, content_type="application/json")
    assert put.status_code == 200, put.content
    before = client.get("/api/v1/inbox/preferences").json()

    # when the body is valid JSON but not an object
    response = client.put("/api/v1/inbox/preferences", body, content_type="application/json")

    # then it is refused and nothing is reset
    error = assert_error_shape(response, 400, "invalid")
    assert error["message"] == "The request body must be a JSON object."
    assert client.get("/api/v1/inbox/preferences").json() == before
    assert NotificationPreference.objects.get(user=person).email_enabled is False


@pytest.mark.parametrize("body", ['"x"', "[1, 2]", "[]", "0"])
def test_mark_read_refuses_a_body_that_is_not_an_object_and_marks_nothing(
    bearer_client, person, body
):
    notification = NotificationFactory(recipient=person)

    response = bearer_client(person).post(
        "/api/v1/inbox/read", body, content_type="application/json"
    )

    assert_error_shape(response, 400, "invalid")
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("path", ["/api/v1/%0A", "/api/v1/people%0A", "/api/v1/a%0Ab/%0D%0A"])
def test_a_path_with_a_line_break_gets_404_in_the_error_shape(bearer_client, person, path):
    assert_error_shape(bearer_client(person).get(path), 404, "not_found")


def test_text_with_a_nul_character_in_a_body_is_refused_naming_the_field(bearer_client, person):
    client = bearer_client(person)

    response = client.post(
        "/api/v1/tokens", {"name": "lap\x00top"}, content_type="application/json"
    )

    error = assert_error_shape(response, 400, "invalid")
    assert error["fields"] == {"name": ["Text cannot contain NUL characters."]}
    assert APIToken.objects.filter(user=person).count() == 1  # only the client's own


def test_a_nul_character_deep_in_a_body_is_refused_with_its_path(bearer_client, person):
    response = bearer_client(person).put(
        "/api/v1/inbox/preferences",
        {"muted_kinds": ["kudos.received", "x\x00"]},
        content_type="application/json",
    )

    error = assert_error_shape(response, 400, "invalid")
    assert set(error["fields"]) == {"muted_kinds.1"}
    assert not NotificationPreference.objects.filter(user=person).exists()


def test_a_nul_character_in_a_query_is_refused_naming_the_parameter(bearer_client, person):
    error = assert_error_shape(bearer_client(person).get("/api/v1/people?q=a%00b"), 400, "invalid")
    assert set(error["fields"]) == {"q"}


def test_a_path_with_a_nul_character_is_not_found(bearer_client, person):
    assert_error_shape(bearer_client(person).get("/api/v1/people/E%001"), 404, "not_found")


@pytest.mark.parametrize("quiet_hours_end", ["10:20:37.9+19:32", "08:00Z", "8pm"])
def test_quiet_hours_take_a_wall_clock_time_not_one_with_an_offset(
    bearer_client, person, quiet_hours_end
):
    # Schemathesis found that an offset reached the database, which refused it (500).
    response = bearer_client(person).put(
        "/api/v1/inbox/preferences",
        {
            "email_enabled": True,
            "webhook_enabled": True,
            "quiet_hours_start": "21:00",
            "quiet_hours_end": quiet_hours_end,
        },
        content_type="application/json",
    )

    error = assert_error_shape(response, 400, "invalid")
    assert set(error["fields"]) == {"quiet_hours_end"}
    assert not NotificationPreference.objects.filter(user=person).exists()

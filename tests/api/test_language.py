"""Token callers are answered in their profile's language, as signed-in browsers are."""

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.models import APIToken

from learning.api import ProfileBearerTokenAuth
from tests.learning.factories import EmployeeProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

UNKNOWN_TOKEN = "/api/v1/tokens/999999"


def test_a_bearer_caller_whose_profile_says_russian_gets_errors_in_russian(bearer_client):
    # given: the profile says Russian, the client's headers say English
    person = EmployeeProfileFactory(preferred_language="ru")
    client = bearer_client(person.user)

    # when
    response = client.delete(UNKNOWN_TOKEN, headers={"Accept-Language": "en"})

    # then
    assert response.status_code == 404
    assert response.json()["error"] == {"code": "not_found", "message": "Не найдено.", "fields": {}}
    assert response["Content-Language"] == "ru"


def test_the_profile_wins_over_accept_language_for_a_bearer_caller(bearer_client):
    person = EmployeeProfileFactory(preferred_language="en")

    response = bearer_client(person.user).delete(UNKNOWN_TOKEN, headers={"Accept-Language": "ru"})

    assert response.json()["error"]["message"] == "Not found."


def test_a_bearer_caller_without_a_profile_keeps_accept_language(bearer_client):
    user = UserFactory()

    response = bearer_client(user).delete(UNKNOWN_TOKEN, headers={"Accept-Language": "ru"})

    assert response.json()["error"]["message"] == "Не найдено."


def test_a_bad_token_is_refused_in_the_language_the_client_asked_for(client):
    response = client.get(
        "/api/v1/me", headers={"Authorization": "Bearer not-a-token", "Accept-Language": "ru"}
    )

    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Войдите или передайте действительный API-токен."


def test_bearer_authentication_activates_the_profile_language_and_time_zone():
    # given
    person = EmployeeProfileFactory(preferred_language="ru", time_zone="Europe/Moscow")
    _token, plaintext = APIToken.create_token(user=person.user, name="tests")
    request = RequestFactory().get("/api/v1/me")

    # when
    with translation.override("en"):
        try:
            api_token = ProfileBearerTokenAuth().authenticate(request, plaintext)
            language = translation.get_language()
            zone = timezone.get_current_timezone_name()
        finally:
            timezone.deactivate()

    # then
    assert api_token.user == person.user
    assert (language, request.LANGUAGE_CODE, zone) == ("ru", "ru", "Europe/Moscow")


def test_a_revoked_token_activates_nothing():
    person = EmployeeProfileFactory(preferred_language="ru")
    token, plaintext = APIToken.create_token(user=person.user, name="tests")
    token.revoke()
    request = RequestFactory().get("/api/v1/me")

    with translation.override("en"):
        assert ProfileBearerTokenAuth().authenticate(request, plaintext) is None
        assert translation.get_language() == "en"


# --- Schema errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "params", "field", "message"),
    [
        ("ru", {"page": "x"}, "page", "Введите целое число."),
        (
            "ru",
            {"page_size": "201"},
            "page_size",
            "Убедитесь, что это значение меньше либо равно 200.",
        ),
        ("el", {"hired_after": "2026-02-30"}, "hired_after", "Εισάγετε μια έγκυρη ημερομηνία."),
        ("zh-hans", {"hired_before": "soon"}, "hired_before", "输入一个有效的日期。"),
        (
            "ru",
            {"q": "x" * 101},
            "q",
            "Убедитесь, что это значение содержит не более 100 символов (сейчас 101).",
        ),
        ("en", {"active": "maybe"}, "active", "Enter true or false."),
    ],
)
def test_field_errors_are_in_the_callers_language(bearer_client, language, params, field, message):
    person = EmployeeProfileFactory(preferred_language=language)

    response = bearer_client(person.user).get("/api/v1/people", params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["fields"][field] == [message]


def test_a_missing_field_is_named_in_accept_language(bearer_client):
    user = UserFactory()

    response = bearer_client(user).post(
        "/api/v1/tokens", {}, content_type="application/json", headers={"Accept-Language": "ru"}
    )

    assert response.json()["error"]["fields"]["name"] == ["Требуется заполнить это поле."]

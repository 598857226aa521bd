"""Token guessing is slowed down: bad bearer tokens lock the address they come from."""

import pytest
from django.test import Client
from wagtail.models import APIToken

from tests.api.conftest import BearerClient
from tests.api.test_conventions import assert_error_shape
from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tight_auth_limits")]


def guess(address: str):
    return BearerClient("wagtail_guess", REMOTE_ADDR=address).get("/api/v1/me")


def test_bad_tokens_lock_their_address_even_for_a_good_token():
    _token, secret = APIToken.create_token(user=EmployeeProfileFactory().user, name="script")
    for _attempt in range(5):
        assert_error_shape(guess("10.0.0.1"), 401, "unauthenticated")

    # when a good token comes from the same address
    response = BearerClient(secret, REMOTE_ADDR="10.0.0.1").get("/api/v1/me")

    # then it waits too: 429 in the error shape, with when to come back
    error = assert_error_shape(response, 429, "throttled")
    assert error["message"] == "Too many failed sign-in attempts. Try again in 15 minutes."
    assert 0 < int(response["Retry-After"]) <= 900
    # and another address is not affected
    assert BearerClient(secret, REMOTE_ADDR="10.0.0.2").get("/api/v1/me").status_code == 200


def test_a_locked_address_cannot_create_tokens_either():
    user = EmployeeProfileFactory().user
    _token, secret = APIToken.create_token(user=user, name="script")
    for _attempt in range(5):
        guess("10.0.0.1")

    response = BearerClient(secret, REMOTE_ADDR="10.0.0.1").post(
        "/api/v1/tokens", {"name": "more"}, content_type="application/json"
    )

    assert_error_shape(response, 429, "throttled")
    assert APIToken.objects.filter(user=user).count() == 1


def test_calls_without_credentials_are_not_counted(bearer_client):
    anonymous = Client(REMOTE_ADDR="127.0.0.1")
    for _attempt in range(10):
        assert anonymous.get("/api/v1/me").status_code == 401

    client = bearer_client(EmployeeProfileFactory().user)
    assert client.get("/api/v1/me").status_code == 200


def test_good_tokens_are_not_counted(bearer_client):
    client = bearer_client(EmployeeProfileFactory().user)
    for _attempt in range(10):
        assert client.get("/api/v1/me").status_code == 200


def test_wrong_passwords_on_the_sign_in_page_lock_the_address_for_the_api_too():
    _token, secret = APIToken.create_token(user=EmployeeProfileFactory().user, name="script")
    for attempt in range(5):
        Client(REMOTE_ADDR="10.0.0.1").post(
            "/login/", {"username": f"someone{attempt}", "password": "guess"}
        )

    response = BearerClient(secret, REMOTE_ADDR="10.0.0.1").get("/api/v1/me")

    assert_error_shape(response, 429, "throttled")

"""The API's conventions hold for every endpoint: schema, authentication, error shape."""

import json
import re

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from openapi_spec_validator import validate
from wagtail.models import APIToken

from learning.api import api
from tests.learning.factories import EmployeeProfileFactory, UserFactory

# Operations deliberately open to anonymous callers, as ("method", "path"), with why.
PUBLIC_OPERATIONS: set[tuple[str, str]] = {
    # An outside guest has no account: the secret token in the body is the credential,
    # and a bad one counts as a failed authentication (tests/cohorts/sessions/test_api.py).
    ("post", "/api/v1/guest-invitations/answer"),
}


def openapi_document() -> dict:
    import learning.urls  # noqa: F401  (mounts every app's router on the API)

    # Through JSON, as clients receive it (integer status codes become strings).
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))


def all_operations():
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            yield method, path, operation


def concrete(path: str) -> str:
    # Any value will do for path parameters: authentication comes first.
    return re.sub(r"\{[^}]+\}", "1", path)


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_openapi_document_is_valid(client):
    # given the API as mounted
    # when the schema is fetched anonymously
    response = client.get("/api/v1/openapi.json")
    # then it is served and is a valid OpenAPI document
    assert response.status_code == 200
    validate(response.json())
    validate(openapi_document())


def test_openapi_document_declares_bearer_auth_and_the_error_shape():
    document = openapi_document()
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    assert "ErrorOut" in document["components"]["schemas"]
    for _method, _path, operation in all_operations():
        assert "default" in operation["responses"]


def test_every_operation_requires_authentication_unless_public():
    operations = list(all_operations())
    assert len(operations) >= 11
    for method, path, operation in operations:
        if (method, path) in PUBLIC_OPERATIONS:
            continue
        assert operation.get("security"), f"{method.upper()} {path} is open to anyone"
        assert "401" in operation["responses"]


@pytest.mark.django_db
def test_every_endpoint_answers_401_in_the_error_shape_without_credentials():
    client = Client(enforce_csrf_checks=True)
    wrong = []
    for method, path, _operation in all_operations():
        if (method, path) in PUBLIC_OPERATIONS:
            continue
        # when called with no credentials at all
        response = getattr(client, method)(concrete(path), content_type="application/json")
        # then 401, never a CSRF 403 or a 500. A 405 here means an earlier route with a
        # {parameter} in the same place swallows this path: declare literal paths first.
        if response.status_code != 401:
            wrong.append(f"{method.upper()} {path}: {response.status_code}")
            continue
        assert_error_shape(response, 401, "unauthenticated")
        assert response["WWW-Authenticate"] == "Bearer"
    assert not wrong, wrong


def test_no_path_ends_with_a_slash():
    # One convention: clients never have to guess whether a path takes a trailing slash.
    slashed = [path for path in openapi_document()["paths"] if path.endswith("/")]
    assert not slashed, slashed


@pytest.mark.django_db
def test_a_trailing_slash_answers_as_the_path_without_it():
    client = Client(enforce_csrf_checks=True)
    different = []
    for method, path, _operation in all_operations():
        plain = getattr(client, method)(concrete(path), content_type="application/json")
        slashed = getattr(client, method)(concrete(path) + "/", content_type="application/json")
        if (slashed.status_code, slashed.content) != (plain.status_code, plain.content):
            different.append(f"{method.upper()} {path}/: {slashed.status_code}")
    assert not different, different


@pytest.mark.django_db
def test_a_trailing_slash_reaches_the_endpoint_with_its_body(bearer_client):
    client = bearer_client(EmployeeProfileFactory().user)

    listed = client.get("/api/v1/people/", {"page_size": 1})
    written = client.post("/api/v1/tokens/", {"name": "laptop"}, content_type="application/json")

    assert listed.status_code == 200
    assert listed.json()["count"] >= 1
    assert written.status_code == 201, written.content


@pytest.mark.django_db
def test_an_unknown_token_gets_401():
    client = Client(headers={"Authorization": "Bearer wagtail_not-a-real-token"})
    assert_error_shape(client.get("/api/v1/me"), 401, "unauthenticated")


@pytest.mark.django_db
def test_a_revoked_token_gets_401(bearer_client):
    # given a token that worked
    client = bearer_client(EmployeeProfileFactory().user)
    assert client.get("/api/v1/me").status_code == 200
    # when it is revoked
    APIToken.objects.get().revoke()
    # then it no longer opens anything
    assert_error_shape(client.get("/api/v1/me"), 401, "unauthenticated")


@pytest.mark.django_db
def test_a_token_of_a_deactivated_user_gets_401(bearer_client):
    user = EmployeeProfileFactory().user
    client = bearer_client(user)
    user.is_active = False
    user.save()
    assert_error_shape(client.get("/api/v1/me"), 401, "unauthenticated")


@pytest.mark.django_db
def test_a_bad_token_is_not_rescued_by_a_session_cookie():
    # given a signed-in browser that also sends a bad bearer token
    client = Client(headers={"Authorization": "Bearer wagtail_not-a-real-token"})
    client.force_login(EmployeeProfileFactory().user)
    # then the bad token wins: 401
    assert_error_shape(client.get("/api/v1/me"), 401, "unauthenticated")


@pytest.mark.django_db
def test_a_bearer_token_identifies_its_user(bearer_client):
    profile = EmployeeProfileFactory(full_name="Ada Quinn")
    response = bearer_client(profile.user).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["username"] == profile.user.username
    assert body["profile"]["full_name"] == "Ada Quinn"
    # their own private details are theirs to see
    assert body["profile"]["email"] == profile.email
    assert body["is_hr"] is False


@pytest.mark.django_db
def test_me_for_an_account_outside_the_directory(superuser):
    client = Client()
    client.force_login(superuser)
    body = client.get("/api/v1/me").json()
    assert body["profile"] is None
    assert body["is_hr"] is True


@pytest.mark.django_db
def test_a_session_reads_without_csrf():
    client = Client(enforce_csrf_checks=True)
    client.force_login(EmployeeProfileFactory().user)
    assert client.get("/api/v1/me").status_code == 200


@pytest.mark.django_db
def test_a_session_write_without_csrf_is_refused():
    # given a signed-in browser session
    user = EmployeeProfileFactory().user
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    # when it posts without the CSRF token
    response = client.post("/api/v1/tokens", {"name": "laptop"}, content_type="application/json")
    # then 403 in the error shape, and nothing was created
    assert_error_shape(response, 403, "csrf_failed")
    assert not APIToken.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_a_session_write_with_csrf_is_accepted():
    user = EmployeeProfileFactory().user
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    csrf = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = csrf
    response = client.post(
        "/api/v1/tokens",
        {"name": "laptop"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201, response.content
    assert APIToken.objects.filter(user=user, name="laptop").exists()


@pytest.mark.django_db
def test_a_bearer_write_needs_no_csrf(bearer_client):
    client = bearer_client(EmployeeProfileFactory().user)
    response = client.post("/api/v1/tokens", {"name": "ci"}, content_type="application/json")
    assert response.status_code == 201


@pytest.mark.django_db
def test_a_wrong_method_gets_405_in_the_error_shape(bearer_client):
    client = bearer_client(EmployeeProfileFactory().user)
    response = client.put("/api/v1/me", {}, content_type="application/json")
    assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/no-such-thing", "/api/v1/people/x/y"])
def test_an_unknown_address_gets_404_in_the_error_shape(bearer_client, path):
    client = bearer_client(EmployeeProfileFactory().user)
    assert_error_shape(client.get(path), 404, "not_found")


@pytest.mark.django_db
def test_a_bad_query_parameter_gets_400_naming_the_field(bearer_client):
    client = bearer_client(EmployeeProfileFactory().user)
    response = client.get("/api/v1/people", {"hired_after": "notadate", "page": "0"})
    error = assert_error_shape(response, 400, "invalid")
    assert set(error["fields"]) == {"hired_after", "page"}


@pytest.mark.django_db
def test_a_body_that_is_not_json_gets_400(bearer_client):
    client = bearer_client(EmployeeProfileFactory().user)
    response = client.post("/api/v1/tokens", "{not json", content_type="application/json")
    assert_error_shape(response, 400, "invalid")
    assert APIToken.objects.count() == 1  # only the client's own


@pytest.mark.django_db
def test_a_crash_gets_500_without_details(bearer_client, monkeypatch, caplog):
    # given an endpoint whose selector fails unexpectedly
    def explode(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("learning.directory.profile_get", explode)
    client = bearer_client(EmployeeProfileFactory().user)
    # when it is called
    response = client.get("/api/v1/people/E1")
    # then the client gets the shape and no details; the log gets the traceback
    error = assert_error_shape(response, 500, "server_error")
    assert "secret" not in response.content.decode()
    assert error["fields"] == {}
    assert "secret internals" in caplog.text


@pytest.mark.django_db
def test_the_user_without_a_profile_gets_403_in_the_error_shape(bearer_client):
    client = bearer_client(UserFactory())
    assert_error_shape(client.get("/api/v1/people"), 403, "forbidden")


@pytest.mark.django_db
def test_in_debug_a_crash_reaches_the_developer(bearer_client, monkeypatch, settings):
    # given a developer's machine
    settings.DEBUG = True

    def explode(**kwargs):
        raise RuntimeError("look here")

    monkeypatch.setattr("learning.directory.profile_get", explode)
    client = bearer_client(EmployeeProfileFactory().user)
    # then the exception is not swallowed into a bland 500
    with pytest.raises(RuntimeError, match="look here"):
        client.get("/api/v1/people/E1")


def test_no_two_schemas_share_a_name():
    """The OpenAPI document names each schema by its class: two classes of one name in
    different apps would silently describe one endpoint with the other's fields."""
    from ninja import Schema

    import learning.urls  # noqa: F401  (imports every app's API)

    seen: dict[str, str] = {}
    clashes = []
    stack = list(Schema.__subclasses__())
    while stack:
        schema = stack.pop()
        stack.extend(schema.__subclasses__())
        if schema.__module__.split(".")[0] not in {
            "learning",
            "cohorts",
            "mentors",
            "knowledge_base",
        }:
            continue
        where = f"{schema.__module__}.{schema.__qualname__}"
        if seen.setdefault(schema.__name__, where) != where:
            clashes.append((seen[schema.__name__], where))
    assert not clashes

"""Token self-service: people create, list and revoke their own API tokens."""

import pytest
from wagtail.models import APIToken, ModelLogEntry

from learning import api_tokens
from tests.api.conftest import BearerClient
from tests.learning.factories import EmployeeProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return EmployeeProfileFactory().user


def test_a_created_token_is_shown_once_and_stored_only_as_a_digest(person, bearer_client):
    client = bearer_client(person)

    # when a token is created
    response = client.post("/api/v1/tokens", {"name": "laptop"}, content_type="application/json")

    # then its plaintext is in this answer only
    assert response.status_code == 201
    body = response.json()
    secret = body["secret"]
    assert secret.startswith(body["token"]["prefix"])
    stored = APIToken.objects.get(pk=body["token"]["id"])
    assert stored.user == person
    assert stored.key_hash == APIToken.hash_token(secret)
    assert secret not in {stored.key_hash, stored.prefix, stored.name}
    listing = client.get("/api/v1/tokens")
    assert secret not in listing.content.decode()
    assert "key_hash" not in listing.content.decode()
    # and the creation is in the audit log
    assert ModelLogEntry.objects.filter(action="wagtail.apitoken.create", user=person).exists()
    # and the new token works
    assert BearerClient(secret).get("/api/v1/me").json()["user"]["id"] == person.pk


def test_the_list_has_only_my_working_tokens_newest_first(person, bearer_client):
    client = bearer_client(person)
    APIToken.create_token(user=UserFactory(), name="someone else's")
    old, _ = APIToken.create_token(user=person, name="old phone")
    old.revoke()
    APIToken.create_token(user=person, name="new phone")

    body = client.get("/api/v1/tokens").json()

    assert body["count"] == 2
    assert [item["name"] for item in body["items"]] == ["new phone", "tests"]
    assert set(body["items"][0]) == {"id", "name", "prefix", "created", "last_used_at"}


def test_revoking_my_token_stops_it_at_once(person, bearer_client):
    client = bearer_client(person)
    other, secret = APIToken.create_token(user=person, name="script")

    response = client.delete(f"/api/v1/tokens/{other.pk}")

    assert response.status_code == 204
    assert BearerClient(secret).get("/api/v1/me").status_code == 401
    # and revoking again changes nothing
    assert client.delete(f"/api/v1/tokens/{other.pk}").status_code == 204


def test_a_token_may_revoke_itself(person, bearer_client):
    client = bearer_client(person)
    own = APIToken.objects.get(user=person)
    assert client.delete(f"/api/v1/tokens/{own.pk}").status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_revoking_someone_else_s_token_gets_404_and_leaves_it_working(person, bearer_client):
    client = bearer_client(person)
    theirs, secret = APIToken.create_token(user=UserFactory(), name="theirs")

    response = client.delete(f"/api/v1/tokens/{theirs.pk}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert BearerClient(secret).get("/api/v1/me").status_code == 200


def test_revoking_an_unknown_token_gets_404(person, bearer_client):
    assert bearer_client(person).delete("/api/v1/tokens/999999").status_code == 404


@pytest.mark.parametrize("payload", [{"name": "   "}, {"name": "x" * 256}, {}])
def test_a_token_needs_a_name(person, bearer_client, payload):
    client = bearer_client(person)

    response = client.post("/api/v1/tokens", payload, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["name"]
    assert APIToken.objects.filter(user=person).count() == 1


def test_there_is_a_limit_to_working_tokens(person):
    for n in range(api_tokens.MAX_ACTIVE_TOKENS):
        api_tokens.api_token_create(user=person, name=f"device {n}")

    with pytest.raises(api_tokens.ValidationError) as excinfo:
        api_tokens.api_token_create(user=person, name="one more")

    assert "name" in excinfo.value.error_dict
    assert APIToken.objects.filter(user=person).count() == api_tokens.MAX_ACTIVE_TOKENS


def test_accounts_without_a_profile_manage_their_tokens_too(bearer_client):
    client = bearer_client(UserFactory())
    response = client.post("/api/v1/tokens", {"name": "bot"}, content_type="application/json")
    assert response.status_code == 201

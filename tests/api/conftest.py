"""Callers of the API: a bearer-token client for any user."""

import pytest
from django.test import Client
from wagtail.models import APIToken


class BearerClient(Client):
    """A test client that sends ``Authorization: Bearer <token>`` on every request."""

    def __init__(self, token: str, **kwargs):
        super().__init__(headers={"Authorization": f"Bearer {token}"}, **kwargs)
        self.token = token


@pytest.fixture
def bearer_client():
    """``bearer_client(user)``: a client authenticated with a fresh token of ``user``."""

    def make(user) -> BearerClient:
        _token, plaintext = APIToken.create_token(user=user, name="tests")
        return BearerClient(plaintext)

    return make

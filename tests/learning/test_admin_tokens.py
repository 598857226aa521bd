"""HR and developers issue API tokens from Wagtail's own admin screen."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_offers_the_api_token_screen(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse("wagtailusers_api_tokens:index"))

    assert response.status_code == 200

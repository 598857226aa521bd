"""Webhook endpoints are managed by people who organize something, never by newcomers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail import hooks

from learning.notifications import services
from learning.notifications.models import WebhookEndpoint
from tests.learning.factories import UserFactory
from tests.notifications.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

SLACK = "https://hooks.slack.com/services/T000/B000/guild"


def _create(user):
    return services.webhook_endpoint_create(owner=user, name="Team room", url=SLACK)


def test_a_newcomer_may_not_add_a_webhook(employee):
    with pytest.raises(PermissionDenied) as refused:
        _create(employee.user)

    assert str(refused.value) == "Webhooks are for people who organize a programme or a cohort."
    assert not WebhookEndpoint.objects.exists()


def test_organizers_staff_and_whoever_a_higher_app_names_may_add_webhooks(organizer, employee):
    staff = UserFactory(is_staff=True)
    _create(organizer.user)
    _create(staff)

    def organizes(user):
        return user.pk == employee.user.pk

    with hooks.register_temporarily("guild_user_organizes", organizes):
        _create(employee.user)

    assert WebhookEndpoint.objects.count() == 3


def test_a_newcomer_may_remove_but_not_re_point_an_old_webhook(employee):
    endpoint = WebhookEndpointFactory(owner=employee.user)

    with pytest.raises(PermissionDenied):
        services.webhook_endpoint_update(
            endpoint=endpoint, user=employee.user, url="https://hooks.example.com/other"
        )
    services.webhook_endpoint_delete(endpoint=endpoint, user=employee.user)

    assert not WebhookEndpoint.objects.exists()


def test_the_page_explains_the_refusal_and_the_post_is_forbidden(client, employee):
    client.force_login(employee.user)

    page = client.get(reverse("notifications:preferences")).content.decode()
    response = client.post(
        reverse("notifications:webhook_add"), {"name": "Room", "flavor": "slack", "url": SLACK}
    )

    assert 'data-testid="webhooks-refused"' in page
    assert "Add a webhook" not in page
    assert response.status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_an_organizer_sees_the_form(client, organizer):
    client.force_login(organizer.user)

    page = client.get(reverse("notifications:preferences")).content.decode()

    assert "Add a webhook" in page
    assert 'data-testid="webhooks-refused"' not in page

"""Factories for the outbox. Notifications are made through the service in most tests."""

import factory
from factory.django import DjangoModelFactory

from learning.notifications.models import Notification, WebhookEndpoint
from tests.learning.factories import UserFactory


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "guild.notice"
    title = factory.Sequence(lambda n: f"Cohort update {n}")
    body = "The guest session moves to the large meeting room."
    url = "/cohorts/"


class WebhookEndpointFactory(DjangoModelFactory):
    """An endpoint written directly (tests point them at local receivers)."""

    class Meta:
        model = WebhookEndpoint

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Team room {n}")
    flavor = WebhookEndpoint.Flavor.GENERIC
    url = "https://hooks.example.com/guild"
    secret = "test-signing-secret"


def organizer_make(user):
    """Put ``user`` in the "Organizers" group: someone who may manage webhooks."""
    from django.contrib.auth.models import Group

    from learning.services import ORGANIZER_GROUP

    user.groups.add(Group.objects.get_or_create(name=ORGANIZER_GROUP)[0])
    return user

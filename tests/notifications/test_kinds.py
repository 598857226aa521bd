"""Notification kinds as a registry: declared once by the app that sends them."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from learning.notifications import kinds, services
from learning.notifications.models import Notification, NotificationPreference
from tests.learning.factories import EmployeeProfileFactory
from tests.notifications.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry that a test may add to without leaking into the next."""
    monkeypatch.setattr(kinds, "_kinds", dict(kinds._kinds))
    return kinds


@pytest.mark.parametrize(
    ("send", "to"),
    [
        (services.notification_send, lambda user: {"recipient": user}),
        (services.notification_send_many, lambda user: {"recipients": [user]}),
    ],
)
def test_sending_an_unregistered_kind_is_refused_and_saves_nothing(employee, send, to):
    with pytest.raises(ValidationError) as error:
        send(**to(employee.user), kind="cohort.anouncement", title="Hi")

    assert error.value.message_dict["kind"] == [
        "“cohort.anouncement” is not a registered notification kind."
    ]
    assert not Notification.objects.exists()


def test_every_kind_cohorts_sends_is_registered():
    # The kinds are written where they are sent; a new one without a registration would
    # only fail when that code path first runs, so read them from the source.
    source = "\n".join(
        path.read_text() for path in (Path(settings.BASE_DIR) / "cohorts").rglob("*.py")
    )
    sent = set(re.findall(r'kind="(cohort\.[a-z_.]+)"', source))

    assert sent >= {"cohort.invited", "cohort.request_decided", "cohort.warning"}
    assert {code for code in sent if kinds.notification_kind(code) is None} == set()


def test_registered_kinds_have_a_label_and_a_group_in_the_members_words():
    for kind in kinds.notification_kinds():
        assert str(kind.label).strip()
        assert str(kind.group).strip()
        assert kind.code not in str(kind.label)


def test_a_code_means_one_thing(registry):
    first = registry.notification_kind_register("test.thing", label="A thing", group="Tests")

    assert registry.notification_kind_register("test.thing", label="A thing", group="Tests") == (
        first
    )
    with pytest.raises(ImproperlyConfigured):
        registry.notification_kind_register("test.thing", label="Another", group="Tests")
    with pytest.raises(ImproperlyConfigured):
        registry.notification_kind_register("Test Thing", label="Bad code", group="Tests")
    with pytest.raises(ImproperlyConfigured):
        registry.notification_kind_register(
            "test.pager", label="Pager", group="Tests", default_channels=["pager"]
        )


def test_a_kind_goes_only_to_its_default_channels(registry):
    person = EmployeeProfileFactory()
    WebhookEndpointFactory(owner=person.user)
    registry.notification_kind_register(
        "test.email_only", label="E-mail only", group="Tests", default_channels=["email"]
    )
    registry.notification_kind_register(
        "test.inbox_only", label="Inbox only", group="Tests", default_channels=[]
    )

    email_only = services.notification_send(
        recipient=person.user, kind="test.email_only", title="Hi"
    )
    inbox_only = services.notification_send(
        recipient=person.user, kind="test.inbox_only", title="Hi"
    )

    assert sorted(email_only.deliveries.values_list("channel", flat=True)) == ["email", "inapp"]
    assert list(inbox_only.deliveries.values_list("channel", flat=True)) == ["inapp"]


def test_preferences_refuse_a_kind_nobody_registered(employee):
    with pytest.raises(ValidationError) as error:
        services.preference_update(
            user=employee.user,
            email_enabled=True,
            webhook_enabled=True,
            muted_kinds=["guild.notice", "kudos.received"],
        )

    assert error.value.message_dict["muted_kinds"] == [
        "“kudos.received” is not a notification kind."
    ]
    assert not NotificationPreference.objects.exists()


# --- the member's page and the API, built from the registry ----------------------------------


def test_the_preference_page_lists_kinds_by_group_in_the_members_words(client, employee):
    client.force_login(employee.user)

    page = client.get(reverse("notifications:preferences")).content.decode()

    assert "<legend>My cohorts</legend>" in page
    assert "<legend>From the organizers</legend>" in page
    assert "Inbox only: I am invited to a cohort" in page
    assert "An organizer adds you to a cohort" in page  # the description
    assert 'value="cohort.invited"' in page
    assert ">cohort.invited<" not in page  # codes are values, never what people read


def test_muting_from_the_page_keeps_a_kind_in_the_inbox_only(client, employee):
    client.force_login(employee.user)

    response = client.post(
        reverse("notifications:preferences"),
        {"email_enabled": "on", "webhook_enabled": "on", "muted_kinds": ["cohort.warning"]},
    )
    page = client.get(reverse("notifications:preferences")).content.decode()

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=employee.user).muted_kinds == ["cohort.warning"]
    assert 'value="cohort.warning" checked' in page
    assert 'value="cohort.invited" checked' not in page


def test_the_page_refuses_a_kind_that_is_not_offered(client, employee):
    client.force_login(employee.user)

    response = client.post(reverse("notifications:preferences"), {"muted_kinds": ["kudos.given"]})

    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_the_api_lists_kinds_with_labels_groups_defaults_and_my_mutes(client, employee):
    client.force_login(employee.user)
    services.preference_update(
        user=employee.user, email_enabled=True, webhook_enabled=True, muted_kinds=["guild.notice"]
    )

    listed = {item["kind"]: item for item in client.get("/api/v1/inbox/preferences/kinds").json()}

    assert set(listed) == {kind.code for kind in kinds.notification_kinds()}
    assert listed["cohort.invited"] == {
        "kind": "cohort.invited",
        "label": "I am invited to a cohort",
        "group": "My cohorts",
        "description": "An organizer adds you to a cohort and asks you to accept its rules.",
        "default_channels": ["email", "webhook"],
        "muted": False,
    }
    assert listed["guild.notice"]["muted"] is True

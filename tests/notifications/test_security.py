"""Webhooks may only reach public addresses, checked again every time one is sent."""

import socket

import pytest
from django.core.exceptions import ValidationError

from learning.notifications import services
from learning.notifications.models import Delivery
from learning.notifications.services import transport
from tests.notifications.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db


class FakeResponse:
    def __init__(self, status_code=200, text="ok", headers=None):
        self.status_code = status_code
        self.text = text
        self.headers = headers or {}

    def json(self):
        raise ValueError("no json")


class CallList(list):
    """Requests made, plus the answer to give them."""

    answer: FakeResponse


@pytest.fixture
def posts(monkeypatch):
    """Every webhook request made, answered by ``posts.answer`` (200 unless told otherwise)."""
    calls = CallList()
    calls.answer = FakeResponse()

    def fake_post(url, data, headers, timeout, allow_redirects):
        calls.append(
            {
                "url": url,
                "host": headers["Host"],
                "allow_redirects": allow_redirects,
                "timeout": timeout,
            }
        )
        return calls.answer

    monkeypatch.setattr(transport.http_session(), "post", fake_post)
    return calls


@pytest.fixture
def resolves_to(monkeypatch):
    """Make every host name resolve to the given addresses, without asking a DNS server."""
    looked_up = []

    def resolve(*addresses):
        def fake_getaddrinfo(host, port, *args, **kwargs):
            looked_up.append(host)
            return [
                (
                    socket.AF_INET6 if ":" in a else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (a, port),
                )
                for a in addresses
            ]

        monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
        return looked_up

    return resolve


@pytest.fixture
def public_only(settings):
    settings.GUILD_WEBHOOK_ALLOW_PRIVATE = False
    settings.GUILD_NOTIFICATIONS_MAX_ATTEMPTS = 5


def _webhook_delivery(owner, url="https://hooks.example.com/guild") -> Delivery:
    WebhookEndpointFactory(owner=owner, url=url)
    notification = services.notification_send(
        recipient=owner, kind="guild.notice", title="Guest session tonight"
    )
    return notification.deliveries.get(channel="webhook")


@pytest.mark.parametrize(
    "addresses",
    [
        ("10.0.0.7",),
        ("127.0.0.1",),
        ("169.254.169.254",),  # cloud metadata
        ("93.184.216.34", "192.168.1.20"),  # one private answer among public ones is enough
        ("::1",),
        ("::ffff:10.0.0.1",),
        ("224.0.0.1",),
        ("0.0.0.0",),  # noqa: S104 - an answer to refuse, not a bind
    ],
)
def test_a_public_name_resolving_to_a_private_address_fails_at_once_without_a_request(
    employee, posts, resolves_to, public_only, addresses
):
    looked_up = resolves_to(*addresses)
    delivery = _webhook_delivery(employee.user)

    outcome = services.delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert outcome == "failed"
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "hooks.example.com resolves to" in delivery.last_error
    assert "private network" in delivery.last_error
    assert looked_up == ["hooks.example.com"]
    assert posts == []


def test_a_public_address_is_sent_without_following_redirects_and_with_the_timeout(
    employee, posts, resolves_to, public_only, settings
):
    settings.GUILD_WEBHOOK_CONNECT_TIMEOUT_SECONDS = 3
    settings.GUILD_WEBHOOK_TIMEOUT_SECONDS = 7
    resolves_to("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")
    delivery = _webhook_delivery(employee.user)

    assert services.delivery_attempt(delivery_id=delivery.pk) == "sent"

    # Sent to the address that was checked, with the name kept for TLS and Host.
    assert posts == [
        {
            "url": "https://93.184.216.34/guild",
            "host": "hooks.example.com",
            "allow_redirects": False,
            "timeout": (3, 7),
        }
    ]


def test_a_redirect_is_a_failure_with_its_status_and_is_not_followed(
    employee, posts, resolves_to, public_only
):
    resolves_to("93.184.216.34")
    posts.answer = FakeResponse(302, "", headers={"Location": "http://169.254.169.254/"})
    delivery = _webhook_delivery(employee.user)

    assert services.delivery_attempt(delivery_id=delivery.pk) == "retry"

    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.last_error.startswith("HTTP 302:")
    assert "not followed" in delivery.last_error
    assert len(posts) == 1


def test_a_name_that_does_not_resolve_is_retried_not_refused(
    employee, posts, monkeypatch, public_only
):
    def no_answer(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_answer)
    delivery = _webhook_delivery(employee.user)

    assert services.delivery_attempt(delivery_id=delivery.pk) == "retry"

    delivery.refresh_from_db()
    assert "Could not resolve hooks.example.com" in delivery.last_error
    assert posts == []


def test_with_private_addresses_allowed_a_local_receiver_is_sent_to(
    employee, posts, resolves_to, settings
):
    settings.GUILD_WEBHOOK_ALLOW_PRIVATE = True
    looked_up = resolves_to("127.0.0.1")
    delivery = _webhook_delivery(employee.user, url="http://127.0.0.1:8765/hook")

    assert services.delivery_attempt(delivery_id=delivery.pk) == "sent"

    assert [call["url"] for call in posts] == ["http://127.0.0.1:8765/hook"]
    assert looked_up == []


def test_an_endpoint_saved_before_the_rules_with_plain_http_is_refused(
    employee, posts, resolves_to, public_only
):
    resolves_to("93.184.216.34")
    delivery = _webhook_delivery(employee.user, url="http://hooks.example.com/guild")

    assert services.delivery_attempt(delivery_id=delivery.pk) == "failed"

    delivery.refresh_from_db()
    assert "https://" in delivery.last_error
    assert posts == []


@pytest.mark.parametrize(
    "url",
    [
        "https://10.1.2.3/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "http://example.com/",
    ],
)
def test_saving_still_refuses_literal_private_addresses_and_plain_http(organizer, public_only, url):
    with pytest.raises(ValidationError) as error:
        services.webhook_endpoint_create(owner=organizer.user, name="Room", url=url)

    assert "url" in error.value.message_dict
    assert not organizer.user.webhook_endpoints.exists()

"""Webhook addresses: read by the parser that connects, resolved once, connected as checked.

The TLS tests run a local HTTPS receiver with a certificate made by ``openssl`` for a
name that only the mocked resolver knows, so they prove that the connection goes to the
checked address while the certificate is still verified for the name.
"""

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from learning.notifications import services
from learning.notifications.models import WebhookEndpoint
from learning.notifications.services import addresses, transport
from tests.notifications.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

# The payload: urlsplit reads the host as 93.184.216.34, urllib3 connects to
# 127.0.0.1.
PARSER_CONFUSION = "https://127.0.0.1:18473\\@93.184.216.34/"

TRICKY = [
    PARSER_CONFUSION,
    "https://2130706433/",  # 127.0.0.1 as one decimal number
    "https://0177.0.0.1/",  # octal
    "https://0x7f.0.0.1/",  # hex
    "https://0x7f000001/",
    "https://127.1/",  # short form
    "https://10.1/",
    "https://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
    "https://[::ffff:a9fe:a9fe]/",  # 169.254.169.254, mapped
    "https://[::127.0.0.1]/",  # IPv4-compatible
    "https://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
    "https://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "https://[fe80::1%25eth0]/",  # zone id
    "https://[::]/",
    "https://0.0.0.0/",  # noqa: S104 - an address to refuse, not a bind
    "https://169.254.169.254/latest/meta-data/",
    "https://100.64.0.1/",  # carrier-grade NAT
    "https://224.0.0.1/",
    "https://user@hooks.example.com/",
    "https://user:pass@hooks.example.com/",
    "https://hooks.example.com@127.0.0.1/",
    "https://%31%32%37.0.0.1/",  # %-encoded host
    "https://hooks%2eexample.com/",
    "https://localhost./",  # trailing dot
    "https://hooks.example.com./",
    "https://localhost/",
    "https://metadata.google.internal/",
    "https://printer.local/",
    "https://hooks.example.com\\@evil.example/",
    "https://hooks.example.com /",
    "https://hooks.example.com/\r\nX-Injected: 1",
    "https://hooks.example.com/\x00",
    "https://hooks\tex.com/",
    "https://ex\u00e4mple.com/",
    "http://hooks.example.com/",
    "file:///etc/passwd",
    "gopher://hooks.example.com/",
    "https:///path-only",
    "https://hooks.example.com:99999/",
    "//hooks.example.com/",
]


@pytest.fixture
def public_only(settings):
    settings.GUILD_WEBHOOK_ALLOW_PRIVATE = False


@pytest.fixture
def resolver(monkeypatch):
    """Answer DNS from ``resolver.answers`` (one list per lookup, the last one repeats)."""

    class Resolver:
        answers: list[list[str]] = [["93.184.216.34"]]
        lookups: list[str] = []

    def fake_getaddrinfo(host, port, *args, **kwargs):
        try:
            # An address literal is not a DNS question: it answers itself, as for real.
            found = [str(ipaddress.ip_address(host))]
        except ValueError:
            Resolver.lookups.append(host)
            found = Resolver.answers[min(len(Resolver.lookups), len(Resolver.answers)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in found]

    Resolver.lookups = []
    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    return Resolver


@pytest.fixture
def no_requests(monkeypatch):
    sent = []
    monkeypatch.setattr(transport.http_session(), "post", lambda *a, **k: sent.append(a))
    return sent


def _delivery_to(owner, url):
    WebhookEndpointFactory(owner=owner, url=url)
    notification = services.notification_send(
        recipient=owner, kind="guild.notice", title="Guest session tonight"
    )
    return notification.deliveries.get(channel="webhook")


@pytest.mark.parametrize("url", TRICKY)
def test_saving_refuses_every_ambiguous_or_private_address_naming_the_field(
    organizer, public_only, resolver, url
):
    with pytest.raises(ValidationError) as error:
        services.webhook_endpoint_create(owner=organizer.user, name="Room", url=url)

    assert list(error.value.message_dict) == ["url"]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url", TRICKY)
def test_sending_refuses_an_ambiguous_or_private_address_saved_earlier(
    employee, public_only, resolver, no_requests, url
):
    if "\x00" in url and connection.vendor == "postgresql":
        pytest.skip("PostgreSQL cannot store a NUL, so no such address was saved earlier")
    delivery = _delivery_to(employee.user, url)

    assert services.delivery_attempt(delivery_id=delivery.pk) == "failed"

    delivery.refresh_from_db()
    assert delivery.last_error.startswith("Refused")
    assert no_requests == []
    assert resolver.lookups == []  # refused by its form, before any DNS question


def test_the_parser_confusion_payload_is_refused_on_the_page_with_a_clear_message(
    client, organizer, public_only, resolver
):
    client.force_login(organizer.user)

    response = client.post(
        reverse("notifications:webhook_add"),
        {"name": "Room", "flavor": "generic", "url": PARSER_CONFUSION},
    )

    assert response.status_code == 400
    assert "backslashes" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_saving_refuses_a_name_that_resolves_into_a_private_network(
    organizer, public_only, resolver
):
    resolver.answers = [["93.184.216.34", "10.0.0.8"]]

    with pytest.raises(ValidationError) as error:
        services.webhook_endpoint_create(
            owner=organizer.user, name="Room", url="https://hooks.example.com/x"
        )

    assert error.value.message_dict["url"] == [
        "Webhooks cannot point at this machine or a private network."
    ]


def test_saving_a_public_name_and_address_is_accepted(organizer, public_only, resolver):
    for url in (
        "https://hooks.example.com/services/T0/B0?x=1",
        "https://93.184.216.34:8443/hook",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
    ):
        services.webhook_endpoint_create(owner=organizer.user, name="Room", url=url)

    assert WebhookEndpoint.objects.count() == 3


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not a bind
        "255.255.255.255",
        "224.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",
        "64:ff9b:1::a00:1",
        "2002:a00:1::",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo whose client is 10.0.0.1
    ],
)
def test_forbidden_addresses(address):
    assert addresses.address_forbidden(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_allowed(address):
    assert not addresses.address_forbidden(ipaddress.ip_address(address))


# --- connecting to the checked address -------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for ``hooks.test`` and one for ``other.test``."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    files = {}
    for name in ("hooks.test", "other.test"):
        cert, key = folder / f"{name}.pem", folder / f"{name}.key"
        args = f"req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN={name}".split()
        args += ["-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(cert)]
        subprocess.run([openssl, *args], check=True, capture_output=True)  # noqa: S603
        files[name] = (str(cert), str(key))
    return files


class TLSReceiver:
    """An HTTPS receiver on one loopback address; records SNI names and Host headers."""

    def __init__(self, host: str, port: int, cert: tuple[str, str]):
        self.server_names: list[str | None] = []
        self.hosts: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.hosts.append(self.headers.get("Host", ""))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*cert)
        context.sni_callback = lambda sock, name, ctx: receiver.server_names.append(name)
        self.server = HTTPServer((host, port), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def trust(monkeypatch, certificate):
    """Make the webhook session trust one of the test certificates (and nothing else)."""

    def trust(name: str) -> None:
        monkeypatch.setattr(transport.http_session(), "verify", certificate[name][0])

    return trust


def test_the_connection_goes_to_the_checked_address_even_if_dns_answers_otherwise_later(
    employee, public_only, resolver, monkeypatch, certificate, trust
):
    # Only 127.0.0.1 counts as "public" here, so that a local receiver can stand for the
    # checked address; 127.0.0.2 is where a rebinding DNS server would send us next.
    checked, rebound = ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("127.0.0.2")
    monkeypatch.setattr(addresses, "address_forbidden", lambda address: address != checked)
    trust("hooks.test")
    with (
        TLSReceiver(str(checked), 0, certificate["hooks.test"]) as good,
        TLSReceiver(str(rebound), good.port, certificate["hooks.test"]) as evil,
    ):
        resolver.answers = [[str(checked)], [str(rebound)]]
        delivery = _delivery_to(employee.user, f"https://hooks.test:{good.port}/hook")

        outcome = services.delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (outcome, delivery.last_error) == ("sent", "")
    assert resolver.lookups == ["hooks.test"]  # resolved once, never again on connect
    assert good.hosts == [f"hooks.test:{good.port}"]
    assert good.server_names == ["hooks.test"]  # SNI carries the name, not the address
    assert evil.hosts == []


def test_the_certificate_is_still_verified_for_the_name(
    employee, settings, resolver, certificate, trust
):
    settings.GUILD_WEBHOOK_ALLOW_PRIVATE = True  # a loopback receiver; TLS stays strict
    trust("hooks.test")
    with TLSReceiver("127.0.0.1", 0, certificate["other.test"]) as receiver:
        resolver.answers = [["127.0.0.1"]]
        delivery = _delivery_to(employee.user, f"https://hooks.test:{receiver.port}/hook")

        outcome = services.delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert outcome == "retry"
    assert "certificate" in delivery.last_error.lower()
    assert receiver.hosts == []

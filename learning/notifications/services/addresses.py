"""Address checks: webhooks may only reach public addresses."""

from __future__ import annotations

import ipaddress
import socket
import urllib.parse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from learning.notifications.services.errors import DeliveryError, DeliveryRefused


def _address_forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:10.0.0.1 reaches 10.0.0.1
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def webhook_destination_check(url: str) -> None:
    """Refuse to post to this machine or a private network, whatever the name resolves to.

    Checking the address when the endpoint is saved is not enough: a public-looking name
    can resolve to 10.x or 127.0.0.1 (or be re-pointed later), so every send resolves the
    host and refuses if *any* of its addresses is not a public one. Raises
    ``DeliveryRefused`` (fails at once) for a forbidden address and ``DeliveryError``
    (retried) when the name does not resolve. ``GUILD_WEBHOOK_ALLOW_PRIVATE`` turns the
    check off for local development and local test receivers.

    What remains: ``requests`` resolves the name again when it connects, so a DNS server
    answering differently within those milliseconds (rebinding) is not stopped here; an
    egress proxy or firewall is the place for that.
    """
    if getattr(settings, "GUILD_WEBHOOK_ALLOW_PRIVATE", settings.DEBUG):
        return
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise DeliveryRefused("Refused: webhook addresses must start with https://.")
    host = parts.hostname
    try:
        port = parts.port or 443
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise DeliveryError(f"Could not resolve {host}: {exc}") from exc
    for *_ignored, sockaddr in answers:
        # An IPv6 answer may carry a zone ("fe80::1%eth0"): the address is before the %.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if _address_forbidden(address):
            raise DeliveryRefused(
                f"Refused: {host} resolves to {address}, which is this machine or a private "
                "network; webhooks may only reach public addresses."
            )


def webhook_url_check(url: str) -> dict[str, list[str]]:
    """Errors by field for a webhook address being saved (no DNS lookup); {} when fine."""
    allow_private = getattr(settings, "GUILD_WEBHOOK_ALLOW_PRIVATE", settings.DEBUG)
    schemes = ["https", "http"] if allow_private else ["https"]
    try:
        URLValidator(schemes=schemes)(url)
    except ValidationError:
        if not allow_private and url.lower().startswith("http://"):
            return {"url": [_("Webhook addresses must start with https://.")]}
        return {"url": [_("Enter a full web address, such as https://hooks.example.com/…")]}
    if allow_private:
        return {}
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return {"url": [_("Webhooks cannot point at this machine or a private network.")]}
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return {}
    if not address.is_global:
        return {"url": [_("Webhooks cannot point at this machine or a private network.")]}
    return {}

"""Address checks: a webhook goes only to a public address, and to the one that was checked.

Two things made the old check unsafe, and this module closes both:

- *Two parsers.* Python's ``urlsplit`` and urllib3's ``parse_url`` (what requests uses to
  connect) disagree on some strings: in ``https://127.0.0.1:1\\@93.184.216.34/`` the first
  reads the host as the public address, the second connects to 127.0.0.1. So the address
  is read with urllib3's parser, and refused when it holds anything the two could read
  differently: a backslash, user info, spaces or control characters, %-escapes or a zone
  in the host, numeric host forms other than four decimal numbers (``2130706433``,
  ``0177.1``, ``0x7f.1``), a trailing dot, or any disagreement between the two parsers.
- *Two resolutions.* Checking the name and then letting the HTTP library resolve it again
  lets a DNS answer change in between (rebinding). The name is resolved once, every answer
  is checked, and the transport connects to that checked address while TLS still verifies
  the certificate for the name (SNI and Host header keep the name).

``GUILD_WEBHOOK_ALLOW_PRIVATE`` (tests and local development) allows plain http and
private or loopback answers; everything else here applies all the same.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from urllib3.exceptions import LocationParseError
from urllib3.util import Url, parse_url

from learning.notifications.services.errors import DeliveryError, DeliveryRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_URL_LENGTH = 500
DEFAULT_PORTS = {"https": 443, "http": 80}
# A DNS name as a host: letters, digits and inner hyphens, dot-separated, no empty label.
LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){LABEL}(?:\.{LABEL})*$")
# A last label that resolvers read as (part of) an IPv4 address: 1, 0177, 0x7f.
NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
LOCAL_NAMES = (".localhost", ".local", ".internal", ".home.arpa", ".lan")
# NAT64 prefixes carry an IPv4 address in their last 32 bits (RFC 6052, RFC 8215).
NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


class AddressRefused(ValueError):
    """An address we will not post to; ``message`` says why in the member's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class WebhookTarget:
    """A webhook address as the connecting parser reads it, checked for ambiguity."""

    url: Url
    scheme: str
    host: str  # lower case; an IPv6 literal without its brackets
    port: int
    address: IPAddress | None  # set when the host is an IP literal

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if isinstance(self.address, ipaddress.IPv6Address) else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    def pinned_url(self, address: IPAddress) -> str:
        """This URL with its host replaced by ``address``: where the transport connects."""
        literal = f"[{address}]" if address.version == 6 else str(address)
        return self.url._replace(host=literal, auth=None, fragment=None).url


def private_allowed() -> bool:
    return getattr(settings, "GUILD_WEBHOOK_ALLOW_PRIVATE", settings.DEBUG)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address reaches through a translator or tunnel."""
    embedded = [address.ipv4_mapped, address.sixtofour]
    if address.teredo:
        embedded.extend(address.teredo)
    low = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(address in network for network in NAT64) or int(address) >> 32 == 0:
        embedded.append(low)  # NAT64, or IPv4-compatible ::a.b.c.d
    return [ipv4 for ipv4 in embedded if ipv4 is not None]


def address_forbidden(address: IPAddress) -> bool:
    """Whether ``address`` is this machine, a private network or not a unicast public one.

    An IPv6 address that carries an IPv4 one (``::ffff:10.0.0.1``, NAT64 ``64:ff9b::…``,
    6to4, Teredo) is judged by the IPv4 address too.
    """
    if isinstance(address, ipaddress.IPv6Address) and any(
        address_forbidden(ipv4) for ipv4 in _embedded_ipv4(address)
    ):
        return True
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _host_read(host: str) -> tuple[str, IPAddress | None]:
    """The host and, for an IP literal, its address; refuses every ambiguous form."""
    if host.startswith("["):
        literal = host[1:-1] if host.endswith("]") else host
        try:
            return literal, ipaddress.IPv6Address(literal)
        except ValueError as exc:  # a zone ("%eth0") or not an address at all
            raise AddressRefused(_("The address has an IPv6 host that is not valid.")) from exc
    try:
        # Only four decimal numbers: Python refuses leading zeros, which resolvers read
        # as octal.
        return host, ipaddress.IPv4Address(host)
    except ValueError:
        pass
    if not HOST_NAME.match(host):
        raise AddressRefused(
            _("The host name may only hold letters, digits, hyphens and dots (no final dot).")
        )
    if NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]):
        raise AddressRefused(
            _("Write an IP address as four decimal numbers, such as 93.184.216.34.")
        )
    return host, None


def webhook_target_read(url: str) -> WebhookTarget:
    """Read a webhook address the way the transport will connect to it.

    Pure (no DNS). Raises ``AddressRefused`` for anything but a plain ``https://`` address
    (``http://`` too when private addresses are allowed) whose host both parsers read the
    same way, and for a literal address that is not public.
    """
    if not isinstance(url, str) or not url:
        raise AddressRefused(_("Enter a full web address, such as https://hooks.example.com/…"))
    if len(url) > MAX_URL_LENGTH:
        raise AddressRefused(_("The address is longer than 500 characters."))
    if "\\" in url or not url.isascii() or any(c.isspace() or not c.isprintable() for c in url):
        raise AddressRefused(
            _(
                "The address may not contain spaces, control characters, backslashes or "
                "characters outside ASCII."
            )
        )
    allow_private = private_allowed()
    scheme = url.split(":", 1)[0].lower()
    if scheme not in DEFAULT_PORTS or (scheme == "http" and not allow_private):
        if scheme == "http":
            raise AddressRefused(_("Webhook addresses must start with https://."))
        raise AddressRefused(_("Enter a full web address, such as https://hooks.example.com/…"))
    try:
        parsed = parse_url(url)
        split = urllib.parse.urlsplit(url)
        split_port = split.port
    except (LocationParseError, ValueError) as exc:
        raise AddressRefused(
            _("Enter a full web address, such as https://hooks.example.com/…")
        ) from exc
    if parsed.auth is not None or split.username is not None or "@" in split.netloc:
        raise AddressRefused(_("The address may not contain a user name or password."))
    if not parsed.host or "%" in split.netloc:
        raise AddressRefused(_("Enter a full web address, such as https://hooks.example.com/…"))
    host, address = _host_read(parsed.host.lower())
    # The parser that checks and the one that connects must agree on where this goes.
    if (split.scheme.lower(), (split.hostname or "").lower(), split_port) != (
        parsed.scheme,
        host,
        parsed.port,
    ):
        raise AddressRefused(_("The address can be read in more than one way."))
    if not allow_private:
        if address is None and (host == "localhost" or host.endswith(LOCAL_NAMES)):
            raise AddressRefused(_("Webhooks cannot point at this machine or a private network."))
        if address is not None and address_forbidden(address):
            raise AddressRefused(_("Webhooks cannot point at this machine or a private network."))
    return WebhookTarget(
        url=parsed,
        scheme=parsed.scheme,
        host=host,
        port=parsed.port or DEFAULT_PORTS[parsed.scheme],
        address=address,
    )


def webhook_address_resolve(target: WebhookTarget) -> IPAddress:
    """Resolve ``target`` once and return the one address the transport must connect to.

    Every answer is checked, not just the one used: a name with one private answer among
    public ones is refused. Raises ``DeliveryRefused`` (never retried) for a forbidden
    answer and ``DeliveryError`` (retried) when the name does not resolve.
    """
    if target.address is not None:
        return target.address
    try:
        answers = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise DeliveryError(f"Could not resolve {target.host}: {exc}") from exc
    # An IPv6 answer may carry a zone ("fe80::1%eth0"): the address is before the %.
    addresses = [
        ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]) for *_, sockaddr in answers
    ]
    if not addresses:
        raise DeliveryError(f"Could not resolve {target.host}: no address")
    if not private_allowed():
        for address in addresses:
            if address_forbidden(address):
                raise DeliveryRefused(
                    f"Refused: {target.host} resolves to {address}, which is this machine or "
                    "a private network; webhooks may only reach public addresses."
                )
    return addresses[0]


def webhook_destination_check(url: str) -> tuple[WebhookTarget, IPAddress]:
    """The checked target of ``url`` and the address to connect to (send time).

    Raises ``DeliveryRefused`` for an address refused by its form or its DNS answers and
    ``DeliveryError`` when the name does not resolve. Safe to repeat (one DNS query).
    """
    try:
        target = webhook_target_read(url)
    except AddressRefused as exc:
        raise DeliveryRefused(f"Refused: {exc.message}") from exc
    return target, webhook_address_resolve(target)


def webhook_url_check(url: str) -> dict[str, list[str]]:
    """Errors by field for a webhook address being saved; ``{}`` when it is fine.

    The same reading as at send time, and, unless private addresses are allowed, one DNS
    lookup so that a name that points into a private network is refused with a message
    rather than failing later. Sending checks again: DNS answers change.
    """
    try:
        target = webhook_target_read(url)
        if not private_allowed():
            webhook_address_resolve(target)
    except AddressRefused as exc:
        return {"url": [exc.message]}
    except DeliveryRefused:
        return {"url": [_("Webhooks cannot point at this machine or a private network.")]}
    except DeliveryError:
        return {
            "url": [
                _("The host “%(host)s” could not be found. Check the address.")
                % {"host": target.host}
            ]
        }
    return {}

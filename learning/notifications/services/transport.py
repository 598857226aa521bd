"""Transports: carrying built messages out of the building (SMTP, HTTP).

A channel builds (``channels``), a transport sends: e-mail a batch at a time over one SMTP
connection, webhooks one request at a time over the process's pooled HTTP session.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import logging
from functools import lru_cache

import requests
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from requests.adapters import HTTPAdapter

from learning.notifications.services import addresses
from learning.notifications.services.channels import WebhookRequest, webhook_answer_refused
from learning.notifications.services.errors import DeliveryError

logger = logging.getLogger(__name__)

ERROR_EXCERPT = 300


def email_send(messages: list[EmailMessage]) -> list[Exception | None]:
    """Send ``messages`` over one connection to the mail server (one per batch).

    Returns, per message, None when the server accepted it or the error it raised. After
    an error the connection is opened anew for the next message, so one refused address
    or a dropped connection does not fail the rest; a server that cannot be reached fails
    them all at once. Not idempotent by itself: the caller's claim is what keeps a
    message from going twice.
    """
    connection = get_connection(fail_silently=False)
    outcomes: list[Exception | None] = []
    try:
        connection.open()
        for message in messages:
            try:
                connection.send_messages([message])
            except Exception as exc:  # noqa: BLE001 - each message has its own outcome
                outcomes.append(exc)
                connection.close()
                connection.open()
            else:
                outcomes.append(None)
    except Exception as exc:  # noqa: BLE001 - no connection: the rest fail with its error
        outcomes.extend(exc for _ in range(len(messages) - len(outcomes)))
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return outcomes


class PinnedAddressAdapter(HTTPAdapter):
    """Connects to the IP address in the URL, but speaks TLS to the name in ``Host``.

    ``webhook_post`` puts the address it checked in the URL, so nothing resolves the name
    again; the certificate is still verified for the name, which is also sent as SNI.
    Connections are pooled per address *and* name.
    """

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        name = _server_name(request.headers.get("Host", ""))
        if host_params.get("scheme") == "https" and name:
            pool_kwargs["server_hostname"] = name
            pool_kwargs["assert_hostname"] = name
        return host_params, pool_kwargs


def _server_name(host_header: str) -> str:
    """The DNS name of a ``Host`` header ("name:8443" → "name"); '' for an IP literal."""
    if not host_header or host_header.startswith("["):
        return ""
    name = host_header.rsplit(":", 1)[0] if ":" in host_header else host_header
    return "" if name.replace(".", "").isdigit() else name


@lru_cache(maxsize=1)
def http_session() -> requests.Session:
    """The process's pooled HTTP session for webhooks (keep-alive across deliveries).

    It ignores the environment (proxies, ``.netrc`` credentials) and keeps no cookies: a
    receiver must not be able to hand one to the next delivery, which may be someone
    else's. Its adapter connects to the checked address (``PinnedAddressAdapter``).
    """
    session = requests.Session()
    adapter = PinnedAddressAdapter()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.trust_env = False
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return session


def _timeouts() -> tuple[float, float]:
    return (
        getattr(settings, "GUILD_WEBHOOK_CONNECT_TIMEOUT_SECONDS", 5),
        getattr(settings, "GUILD_WEBHOOK_TIMEOUT_SECONDS", 10),
    )


def webhook_post(request: WebhookRequest) -> None:
    """POST one webhook; raise ``DeliveryError`` unless the receiver accepted it.

    Reads and resolves the address first (``DeliveryRefused`` for a forbidden one) and
    connects to exactly the address that was checked, with the name kept for TLS and
    ``Host``. Never follows a redirect: it could lead to an address the check refuses. A
    2xx that carries an error code (Feishu, WeCom, DingTalk) is a failure too.
    """
    target, address = addresses.webhook_destination_check(request.url)
    response = http_session().post(
        target.pinned_url(address),
        data=request.body,
        headers={**request.headers, "Host": target.host_header},
        timeout=_timeouts(),
        allow_redirects=False,
    )
    excerpt = response.text[:ERROR_EXCERPT].strip()
    if 300 <= response.status_code < 400:
        location = response.headers.get("Location", "")[:ERROR_EXCERPT]
        raise DeliveryError(
            f"HTTP {response.status_code}: redirect to {location or '?'} not followed"
        )
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"HTTP {response.status_code}: {excerpt}")
    try:
        answer = response.json()
    except ValueError:
        return
    if webhook_answer_refused(flavor=request.flavor, answer=answer):
        raise DeliveryError(f"HTTP {response.status_code}: {excerpt}")

"""Channel payload formats: what a delivery says, in the shape each receiver expects.

Building is apart from sending (``transport``): a format turns a notification into a
body and nothing else, so adding a chat platform is one small module here that defines
``FORMAT`` and one line in ``FORMATS`` (plus its ``WebhookEndpoint.Flavor`` choice).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from django.utils.translation import gettext as _

from learning.notifications.models import Delivery, Notification, WebhookEndpoint
from learning.notifications.services.channels import (
    dingtalk,
    feishu,
    generic,
    slack,
    teams,
    wecom,
)
from learning.notifications.services.channels.base import (
    WebhookFormat,
    WebhookMessage,
    absolute_link,
)

# One line per chat platform; the key is its ``WebhookEndpoint.Flavor``.
FORMATS: dict[str, WebhookFormat] = {
    WebhookEndpoint.Flavor.GENERIC: generic.FORMAT,
    WebhookEndpoint.Flavor.SLACK: slack.FORMAT,
    WebhookEndpoint.Flavor.TEAMS: teams.FORMAT,
    WebhookEndpoint.Flavor.FEISHU: feishu.FORMAT,
    WebhookEndpoint.Flavor.WECOM: wecom.FORMAT,
    WebhookEndpoint.Flavor.DINGTALK: dingtalk.FORMAT,
}


@dataclass(frozen=True)
class WebhookRequest:
    """One signed POST, ready for the transport: nothing in it is decided later."""

    url: str
    body: bytes
    headers: dict[str, str]
    flavor: str = WebhookEndpoint.Flavor.GENERIC


def guild_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex HMAC(secret, timestamp + "." + body)>``, as receivers check it."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _webhook_text(notification: Notification, link: str) -> tuple[str, str]:
    """Plain and markdown renderings shared by the chat flavors."""
    plain = "\n".join(part for part in (notification.title, notification.body, link) if part)
    markdown = f"**{notification.title}**"
    if notification.body:
        markdown += f"\n\n{notification.body}"
    if link:
        markdown += f"\n\n[{_('Open in Guild')}]({link})"
    return plain, markdown


def webhook_format(flavor: str) -> WebhookFormat:
    """The format of ``flavor``; an unknown one (a removed platform) gets generic JSON."""
    return FORMATS.get(flavor, generic.FORMAT)


def webhook_request_build(
    *, delivery: Delivery, endpoint: WebhookEndpoint, now: float | None = None
) -> WebhookRequest:
    """The exact request a delivery makes: body in the endpoint's flavor, signed.

    Every flavor carries ``X-Guild-Delivery`` (stable across retries) and, when the
    endpoint has a secret, ``X-Guild-Timestamp`` and ``X-Guild-Signature``. Feishu and
    DingTalk are also signed their own way, with the secret their bot settings show.
    Pure: no query, no network; call it with the recipient's language active.
    """
    notification = delivery.notification
    link = absolute_link(notification.url)
    plain, markdown = _webhook_text(notification, link)
    message = WebhookMessage(
        notification=notification,
        delivery_id=str(delivery.uuid),
        link=link,
        plain=plain,
        markdown=markdown,
        url=endpoint.url,
        secret=endpoint.secret,
        stamp=time.time() if now is None else now,
    )
    payload, url = webhook_format(endpoint.flavor).build(message)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Guild-Webhook/1",
        "X-Guild-Delivery": message.delivery_id,
    }
    if endpoint.secret:
        headers["X-Guild-Timestamp"] = message.seconds
        headers["X-Guild-Signature"] = guild_signature(
            secret=endpoint.secret, timestamp=message.seconds, body=body
        )
    return WebhookRequest(url=url, body=body, headers=headers, flavor=endpoint.flavor)


def webhook_answer_refused(*, flavor: str, answer: object) -> bool:
    """Whether a 2xx answer still says no: an error code in the body of those that use one."""
    if not webhook_format(flavor).answers_with_code or not isinstance(answer, dict):
        return False
    return answer.get("errcode", answer.get("code", 0)) not in (0, None)

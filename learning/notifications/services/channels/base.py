"""The shapes every channel format shares: the message a format reads, the format itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from learning.notifications.models import Notification


@dataclass(frozen=True)
class WebhookMessage:
    """What every format may draw on: the notification and its ready-made renderings."""

    notification: Notification
    delivery_id: str
    link: str
    plain: str
    markdown: str
    url: str
    secret: str
    stamp: float

    @property
    def seconds(self) -> str:
        return str(int(self.stamp))


@dataclass(frozen=True)
class WebhookFormat:
    """A chat platform's body, and whether it answers 200 with an error code in the body.

    ``build`` returns the JSON body and the URL to post it to (DingTalk signs in the
    query string). ``answers_with_code``: Feishu, WeCom and DingTalk report a bad
    signature or a rate limit as ``200 {"errcode": …}``, which must count as a failure.
    """

    build: Callable[[WebhookMessage], tuple[dict, str]]
    answers_with_code: bool = False


def absolute_link(url: str) -> str:
    """A site path as a full address (e-mails and chat rooms are not on this site)."""
    if url.startswith("/"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url

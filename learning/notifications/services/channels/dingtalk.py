"""DingTalk robots: markdown, signed in the query string when the robot has a secret."""

import base64
import hashlib
import hmac
import urllib.parse

from learning.notifications.services.channels.base import WebhookFormat, WebhookMessage


def dingtalk_sign(*, secret: str, timestamp_ms: str) -> str:
    """DingTalk robot signature: base64 HMAC-SHA256(secret, "timestamp\\nsecret")."""
    message = f"{timestamp_ms}\n{secret}".encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def build(message: WebhookMessage) -> tuple[dict, str]:
    payload = {
        "msgtype": "markdown",
        "markdown": {"title": message.notification.title, "text": message.markdown},
    }
    url = message.url
    if message.secret:
        millis = str(int(message.stamp * 1000))
        query = urllib.parse.urlencode(
            {"timestamp": millis, "sign": dingtalk_sign(secret=message.secret, timestamp_ms=millis)}
        )
        url = f"{url}{'&' if '?' in url else '?'}{query}"
    return payload, url


FORMAT = WebhookFormat(build=build, answers_with_code=True)

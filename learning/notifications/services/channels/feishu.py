"""Feishu / Lark custom bots: plain text, signed in the body when the bot has a secret."""

import base64
import hashlib
import hmac

from learning.notifications.services.channels.base import WebhookFormat, WebhookMessage


def feishu_sign(*, secret: str, timestamp: str) -> str:
    """Feishu/Lark custom bot signature: HMAC-SHA256 keyed by "timestamp\\nsecret"."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def build(message: WebhookMessage) -> tuple[dict, str]:
    payload: dict = {"msg_type": "text", "content": {"text": message.plain}}
    if message.secret:
        payload = {
            "timestamp": message.seconds,
            "sign": feishu_sign(secret=message.secret, timestamp=message.seconds),
            **payload,
        }
    return payload, message.url


FORMAT = WebhookFormat(build=build, answers_with_code=True)

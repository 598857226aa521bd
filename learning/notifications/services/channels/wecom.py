"""WeCom group robots: markdown."""

from learning.notifications.services.channels.base import WebhookFormat, WebhookMessage


def build(message: WebhookMessage) -> tuple[dict, str]:
    return {"msgtype": "markdown", "markdown": {"content": message.markdown}}, message.url


FORMAT = WebhookFormat(build=build, answers_with_code=True)

"""Slack incoming webhooks: mrkdwn text with a link."""

from django.utils.translation import gettext as _

from learning.notifications.services.channels.base import WebhookFormat, WebhookMessage


def build(message: WebhookMessage) -> tuple[dict, str]:
    notification = message.notification
    text = f"*{notification.title}*"
    if notification.body:
        text += f"\n{notification.body}"
    if message.link:
        text += f"\n<{message.link}|{_('Open in Guild')}>"
    return {"text": text}, message.url


FORMAT = WebhookFormat(build=build)

"""Microsoft Teams workflows: an Adaptive Card with a button to the notification."""

from django.utils.translation import gettext as _

from learning.notifications.services.channels.base import WebhookFormat, WebhookMessage


def build(message: WebhookMessage) -> tuple[dict, str]:
    notification = message.notification
    card_body = [
        {"type": "TextBlock", "text": notification.title, "weight": "Bolder", "wrap": True}
    ]
    if notification.body:
        card_body.append({"type": "TextBlock", "text": notification.body, "wrap": True})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": card_body,
    }
    if message.link:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": _("Open in Guild"), "url": message.link}
        ]
    payload = {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }
    return payload, message.url


FORMAT = WebhookFormat(build=build)

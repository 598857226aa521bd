"""Generic JSON: the notification as it is, for a service of the member's own."""

from learning.notifications.services.channels.base import WebhookFormat, WebhookMessage


def build(message: WebhookMessage) -> tuple[dict, str]:
    notification = message.notification
    payload = {
        "id": message.delivery_id,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "url": message.link,
        "payload": notification.payload,
        "created_at": notification.created_at.isoformat(),
    }
    return payload, message.url


FORMAT = WebhookFormat(build=build)

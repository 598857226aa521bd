"""The e-mail channel: a notification as a message with a stable Message-ID."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from learning.notifications.kinds import notification_kind
from learning.notifications.models import Delivery
from learning.notifications.services.channels.base import absolute_link


def email_message_id(delivery: Delivery) -> str:
    """A Message-ID that stays the same when the same delivery is sent again."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "guild"
    return f"<{delivery.uuid}@{domain}>"


def email_message_build(*, delivery: Delivery, address: str, name: str) -> EmailMultiAlternatives:
    """The message for one delivery, text and HTML; call it in the recipient's language.

    Built, not sent: the transport sends it (over one connection for a whole batch).
    A kind with a ``secret_link`` mints its link here, so the secret is in the message
    alone; it may raise ``DeliveryRefused`` when that link no longer applies.
    """
    notification = delivery.notification
    kind = notification_kind(notification.kind)
    url = kind.secret_link(notification) if kind and kind.secret_link else notification.url
    context = {
        "notification": notification,
        "name": name,
        "link": absolute_link(url),
        "link_label": kind.link_label if kind else "",
        "essential": bool(kind and kind.essential),
        "preferences_link": absolute_link("/inbox/preferences/"),
    }
    message = EmailMultiAlternatives(
        subject=notification.title,
        body=render_to_string("notifications/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={"Message-ID": email_message_id(delivery), "X-Guild-Delivery": str(delivery.uuid)},
    )
    message.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    return message

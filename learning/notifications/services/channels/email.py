"""The e-mail channel: a notification as a message with a stable Message-ID.

A fan-out sends the same words to thousands of people who differ only in their name and
address. Each language's bodies are rendered once per batch with a slot where the name
goes (``EmailBodies``), and each message only fills the slot in: rendering two templates
per recipient was most of a batch's time.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from learning.notifications.kinds import notification_kind
from learning.notifications.models import Delivery
from learning.notifications.services.channels.base import absolute_link

# Letters and digits only, so that neither template nor escaping changes it; random per
# process, so that no title or body can contain it.
NAME_SLOT = f"GUILDNAMESLOT{secrets.token_hex(12)}"


def email_message_id(delivery: Delivery) -> str:
    """A Message-ID that stays the same when the same delivery is sent again."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "guild"
    return f"<{delivery.uuid}@{domain}>"


class BatchMessage(EmailMultiAlternatives):
    """A message whose MIME boundary is chosen once per batch.

    Python's ``email`` generator otherwise draws a boundary per message and compiles a
    regular expression to check the body against it (a regex per message: about a
    fifth of building one). The batch's boundary is random (128 bits), so no body holds
    it.
    """

    def __init__(self, *args, boundary: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.boundary = boundary

    def message(self, **kwargs):
        msg = super().message(**kwargs)
        if msg.is_multipart():
            msg.set_boundary(self.boundary)
        return msg


class EmailBodies:
    """The text and HTML bodies of a batch's messages, rendered once per language and
    content, with the recipient's name filled in per message. Lives for one batch."""

    def __init__(self):
        self.boundary = f"===============guild{secrets.token_hex(16)}=="
        self._rendered: dict[tuple, tuple[str, str]] = {}

    def for_recipient(self, context: dict, *, name: str) -> tuple[str, str]:
        key = (
            translation.get_language(),
            bool(name),
            *(str(context[k]) for k in ("link", "link_label", "essential", "preferences_link")),
            context["notification"].title,
            context["notification"].body,
        )
        if key not in self._rendered:
            slotted = {**context, "name": NAME_SLOT if name else ""}
            self._rendered[key] = (
                render_to_string("notifications/email/notification.txt", slotted),
                render_to_string("notifications/email/notification.html", slotted),
            )
        text, html = self._rendered[key]
        # The text template prints the name as is, the HTML one escaped.
        return text.replace(NAME_SLOT, name), html.replace(NAME_SLOT, escape(name))


def email_message_build(
    *, delivery: Delivery, address: str, name: str, bodies: EmailBodies | None = None
) -> EmailMultiAlternatives:
    """The message for one delivery, text and HTML; call it in the recipient's language.

    Built, not sent: the transport sends it (over one connection for a whole batch).
    A kind with a ``secret_link`` mints its link here, so the secret is in the message
    alone; it may raise ``DeliveryRefused`` when that link no longer applies. Pass the
    batch's ``bodies`` to render each language's words once for the whole batch.
    """
    bodies = bodies or EmailBodies()
    notification = delivery.notification
    kind = notification_kind(notification.kind)
    url = kind.secret_link(notification) if kind and kind.secret_link else notification.url
    context = {
        "notification": notification,
        "link": absolute_link(url),
        "link_label": kind.link_label if kind else "",
        "essential": bool(kind and kind.essential),
        "preferences_link": absolute_link("/inbox/preferences/"),
    }
    text, html = bodies.for_recipient(context, name=name)
    message = BatchMessage(
        subject=notification.title,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={"Message-ID": email_message_id(delivery), "X-Guild-Delivery": str(delivery.uuid)},
        boundary=bodies.boundary,
    )
    message.attach_alternative(html, "text/html")
    return message

"""The e-mail channel: a notification as a message with a stable Message-ID.

A fan-out sends the same words to thousands of people who differ only in their name and
address. Each language's bodies are rendered once per batch with a slot where the name
goes (``EmailBodies``), and each message only fills the slot in: rendering two templates
per recipient was most of a batch's time.
"""

from __future__ import annotations

import re
import secrets
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import forbid_multi_line_headers
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from learning.notifications.kinds import notification_kind
from learning.notifications.models import Delivery
from learning.notifications.services.channels.base import absolute_link

# Letters and digits only, so that neither template nor escaping changes it; random per
# process, so that no title or body can contain it.
NAME_SLOT = f"GUILDNAMESLOT{secrets.token_hex(12)}"
# The name's places in a batch's flat copy of a message. Not ASCII, so that a part
# holding one is sent as 8-bit text and any name can be filled into its bytes.
FLAT_NAME_SLOT = f"GUILDNAMEЖ{secrets.token_hex(12)}"
FLAT_HTML_NAME_SLOT = f"GUILDHTMLNAMEЖ{secrets.token_hex(12)}"


def _slot(what: str) -> str:
    """A stand-in for a per-message value in a batch's flat copy of a message."""
    return f"GUILDSLOT{what.upper()}{NAME_SLOT[-24:]}"


def email_message_id(delivery: Delivery) -> str:
    """A Message-ID that stays the same when the same delivery is sent again."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "guild"
    return f"<{delivery.uuid}@{domain}>"


class FlatMessage:
    """A message already flattened to bytes, read by Django's mail backends as they read
    a MIME message (``as_bytes`` and ``get_charset``)."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\n" else self.data.replace(b"\n", linesep.encode())

    def get_charset(self):
        return None


class BatchMessage(EmailMultiAlternatives):
    """A message of a batch, flattened from the batch's copy of its words.

    Python's ``email`` package builds and folds every header and part of every message
    anew: most of a fan-out's time went there. The recipients of one notice differ only
    in their name, address and a few headers, so the batch flattens the message once per
    language and content with slots in those places (``EmailBodies.flat``) and each
    message fills its slots in the bytes. The MIME boundary is chosen once per batch
    (random, 128 bits: no body holds it). A message whose parts are not 8-bit text
    (quoted-printable, for very long lines) is built the ordinary way.
    """

    def __init__(self, *args, bodies: EmailBodies, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = bodies
        self.name = name

    def mime_message(self):
        """The message as Django builds it, with the batch's boundary."""
        msg = super().message()
        if msg.is_multipart():
            msg.set_boundary(self.bodies.boundary)
        return msg

    def message(self):
        return self.bodies.flat(self)


class EmailBodies:
    """The text and HTML bodies of a batch's messages, rendered once per language and
    content, with the recipient's name filled in per message. Lives for one batch."""

    def __init__(self):
        self.boundary = f"===============guild{secrets.token_hex(16)}=="
        self._rendered: dict[tuple, tuple[str, str]] = {}
        self._flat: dict[tuple, bytes | None] = {}

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

    def flat(self, message: BatchMessage):
        """``message`` flattened: the batch's flat copy with its slots filled in, or the
        message built the ordinary way when it is not one text and one HTML part of
        8-bit text to one or more addresses."""
        if message.cc or message.reply_to or message.attachments or message.bcc:
            return message.mime_message()
        name = message.name
        text = message.body
        html = message.alternatives[0][0] if len(message.alternatives) == 1 else None
        if html is None:
            return message.mime_message()
        if name:
            # Slotting the name and filling it back in gives the same text; recipients
            # whose words differ only in their name share one flat copy.
            text = text.replace(name, FLAT_NAME_SLOT)
            html = html.replace(escape(name), FLAT_HTML_NAME_SLOT)
        key = (message.subject, message.from_email, text, html, tuple(message.extra_headers))
        if key not in self._flat:
            self._flat[key] = self._flat_copy(message, text, html)
        data = self._flat[key]
        if data is None:
            return message.mime_message()
        encoding = message.encoding or settings.DEFAULT_CHARSET
        fills = {
            _slot("to"): forbid_multi_line_headers("To", ", ".join(message.to), encoding)[1],
            _slot("date"): formatdate(localtime=settings.EMAIL_USE_LOCALTIME),
            FLAT_NAME_SLOT: name,
            FLAT_HTML_NAME_SLOT: escape(name),
        }
        for index, (header, value) in enumerate(message.extra_headers.items()):
            fills[_slot(f"h{index}")] = forbid_multi_line_headers(header, value, encoding)[1]
        for slot, value in fills.items():
            data = data.replace(slot.encode(), value.encode())
        return FlatMessage(data)

    def _flat_copy(self, message: BatchMessage, text: str, html: str) -> bytes | None:
        """The message with slots for its per-recipient values, flattened; None when a
        part is not 8-bit text (slots could not be filled in the encoded bytes)."""
        address = f"{_slot('to')}@guild.invalid"
        stand_in = BatchMessage(
            subject=message.subject,
            body=text,
            from_email=message.from_email,
            to=[address],
            headers={
                "Date": _slot("date"),
                **{h: _slot(f"h{i}") for i, h in enumerate(message.extra_headers)},
            },
            bodies=self,
        )
        stand_in.attach_alternative(html, message.alternatives[0][1])
        data = stand_in.mime_message().as_bytes()
        if not set(re.findall(rb"Content-Transfer-Encoding: (\S+)", data)) <= {b"7bit", b"8bit"}:
            return None
        return data.replace(address.encode(), _slot("to").encode())


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
        bodies=bodies,
        name=name,
    )
    message.attach_alternative(html, "text/html")
    return message

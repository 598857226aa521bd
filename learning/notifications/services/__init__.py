"""Writes of the outbox: sending notifications, delivering them, preferences, webhooks.

One module per concern; import from here, as callers always have:

- ``outbox``: fan-out, writing notifications and deliveries in the caller's transaction;
- ``delivery``: attempting deliveries in batches, quiet hours, retries, the dispatcher;
- ``claims``: a batch's lease and the bulk writes only its holder makes;
- ``channels/``: payload formats (e-mail, and one small module per chat platform);
- ``transport``: sending what a channel built (SMTP, the pooled HTTP session);
- ``addresses``: which webhook addresses may be reached, and the one to connect to;
- ``preferences``: the inbox's read marks and the member's choices;
- ``endpoints``: adding, changing and removing webhooks (organizers only).

Kinds are declared in ``learning.notifications.kinds``.

How a notification travels:

1. ``notification_send`` (or ``notification_send_many``, the same words to many, or
   ``notification_send_each``, each person's own words in bulk) runs inside the transaction of
   the change that causes it and writes the ``Notification`` plus one ``Delivery`` per
   channel the kind uses and the recipient allows. The in-app delivery is born ``sent``
   (the inbox reads the notification itself); the others are ``pending``, stamped
   ``queued_until`` a few minutes ahead, and queued for Celery in batches of
   ``GUILD_OUTBOX_BATCH_SIZE`` only once the transaction commits, so a rolled-back change
   never notifies anyone. A fan-out of more than one batch goes to the bulk queue;
   single notices and essential kinds to the default one (``outbox_queue``).
2. ``deliveries_attempt`` claims a batch with one conditional UPDATE (pending and due, or
   sending with a lease that ran out → sending with a new lease and one fresh
   ``lease_token`` for the batch). Ids it did not get are another worker's or finished,
   and it does nothing with them. Quiet hours push ``next_attempt_at`` to their end and
   give the claim back. Otherwise it sends (e-mails over one SMTP connection, webhooks
   through the pooled session) and marks the rows sent — again conditionally, on its own
   ``lease_token``, a few UPDATEs per batch, at least every second while it sends. A
   batch still sending when half its lease has passed renews the lease, and skips any
   delivery whose lease was meanwhile taken over. ``delivery_attempt`` is the same for
   one id.
3. A failure puts the row back to pending with an exponential backoff
   (``GUILD_NOTIFICATIONS_RETRY_BASE_SECONDS`` × 2^(attempts−1)); after
   ``GUILD_NOTIFICATIONS_MAX_ATTEMPTS`` it is failed with the error text. A send we
   refuse outright (a webhook whose host resolves to a private address) fails at once.
4. ``outbox_dispatch_pending`` (beat, every minute) queues again what is due and no
   longer queued (``queued_until`` passed): retries, the end of quiet hours, messages lost
   with a broker, and claims whose worker died. A backlog still waiting in the broker is
   not queued a second time.

What is guaranteed, honestly:

- A delivery is *marked* sent at most once, and only by the worker that holds the current
  lease; two tasks for the same delivery never both send while the lease holds.
- On the wire it is at-least-once, not exactly-once. If a worker dies (or the database is
  unreachable) after the receiver accepted a message but before the row is marked sent,
  the lease runs out and the dispatcher sends it again. With batches that window holds
  what the batch sent in the second before the crash (it marks at least every second, and
  its e-mails right after the SMTP session), not only the message in flight. Such a
  repeat carries the same ``X-Guild-Delivery: <delivery uuid>`` header (webhooks) or
  ``Message-ID`` (e-mail), so a receiver that remembers those ids drops it. Chat
  platforms (Slack, Teams, Feishu, WeCom, DingTalk) and mail clients do not dedupe on
  them, so in that rare window a person may see a message twice. Keep
  ``GUILD_NOTIFICATIONS_LEASE_SECONDS`` well above the webhook timeout: a single send
  slower than half the lease can outlive it before the renewal and be repeated.
"""

from learning.notifications.services.addresses import webhook_destination_check
from learning.notifications.services.channels import (
    WebhookRequest,
    guild_signature,
    webhook_request_build,
)
from learning.notifications.services.channels.dingtalk import dingtalk_sign
from learning.notifications.services.channels.email import email_message_id
from learning.notifications.services.channels.feishu import feishu_sign
from learning.notifications.services.claims import delivery_backoff
from learning.notifications.services.delivery import (
    deliveries_attempt,
    deliveries_retry_failed,
    delivery_attempt,
    outbox_dispatch_pending,
    quiet_hours_end,
)
from learning.notifications.services.endpoints import (
    PLATFORM_SIGNED,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_manage_check,
    webhook_endpoint_update,
)
from learning.notifications.services.errors import DeliveryError, DeliveryRefused
from learning.notifications.services.outbox import (
    PersonalNotice,
    in_recipient_language,
    notification_send,
    notification_send_each,
    notification_send_many,
)
from learning.notifications.services.preferences import inbox_mark_read, preference_update

__all__ = [
    "PLATFORM_SIGNED",
    "PersonalNotice",
    "DeliveryError",
    "DeliveryRefused",
    "WebhookRequest",
    "deliveries_attempt",
    "deliveries_retry_failed",
    "delivery_attempt",
    "delivery_backoff",
    "dingtalk_sign",
    "email_message_id",
    "feishu_sign",
    "guild_signature",
    "in_recipient_language",
    "inbox_mark_read",
    "notification_send",
    "notification_send_each",
    "notification_send_many",
    "outbox_dispatch_pending",
    "preference_update",
    "quiet_hours_end",
    "webhook_destination_check",
    "webhook_endpoint_create",
    "webhook_endpoint_delete",
    "webhook_endpoint_manage_check",
    "webhook_endpoint_update",
    "webhook_request_build",
]

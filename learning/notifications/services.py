"""Writes of the outbox: sending notifications, delivering them, preferences, webhooks.

How a notification travels:

1. ``notification_send`` (or ``notification_send_many``) runs inside the transaction of
   the change that causes it and writes the ``Notification`` plus one ``Delivery`` per
   channel the recipient allows. The in-app delivery is born ``sent`` (the inbox reads the
   notification itself); the others are ``pending`` and are queued for Celery only once
   the transaction commits, so a rolled-back change never notifies anyone.
2. ``delivery_attempt`` claims one delivery with a conditional UPDATE (pending and due, or
   sending with a lease that ran out → sending with a new lease and a fresh
   ``lease_token``). Zero rows updated means another worker has it or it is finished, and
   the attempt does nothing. Quiet hours push ``next_attempt_at`` to their end and give the
   claim back. Otherwise it sends, then marks the row sent — again conditionally, on its
   own ``lease_token``.
3. A failure puts the row back to pending with an exponential backoff
   (``GUILD_NOTIFICATIONS_RETRY_BASE_SECONDS`` × 2^(attempts−1)); after
   ``GUILD_NOTIFICATIONS_MAX_ATTEMPTS`` it is failed with the error text. A send we
   refuse outright (a webhook whose host resolves to a private address) fails at once.
4. ``outbox_dispatch_pending`` (beat, every minute) queues what is due again: retries,
   the end of quiet hours, messages lost with a broker, and claims whose worker died.

What is guaranteed, honestly:

- A delivery is *marked* sent at most once, and only by the worker that holds the current
  lease; two tasks for the same delivery never both send while the lease holds.
- On the wire it is at-least-once, not exactly-once. If a worker dies (or the database is
  unreachable) after the receiver accepted the message but before the row is marked
  sent, the lease runs out and the dispatcher sends it again. Such a repeat carries the
  same ``X-Guild-Delivery: <delivery uuid>`` header (webhooks) or ``Message-ID`` (e-mail),
  so a receiver that remembers those ids drops it. Chat platforms (Slack, Teams, Feishu,
  WeCom, DingTalk) and mail clients do not dedupe on them, so in that rare window a
  person may see a message twice. A send slower than the lease can be repeated the same
  way: keep ``GUILD_NOTIFICATIONS_LEASE_SECONDS`` well above the webhook timeout.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.parse
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _

from learning.models import EmployeeProfile, User
from learning.notifications.models import (
    Channel,
    Delivery,
    Notification,
    NotificationPreference,
    WebhookEndpoint,
    kind_validator,
)

logger = logging.getLogger(__name__)

ENQUEUE_BATCH_SIZE = 500
DIRECT_ENQUEUE_MAX = 20
DISPATCH_LIMIT = 5000
WEBHOOKS_PER_USER = 10
ERROR_EXCERPT = 300


class DeliveryError(Exception):
    """A channel refused or could not take a message; the text becomes ``last_error``."""


class DeliveryRefused(DeliveryError):
    """We refuse to send at all (a forbidden address): retrying cannot fix it, so it fails."""


# --- Sending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Recipient:
    """What deciding a recipient's channels needs, fetched in bulk."""

    user_id: int
    email: str
    language: str
    preference: NotificationPreference
    endpoints: tuple[WebhookEndpoint, ...]


def _notification_check(*, kind: str, title: str, url: str) -> None:
    errors = {}
    try:
        kind_validator(kind)
    except ValidationError as exc:
        errors["kind"] = exc.messages
    if not title.strip():
        errors["title"] = [_("A notification needs a title.")]
    elif len(title) > Notification._meta.get_field("title").max_length:
        errors["title"] = [_("The title is longer than 200 characters.")]
    if len(url) > Notification._meta.get_field("url").max_length:
        errors["url"] = [_("The link is longer than 500 characters.")]
    if errors:
        raise ValidationError(errors)


def _recipients_load(user_ids: list[int]) -> dict[int, _Recipient]:
    """Addresses, preferences and endpoints of many users in three queries."""
    preferences = {
        p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)
    }
    endpoints: dict[int, list[WebhookEndpoint]] = defaultdict(list)
    for endpoint in WebhookEndpoint.objects.filter(owner_id__in=user_ids, active=True):
        endpoints[endpoint.owner_id].append(endpoint)
    rows = User.objects.filter(pk__in=user_ids).values_list(
        "pk", "email", "profile__email", "profile__preferred_language"
    )
    return {
        pk: _Recipient(
            user_id=pk,
            email=profile_email or email or "",
            language=language or settings.LANGUAGE_CODE,
            preference=preferences.get(pk) or NotificationPreference(user_id=pk),
            endpoints=tuple(endpoints.get(pk, ())),
        )
        for pk, email, profile_email, language in rows
    }


def in_recipient_language(render: Callable[[], str]) -> Promise:
    """A title or body that is written in each recipient's own language.

    ``render`` is called with the recipient's preferred language active, once per
    language, when the notification is stored: pass it where a ``str`` would go, e.g.
    ``title=in_recipient_language(lambda: _("Welcome to %(c)s") % {"c": cohort.name})``.
    A plain ``gettext_lazy`` string works the same way; a ``str`` is stored as it is.
    """
    return lazy(render, str)()


def _render(text, language: str) -> str:
    if isinstance(text, Promise):
        with translation.override(language):
            return str(text)
    return text


def _deliveries_plan(*, notification: Notification, recipient: _Recipient) -> list[Delivery]:
    """One delivery per channel the recipient allows; in-app always, and already sent."""
    now = timezone.now()
    deliveries = [
        Delivery(
            notification=notification,
            channel=Channel.INAPP,
            status=Delivery.Status.SENT,
            sent_at=now,
            next_attempt_at=now,
            created_at=now,
        )
    ]
    preference = recipient.preference
    if notification.kind in (preference.muted_kinds or []):
        return deliveries
    if preference.email_enabled and recipient.email:
        deliveries.append(
            Delivery(
                notification=notification,
                channel=Channel.EMAIL,
                next_attempt_at=now,
                created_at=now,
            )
        )
    if preference.webhook_enabled:
        deliveries.extend(
            Delivery(
                notification=notification,
                channel=Channel.WEBHOOK,
                endpoint=endpoint,
                next_attempt_at=now,
                created_at=now,
            )
            for endpoint in recipient.endpoints
        )
    return deliveries


def _enqueue_on_commit(delivery_ids: list[int]) -> None:
    from learning.notifications.tasks import deliveries_enqueue_task, delivery_attempt_task

    if len(delivery_ids) <= DIRECT_ENQUEUE_MAX:
        for delivery_id in delivery_ids:
            delivery_attempt_task.delay_on_commit(delivery_id)
        return
    # A large cohort would otherwise mean thousands of broker round trips at commit time in
    # the web process: hand the worker batches of ids to queue instead.
    for start in range(0, len(delivery_ids), ENQUEUE_BATCH_SIZE):
        deliveries_enqueue_task.delay_on_commit(delivery_ids[start : start + ENQUEUE_BATCH_SIZE])


@transaction.atomic
def notification_send(
    *,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    payload: dict | None = None,
    dedupe_key: str | None = None,
) -> Notification:
    """Notify ``recipient``: the inbox at once, e-mail and webhooks after commit.

    Call it inside the transaction of the change that causes it, so that both commit or
    neither does. Writes the notification and one delivery per allowed channel and queues
    the deliveries with ``delay_on_commit``. With a ``dedupe_key`` that was used before it
    returns the earlier notification and writes nothing: safe to repeat with a key.
    Raises ``ValidationError`` for a bad kind, an empty title or an overlong link.
    """
    if dedupe_key:
        existing = Notification.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    target = _recipients_load([recipient.pk])[recipient.pk]
    title, body = _render(title, target.language), _render(body, target.language)
    _notification_check(kind=kind, title=title, url=url)
    notification = Notification(
        recipient=recipient,
        kind=kind,
        title=title,
        body=body,
        url=url,
        payload=payload or {},
        dedupe_key=dedupe_key or None,
    )
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        # Another transaction sent the same event between our check and our insert.
        if dedupe_key:
            return Notification.objects.get(dedupe_key=dedupe_key)
        raise
    deliveries = Delivery.objects.bulk_create(
        _deliveries_plan(notification=notification, recipient=target)
    )
    _enqueue_on_commit([d.pk for d in deliveries if d.status == Delivery.Status.PENDING])
    return notification


@transaction.atomic
def notification_send_many(
    *,
    recipients: Iterable[User | int],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    payload: dict | None = None,
    dedupe_key: str | None = None,
    batch_size: int = 1000,
) -> int:
    """Notify many people at once (a cohort announcement); returns how many were new.

    The same as ``notification_send`` for each recipient, in a fixed number of queries
    per ``batch_size`` recipients (bulk inserts, no per-person query). A ``dedupe_key``
    is made personal as ``"<key>:<user id>"``: people who already had it are skipped,
    so a repeated fan-out only reaches the ones it missed. Deliveries are queued in
    batches after commit.
    """
    _notification_check(kind=kind, title=_render(title, settings.LANGUAGE_CODE), url=url)
    user_ids = list(dict.fromkeys(getattr(r, "pk", r) for r in recipients))
    rendered: dict[str, tuple[str, str]] = {}

    def texts(language: str) -> tuple[str, str]:
        if language not in rendered:
            rendered[language] = (_render(title, language), _render(body, language))
        return rendered[language]

    created = 0
    pending_ids: list[int] = []
    for start in range(0, len(user_ids), batch_size):
        chunk = user_ids[start : start + batch_size]
        keys = {pk: f"{dedupe_key}:{pk}" for pk in chunk} if dedupe_key else {}
        if keys:
            already = set(
                Notification.objects.filter(dedupe_key__in=keys.values()).values_list(
                    "recipient_id", flat=True
                )
            )
            chunk = [pk for pk in chunk if pk not in already]
        targets = _recipients_load(chunk)
        notifications = Notification.objects.bulk_create(
            Notification(
                recipient_id=pk,
                kind=kind,
                title=texts(targets[pk].language)[0],
                body=texts(targets[pk].language)[1],
                url=url,
                payload=payload or {},
                dedupe_key=keys.get(pk),
            )
            for pk in chunk
            if pk in targets
        )
        deliveries = Delivery.objects.bulk_create(
            delivery
            for notification in notifications
            for delivery in _deliveries_plan(
                notification=notification, recipient=targets[notification.recipient_id]
            )
        )
        created += len(notifications)
        pending_ids.extend(d.pk for d in deliveries if d.status == Delivery.Status.PENDING)
    _enqueue_on_commit(pending_ids)
    return created


# --- Delivering ---------------------------------------------------------------------------


def _settings_int(name: str, default: float) -> float:
    return getattr(settings, name, default)


def delivery_backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failure: doubling from the base."""
    base = _settings_int("GUILD_NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
    return dt.timedelta(seconds=base * 2 ** max(0, attempts - 1))


def quiet_hours_end(
    *, now: dt.datetime, start: dt.time, end: dt.time, tz: dt.tzinfo
) -> dt.datetime | None:
    """When the quiet hours around ``now`` end (aware), or None when ``now`` is not quiet.

    ``start`` and ``end`` are wall-clock times in ``tz``; a start later than the end
    spans midnight (22:00–07:00). The end is always after ``now``.
    """
    if start == end:
        return None
    local = now.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        if not start <= clock < end:
            return None
        end_day = local.date()
    elif clock >= start:
        end_day = local.date() + dt.timedelta(days=1)
    elif clock < end:
        end_day = local.date()
    else:
        return None
    return dt.datetime.combine(end_day, end, tzinfo=tz).astimezone(dt.UTC)


def _profile_of(user: User) -> EmployeeProfile | None:
    try:
        return user.profile
    except EmployeeProfile.DoesNotExist:
        return None


def _time_zone_of(profile: EmployeeProfile | None) -> dt.tzinfo:
    name = profile.time_zone if profile is not None else settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _absolute(url: str) -> str:
    if url.startswith("/"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url


def _skip_reason(delivery: Delivery, preference: NotificationPreference, email: str) -> str:
    """Why this delivery no longer applies (preferences change after sending), or ''."""
    if delivery.channel == Channel.INAPP:
        return ""
    if delivery.notification.kind in (preference.muted_kinds or []):
        return "muted kind"
    if delivery.channel == Channel.EMAIL:
        if not preference.email_enabled:
            return "e-mail switched off"
        if not email:
            return "no e-mail address"
    if delivery.channel == Channel.WEBHOOK:
        if not preference.webhook_enabled:
            return "webhooks switched off"
        if delivery.endpoint is None or not delivery.endpoint.active:
            return "endpoint inactive"
    return ""


def delivery_attempt(*, delivery_id: int) -> str:
    """Try to deliver one delivery once; returns what happened (for logs and tests).

    Outcomes: ``"sent"``, ``"retry"`` (failed, back to pending with a backoff),
    ``"failed"`` (too many attempts, or refused), ``"deferred"`` (quiet hours), ``"skipped"``
    (the channel no longer applies), ``"noop"`` (not due, held by another worker's lease
    or finished). Safe to run twice and concurrently: only the claimant sends.
    Deliberately not one transaction: the claim must be visible to other workers before
    the (slow, external) send, and no database lock is held while sending.
    """
    now = timezone.now()
    token = uuid.uuid4()
    lease = dt.timedelta(seconds=_settings_int("GUILD_NOTIFICATIONS_LEASE_SECONDS", 120))
    claimed = (
        Delivery.objects.filter(pk=delivery_id)
        .filter(
            Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=Delivery.Status.SENDING, claimed_until__lt=now)
        )
        .update(status=Delivery.Status.SENDING, claimed_until=now + lease, lease_token=token)
    )
    if not claimed:
        return "noop"
    delivery = Delivery.objects.select_related(
        "endpoint",
        "notification__recipient__profile",
        "notification__recipient__notification_preference",
    ).get(pk=delivery_id)
    mine = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.SENDING, lease_token=token
    )
    recipient = delivery.notification.recipient
    profile = _profile_of(recipient)
    preference = getattr(recipient, "notification_preference", None) or NotificationPreference(
        user=recipient
    )
    email = (profile.email if profile is not None else "") or recipient.email

    reason = _skip_reason(delivery, preference, email)
    if reason:
        mine.update(status=Delivery.Status.SKIPPED, claimed_until=None, last_error=reason)
        return "skipped"
    if delivery.channel != Channel.INAPP and preference.has_quiet_hours:
        quiet_until = quiet_hours_end(
            now=now,
            start=preference.quiet_hours_start,
            end=preference.quiet_hours_end,
            tz=_time_zone_of(profile),
        )
        if quiet_until is not None:
            mine.update(
                status=Delivery.Status.PENDING, claimed_until=None, next_attempt_at=quiet_until
            )
            return "deferred"

    try:
        _channel_send(delivery=delivery, profile=profile, email=email)
    except Exception as exc:
        # Anything a channel raises (network, SMTP, a refusal, a bug) must give the claim
        # back with a backoff rather than leave the row stuck in "sending".
        logger.warning("Delivery %s failed: %s", delivery.uuid, exc)
        attempts = delivery.attempts + 1
        error = (str(exc) or exc.__class__.__name__)[:1000]
        refused = isinstance(exc, DeliveryRefused)
        if refused or attempts >= _settings_int("GUILD_NOTIFICATIONS_MAX_ATTEMPTS", 5):
            mine.update(
                status=Delivery.Status.FAILED,
                attempts=attempts,
                last_error=error,
                claimed_until=None,
            )
            return "failed"
        mine.update(
            status=Delivery.Status.PENDING,
            attempts=attempts,
            last_error=error,
            claimed_until=None,
            next_attempt_at=timezone.now() + delivery_backoff(attempts),
        )
        return "retry"
    marked = mine.update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
    )
    if not marked:
        # Our lease ran out and another worker took over: it owns the outcome now.
        logger.warning("Delivery %s sent, but its lease had been taken over", delivery.uuid)
        return "noop"
    logger.info("Delivery %s marked sent", delivery.uuid)
    return "sent"


def _channel_send(*, delivery: Delivery, profile: EmployeeProfile | None, email: str) -> None:
    language = profile.preferred_language if profile is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        if delivery.channel == Channel.EMAIL:
            _email_send(delivery=delivery, address=email, name=profile.full_name if profile else "")
        elif delivery.channel == Channel.WEBHOOK:
            _webhook_send(delivery=delivery)
        # In-app: the inbox reads the notification; there is nothing to carry.


def email_message_id(delivery: Delivery) -> str:
    """A Message-ID that stays the same when the same delivery is sent again."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "guild"
    return f"<{delivery.uuid}@{domain}>"


def _email_send(*, delivery: Delivery, address: str, name: str) -> None:
    notification = delivery.notification
    context = {
        "notification": notification,
        "name": name,
        "link": _absolute(notification.url),
        "preferences_link": _absolute("/inbox/preferences/"),
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
    message.send(fail_silently=False)


# --- Webhooks on the wire -----------------------------------------------------------------


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    body: bytes
    headers: dict[str, str]


def guild_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex HMAC(secret, timestamp + "." + body)>``, as receivers check it."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def feishu_sign(*, secret: str, timestamp: str) -> str:
    """Feishu/Lark custom bot signature: HMAC-SHA256 keyed by "timestamp\\nsecret"."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def dingtalk_sign(*, secret: str, timestamp_ms: str) -> str:
    """DingTalk robot signature: base64 HMAC-SHA256(secret, "timestamp\\nsecret")."""
    message = f"{timestamp_ms}\n{secret}".encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def _webhook_text(notification: Notification, link: str) -> tuple[str, str]:
    """Plain and markdown renderings shared by the chat flavors."""
    open_label = _("Open in Guild")
    plain = "\n".join(part for part in (notification.title, notification.body, link) if part)
    markdown = f"**{notification.title}**"
    if notification.body:
        markdown += f"\n\n{notification.body}"
    if link:
        markdown += f"\n\n[{open_label}]({link})"
    return plain, markdown


def webhook_request_build(
    *, delivery: Delivery, endpoint: WebhookEndpoint, now: float | None = None
) -> WebhookRequest:
    """The exact request a delivery makes: body in the endpoint's flavor, signed.

    Every flavor carries ``X-Guild-Delivery`` (stable across retries) and, when the
    endpoint has a secret, ``X-Guild-Timestamp`` and ``X-Guild-Signature``. Feishu and
    DingTalk are also signed their own way, with the secret their bot settings show.
    """
    notification = delivery.notification
    stamp = time.time() if now is None else now
    seconds = str(int(stamp))
    link = _absolute(notification.url)
    plain, markdown = _webhook_text(notification, link)
    url = endpoint.url
    flavor = endpoint.flavor
    Flavor = WebhookEndpoint.Flavor
    if flavor == Flavor.SLACK:
        text = f"*{notification.title}*"
        if notification.body:
            text += f"\n{notification.body}"
        if link:
            text += f"\n<{link}|{_('Open in Guild')}>"
        payload: dict = {"text": text}
    elif flavor == Flavor.TEAMS:
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
        if link:
            card["actions"] = [{"type": "Action.OpenUrl", "title": _("Open in Guild"), "url": link}]
        payload = {
            "type": "message",
            "attachments": [
                {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
            ],
        }
    elif flavor == Flavor.FEISHU:
        payload = {"msg_type": "text", "content": {"text": plain}}
        if endpoint.secret:
            payload = {
                "timestamp": seconds,
                "sign": feishu_sign(secret=endpoint.secret, timestamp=seconds),
                **payload,
            }
    elif flavor == Flavor.WECOM:
        payload = {"msgtype": "markdown", "markdown": {"content": markdown}}
    elif flavor == Flavor.DINGTALK:
        payload = {
            "msgtype": "markdown",
            "markdown": {"title": notification.title, "text": markdown},
        }
        if endpoint.secret:
            millis = str(int(stamp * 1000))
            query = urllib.parse.urlencode(
                {
                    "timestamp": millis,
                    "sign": dingtalk_sign(secret=endpoint.secret, timestamp_ms=millis),
                }
            )
            url = f"{url}{'&' if '?' in url else '?'}{query}"
    else:
        payload = {
            "id": str(delivery.uuid),
            "kind": notification.kind,
            "title": notification.title,
            "body": notification.body,
            "url": link,
            "payload": notification.payload,
            "created_at": notification.created_at.isoformat(),
        }
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Guild-Webhook/1",
        "X-Guild-Delivery": str(delivery.uuid),
    }
    if endpoint.secret:
        headers["X-Guild-Timestamp"] = seconds
        headers["X-Guild-Signature"] = guild_signature(
            secret=endpoint.secret, timestamp=seconds, body=body
        )
    return WebhookRequest(url=url, body=body, headers=headers)


def _address_forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:10.0.0.1 reaches 10.0.0.1
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def webhook_destination_check(url: str) -> None:
    """Refuse to post to this machine or a private network, whatever the name resolves to.

    Checking the address when the endpoint is saved is not enough: a public-looking name
    can resolve to 10.x or 127.0.0.1 (or be re-pointed later), so every send resolves the
    host and refuses if *any* of its addresses is not a public one. Raises
    ``DeliveryRefused`` (fails at once) for a forbidden address and ``DeliveryError``
    (retried) when the name does not resolve. ``GUILD_WEBHOOK_ALLOW_PRIVATE`` turns the
    check off for local development and local test receivers.

    What remains: ``requests`` resolves the name again when it connects, so a DNS server
    answering differently within those milliseconds (rebinding) is not stopped here; an
    egress proxy or firewall is the place for that.
    """
    if getattr(settings, "GUILD_WEBHOOK_ALLOW_PRIVATE", settings.DEBUG):
        return
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise DeliveryRefused("Refused: webhook addresses must start with https://.")
    host = parts.hostname
    try:
        port = parts.port or 443
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:
        raise DeliveryError(f"Could not resolve {host}: {exc}") from exc
    for *_ignored, sockaddr in answers:
        # An IPv6 answer may carry a zone ("fe80::1%eth0"): the address is before the %.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if _address_forbidden(address):
            raise DeliveryRefused(
                f"Refused: {host} resolves to {address}, which is this machine or a private "
                "network; webhooks may only reach public addresses."
            )


def _webhook_send(*, delivery: Delivery) -> None:
    endpoint = delivery.endpoint
    request = webhook_request_build(delivery=delivery, endpoint=endpoint)
    webhook_destination_check(request.url)
    # Never follow a redirect: it could lead to an address the check above refuses.
    response = requests.post(
        request.url,
        data=request.body,
        headers=request.headers,
        timeout=_settings_int("GUILD_WEBHOOK_TIMEOUT_SECONDS", 10),
        allow_redirects=False,
    )
    excerpt = response.text[:ERROR_EXCERPT].strip()
    if 300 <= response.status_code < 400:
        location = response.headers.get("Location", "")[:ERROR_EXCERPT]
        raise DeliveryError(
            f"HTTP {response.status_code}: redirect to {location or '?'} not followed"
        )
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"HTTP {response.status_code}: {excerpt}")
    if endpoint.flavor in {
        WebhookEndpoint.Flavor.FEISHU,
        WebhookEndpoint.Flavor.WECOM,
        WebhookEndpoint.Flavor.DINGTALK,
    }:
        # These answer 200 with an error code in the body (a bad signature, a rate limit).
        try:
            answer = response.json()
        except ValueError:
            return
        code = answer.get("errcode", answer.get("code", 0)) if isinstance(answer, dict) else 0
        if code not in (0, None):
            raise DeliveryError(f"HTTP {response.status_code}: {excerpt}")


# --- Dispatching --------------------------------------------------------------------------


def outbox_dispatch_pending(*, limit: int = DISPATCH_LIMIT) -> int:
    """Queue every delivery that is due: retries, quiet hours over, dead workers' claims.

    The safety net under ``delay_on_commit``: run every minute by beat. Returns how many
    were queued (at most ``limit`` per run, oldest first). Safe to repeat: queuing a
    delivery twice is harmless because only one attempt can claim it.
    """
    from learning.notifications.tasks import delivery_attempt_task

    now = timezone.now()
    due = Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_until__lt=now)
    ).order_by("next_attempt_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    for delivery_id in ids:
        delivery_attempt_task.delay(delivery_id)
    return len(ids)


@transaction.atomic
def deliveries_retry_failed(*, delivery_ids: Iterable[int]) -> int:
    """Give failed deliveries a fresh set of attempts (the admin's "retry" action).

    Only failed rows change; sent and pending ones are left alone, so it is safe to
    repeat. Queued after commit; returns how many were reset.
    """
    ids = list(
        Delivery.objects.filter(
            pk__in=list(delivery_ids), status=Delivery.Status.FAILED
        ).values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    _enqueue_on_commit(ids)
    return len(ids)


# --- Inbox and preferences ----------------------------------------------------------------


@transaction.atomic
def inbox_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications read: the given ones, or all when ``None``.

    Raises ``Notification.DoesNotExist`` when an id is not one of the user's (so nobody
    learns whether someone else's id exists). Already-read ones keep their first read
    time: safe to repeat. Returns how many became read.
    """
    mine = Notification.objects.filter(recipient=user)
    if notification_ids is not None:
        wanted = set(notification_ids)
        if mine.filter(pk__in=wanted).count() != len(wanted):
            raise Notification.DoesNotExist(_("Notification not found."))
        mine = mine.filter(pk__in=wanted)
    return mine.filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_update(
    *,
    user: User,
    email_enabled: bool,
    webhook_enabled: bool,
    quiet_hours_start: dt.time | None = None,
    quiet_hours_end: dt.time | None = None,
    muted_kinds: list[str] | None = None,
) -> NotificationPreference:
    """Replace ``user``'s notification preferences; applies to deliveries not yet sent.

    Quiet hours need both ends (or neither) and must differ. Safe to repeat.
    """
    errors: dict[str, list[str]] = {}
    if (quiet_hours_start is None) != (quiet_hours_end is None):
        errors["quiet_hours_end"] = [_("Give both the start and the end of quiet hours.")]
    elif quiet_hours_start is not None and quiet_hours_start == quiet_hours_end:
        errors["quiet_hours_end"] = [_("Quiet hours must end at a different time.")]
    kinds = list(dict.fromkeys(k.strip() for k in (muted_kinds or []) if k.strip()))
    for kind in kinds:
        try:
            kind_validator(kind)
        except ValidationError:
            errors["muted_kinds"] = [_("“%(kind)s” is not a notification kind.") % {"kind": kind}]
            break
    if errors:
        raise ValidationError(errors)
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={
            "email_enabled": email_enabled,
            "webhook_enabled": webhook_enabled,
            "quiet_hours_start": quiet_hours_start,
            "quiet_hours_end": quiet_hours_end,
            "muted_kinds": kinds,
        },
    )
    return preference


# --- Webhook endpoints --------------------------------------------------------------------

# Their secrets come from the chat platform's bot settings; we never make one up.
PLATFORM_SIGNED = {WebhookEndpoint.Flavor.FEISHU, WebhookEndpoint.Flavor.DINGTALK}


def _webhook_url_check(url: str) -> dict[str, list[str]]:
    allow_private = getattr(settings, "GUILD_WEBHOOK_ALLOW_PRIVATE", settings.DEBUG)
    schemes = ["https", "http"] if allow_private else ["https"]
    try:
        URLValidator(schemes=schemes)(url)
    except ValidationError:
        if not allow_private and url.lower().startswith("http://"):
            return {"url": [_("Webhook addresses must start with https://.")]}
        return {"url": [_("Enter a full web address, such as https://hooks.example.com/…")]}
    if allow_private:
        return {}
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return {"url": [_("Webhooks cannot point at this machine or a private network.")]}
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return {}
    if not address.is_global:
        return {"url": [_("Webhooks cannot point at this machine or a private network.")]}
    return {}


def _endpoint_fields_check(*, name: str, url: str, flavor: str) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the endpoint a name.")]
    elif len(name) > 80:
        errors["name"] = [_("The name is longer than 80 characters.")]
    if flavor not in WebhookEndpoint.Flavor.values:
        errors["flavor"] = [_("Choose one of the listed kinds of webhook.")]
    if len(url) > 500:
        errors["url"] = [_("The address is longer than 500 characters.")]
    else:
        errors.update(_webhook_url_check(url))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def webhook_endpoint_create(
    *, owner: User, name: str, url: str, flavor: str = "generic", secret: str = ""
) -> tuple[WebhookEndpoint, str]:
    """Add a personal webhook; returns it with its signing secret, to be shown once.

    A secret is generated unless one is given; Feishu and DingTalk use the secret their
    bot settings show (or none). Raises ``ValidationError`` for a bad address, an
    unknown flavor or more than ten endpoints. Each call adds one.
    """
    _endpoint_fields_check(name=name, url=url, flavor=flavor)
    if WebhookEndpoint.objects.filter(owner=owner).count() >= WEBHOOKS_PER_USER:
        raise ValidationError({"url": [_("You can have at most ten webhooks.")]})
    secret = secret.strip()
    if not secret and flavor not in PLATFORM_SIGNED:
        secret = secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint.objects.create(
        owner=owner, name=name.strip(), url=url, flavor=flavor, secret=secret
    )
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    user: User,
    name: str | None = None,
    url: str | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    """Rename, re-point or pause one of ``user``'s webhooks (the secret stays).

    Raises ``PermissionDenied`` for someone else's endpoint. Safe to repeat.
    """
    if endpoint.owner_id != user.pk and not user.is_superuser:
        raise PermissionDenied(_("This webhook belongs to someone else."))
    new_name = endpoint.name if name is None else name
    new_url = endpoint.url if url is None else url
    _endpoint_fields_check(name=new_name, url=new_url, flavor=endpoint.flavor)
    endpoint.name, endpoint.url = new_name.strip(), new_url
    if active is not None:
        endpoint.active = active
    endpoint.save(update_fields=["name", "url", "active"])
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, user: User) -> None:
    """Remove one of ``user``'s webhooks with its deliveries: nothing more goes there.

    Raises ``PermissionDenied`` for someone else's endpoint.
    """
    if endpoint.owner_id != user.pk and not user.is_superuser:
        raise PermissionDenied(_("This webhook belongs to someone else."))
    endpoint.delete()

"""Fan-out: writing notifications and their deliveries in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _

from learning.models import User
from learning.notifications.kinds import notification_kind
from learning.notifications.models import (
    Channel,
    Delivery,
    Notification,
    NotificationPreference,
    WebhookEndpoint,
)


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
    if notification_kind(kind) is None:
        # A code no app declared: a typo or a missing notification_kinds entry.
        errors["kind"] = [_("“%(kind)s” is not a registered notification kind.") % {"kind": kind}]
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
    """One delivery per channel of the kind that the recipient allows; in-app always, sent.

    The kind's ``default_channels`` say where it goes beyond the inbox; the recipient's
    switches, muted kinds and addresses narrow that down (an essential kind's e-mail
    ignores the switches: see ``NotificationKind.essential``).
    """
    now = timezone.now()
    # Pending ones are queued as this transaction commits (``deliveries_enqueue_on_commit``).
    queued_until = queued_stamp(now)

    def delivery(channel: str, **fields) -> Delivery:
        return Delivery(
            notification=notification,
            channel=channel,
            next_attempt_at=now,
            created_at=now,
            **{"queued_until": queued_until, **fields},
        )

    deliveries = [
        delivery(Channel.INAPP, status=Delivery.Status.SENT, sent_at=now, queued_until=now)
    ]
    preference = recipient.preference
    kind = notification_kind(notification.kind)
    if notification.kind in (preference.muted_kinds or []) and not kind.essential:
        return deliveries
    channels = kind.default_channels
    wants_email = preference.email_enabled or kind.essential
    if Channel.EMAIL in channels and wants_email and recipient.email:
        deliveries.append(delivery(Channel.EMAIL))
    if Channel.WEBHOOK in channels and preference.webhook_enabled:
        deliveries.extend(
            delivery(Channel.WEBHOOK, endpoint=endpoint) for endpoint in recipient.endpoints
        )
    return deliveries


def queued_stamp(now: dt.datetime) -> dt.datetime:
    """Until when a delivery queued at ``now`` is left to its task (``queued_until``)."""
    return now + dt.timedelta(seconds=settings.GUILD_NOTIFICATIONS_QUEUED_SECONDS)


def outbox_queue(*, count: int, urgent: bool) -> str:
    """The Celery queue for ``count`` deliveries sent together.

    Urgent ones (an essential kind: a password reset, an invitation) and small sends (one
    batch or less: a notice to one person, a handful of mentors) take the default queue;
    larger fan-outs take ``GUILD_OUTBOX_BULK_QUEUE``. Workers take from both in turn, so
    a 10,000-person announcement holds an urgent notice back by one batch at most.
    """
    if urgent or count <= settings.GUILD_OUTBOX_BATCH_SIZE:
        return settings.CELERY_TASK_DEFAULT_QUEUE
    return settings.GUILD_OUTBOX_BULK_QUEUE


def deliveries_queue(delivery_ids: list[int], *, urgent: bool) -> None:
    """Queue one attempt task per batch of ``GUILD_OUTBOX_BATCH_SIZE`` ids, now.

    The caller has stamped the rows' ``queued_until`` (``queued_stamp``) in its own
    write, so that the dispatcher leaves them to these tasks. Queuing twice is harmless:
    a batch claims its deliveries before it sends them.
    """
    from learning.notifications.tasks import deliveries_attempt_task

    size = settings.GUILD_OUTBOX_BATCH_SIZE
    queue = outbox_queue(count=len(delivery_ids), urgent=urgent)
    for start in range(0, len(delivery_ids), size):
        deliveries_attempt_task.apply_async((delivery_ids[start : start + size],), queue=queue)


def deliveries_enqueue_on_commit(delivery_ids: list[int], *, urgent: bool) -> None:
    """``deliveries_queue`` once the current transaction commits (nothing if it rolls back).

    20,000 deliveries are 200 batches: the web process publishes them at commit.
    """
    if delivery_ids:
        transaction.on_commit(partial(deliveries_queue, list(delivery_ids), urgent=urgent))


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
    the deliveries after commit (``deliveries_enqueue_on_commit``). With a ``dedupe_key``
    that was used before it returns the earlier notification and writes nothing: safe to
    repeat with a key.
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
    deliveries_enqueue_on_commit(
        [d.pk for d in deliveries if d.status == Delivery.Status.PENDING],
        urgent=notification_kind(kind).essential,
    )
    return notification


@dataclass(frozen=True)
class PersonalNotice:
    """One person's own words for ``notification_send_each``: a title and body that may be
    ``in_recipient_language`` promises (rendered in the recipient's language), a link and
    an optional dedupe key (used as is: make it personal)."""

    recipient_id: int
    title: str | Promise
    body: str | Promise = ""
    url: str = ""
    payload: dict | None = None
    dedupe_key: str | None = None


@transaction.atomic
def notification_send_each(*, kind: str, notices: Iterable[PersonalNotice]) -> list[Notification]:
    """Notify many people, each with their own words (a weekly digest), in bulk.

    The same as ``notification_send`` for each notice in a fixed number of queries for the
    whole call (bulk inserts; call it once per batch of about a thousand notices): the
    recipients' addresses and preferences in three queries, the notices whose dedupe key
    was already used skipped in one, then one insert of notifications and one of
    deliveries, queued in batches after commit. Returns the notifications written.
    Raises ``ValidationError`` for a bad kind, an empty title or an overlong link.
    """
    notices = list(notices)
    keys = [n.dedupe_key for n in notices if n.dedupe_key]
    used = (
        set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        if keys
        else set()
    )
    notices = [n for n in notices if not n.dedupe_key or n.dedupe_key not in used]
    targets = _recipients_load([n.recipient_id for n in notices])
    rows = []
    for notice in notices:
        target = targets.get(notice.recipient_id)
        if target is None:
            continue
        title, body = _render(notice.title, target.language), _render(notice.body, target.language)
        _notification_check(kind=kind, title=title, url=notice.url)
        rows.append(
            Notification(
                recipient_id=notice.recipient_id,
                kind=kind,
                title=title,
                body=body,
                url=notice.url,
                payload=notice.payload or {},
                dedupe_key=notice.dedupe_key or None,
            )
        )
    notifications = Notification.objects.bulk_create(rows)
    deliveries = Delivery.objects.bulk_create(
        delivery
        for notification in notifications
        for delivery in _deliveries_plan(
            notification=notification, recipient=targets[notification.recipient_id]
        )
    )
    deliveries_enqueue_on_commit(
        [d.pk for d in deliveries if d.status == Delivery.Status.PENDING],
        urgent=notification_kind(kind).essential,
    )
    return notifications


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
    batches after commit, on the bulk queue when there is more than one batch.
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
    deliveries_enqueue_on_commit(pending_ids, urgent=notification_kind(kind).essential)
    return created

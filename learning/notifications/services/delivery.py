"""Delivery state and claims: attempting deliveries in batches under a lease, retries,
dispatch."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation

from learning.directory import viewer_profile
from learning.models import EmployeeProfile
from learning.notifications.kinds import notification_kind
from learning.notifications.models import Channel, Delivery, NotificationPreference
from learning.notifications.services import transport
from learning.notifications.services.channels import webhook_request_build
from learning.notifications.services.channels.email import EmailBodies, email_message_build
from learning.notifications.services.claims import DeliveryBatch, claimable
from learning.notifications.services.outbox import (
    deliveries_enqueue_on_commit,
    deliveries_queue,
    queued_stamp,
)

logger = logging.getLogger(__name__)

DISPATCH_LIMIT = 5000


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


def _time_zone_of(profile: EmployeeProfile | None) -> dt.tzinfo:
    return profile.zone if profile is not None else zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _kind_essential(code: str) -> bool:
    kind = notification_kind(code)
    return kind is not None and kind.essential


def _essential(delivery: Delivery) -> bool:
    return _kind_essential(delivery.notification.kind)


def _skip_reason(delivery: Delivery, preference: NotificationPreference, email: str) -> str:
    """Why this delivery no longer applies (preferences change after sending), or ''."""
    if delivery.channel == Channel.INAPP:
        return ""
    essential = _essential(delivery)
    if delivery.notification.kind in (preference.muted_kinds or []) and not essential:
        return "muted kind"
    if delivery.channel == Channel.EMAIL:
        if not preference.email_enabled and not essential:
            return "e-mail switched off"
        if not email:
            return "no e-mail address"
    if delivery.channel == Channel.WEBHOOK:
        if not preference.webhook_enabled:
            return "webhooks switched off"
        if delivery.endpoint is None or not delivery.endpoint.active:
            return "endpoint inactive"
    return ""


@dataclass(frozen=True)
class _Send:
    """A claimed delivery that goes out, with the recipient's address and language."""

    delivery: Delivery
    profile: EmployeeProfile | None
    email: str

    @property
    def language(self) -> str:
        return self.profile.preferred_language if self.profile else settings.LANGUAGE_CODE


def deliveries_attempt(*, delivery_ids: list[int]) -> dict[int, str]:
    """Try to deliver a batch of deliveries once; what happened to each id.

    Outcomes: ``"sent"``, ``"retry"`` (failed, back to pending with a backoff),
    ``"failed"`` (too many attempts, or refused), ``"deferred"`` (quiet hours),
    ``"skipped"`` (the channel no longer applies), ``"noop"`` (not due, held by another
    worker's lease, or finished). One conditional UPDATE claims every claimable id, one
    query loads them with recipients, profiles, preferences and endpoints; e-mails are
    built per language and sent over one SMTP connection, webhooks go through the pooled
    HTTP session; outcomes are written a few UPDATEs at a time. Safe to run twice and
    concurrently: only the claimant sends. Deliberately not one transaction: the claim
    must be visible to other workers before the (slow, external) sends, and no database
    lock is held while sending.
    """
    batch = DeliveryBatch(delivery_ids)
    sends = []
    now = timezone.now()
    for delivery in batch.claim():
        send = _send_or_hold(batch, delivery, now=now)
        if send is not None:
            sends.append(send)
    _emails_send(batch, [s for s in sends if s.delivery.channel == Channel.EMAIL])
    batch.mark()
    _webhooks_post(batch, [s for s in sends if s.delivery.channel == Channel.WEBHOOK])
    for send in sends:
        if send.delivery.channel == Channel.INAPP:
            # The inbox reads the notification; there is nothing to carry.
            batch.sent(send.delivery)
    batch.mark()
    return batch.outcomes


def delivery_attempt(*, delivery_id: int) -> str:
    """``deliveries_attempt`` for one delivery: its outcome (for callers and tests)."""
    return deliveries_attempt(delivery_ids=[delivery_id])[delivery_id]


def _send_or_hold(batch: DeliveryBatch, delivery: Delivery, *, now: dt.datetime) -> _Send | None:
    """The delivery ready to send, or None when it is skipped or held for quiet hours."""
    recipient = delivery.notification.recipient
    profile = viewer_profile(recipient)
    preference = getattr(recipient, "notification_preference", None) or NotificationPreference(
        user=recipient
    )
    email = (profile.email if profile is not None else "") or recipient.email
    reason = _skip_reason(delivery, preference, email)
    if reason:
        batch.skip(delivery, reason)
        return None
    # An essential message (a password reset asked for a minute ago) is not held overnight.
    if (
        delivery.channel != Channel.INAPP
        and preference.has_quiet_hours
        and not _essential(delivery)
    ):
        quiet_until = quiet_hours_end(
            now=now,
            start=preference.quiet_hours_start,
            end=preference.quiet_hours_end,
            tz=_time_zone_of(profile),
        )
        if quiet_until is not None:
            batch.defer(delivery, quiet_until)
            return None
    return _Send(delivery=delivery, profile=profile, email=email)


def _by_language(sends: list[_Send]) -> Iterable[tuple[str, list[_Send]]]:
    """The sends grouped by language, so each language is switched on once per batch."""
    groups: dict[str, list[_Send]] = defaultdict(list)
    for send in sends:
        groups[send.language].append(send)
    return groups.items()


def _emails_send(batch: DeliveryBatch, sends: list[_Send]) -> None:
    """Build each message in its recipient's language (each language's words rendered
    once for the batch), then send all over one connection."""
    built: list[tuple[Delivery, EmailMessage]] = []
    bodies = EmailBodies()
    for language, group in _by_language(sends):
        with translation.override(language):
            for send in group:
                name = send.profile.full_name if send.profile else ""
                try:
                    message = email_message_build(
                        delivery=send.delivery, address=send.email, name=name, bodies=bodies
                    )
                except Exception as exc:  # noqa: BLE001 - a refusal or a bug: this one fails
                    batch.fail(send.delivery, exc)
                else:
                    built.append((send.delivery, message))
    if not built:
        return
    errors = transport.email_send([message for _, message in built])
    for (delivery, _message), error in zip(built, errors, strict=True):
        if error is None:
            batch.sent(delivery)
        else:
            batch.fail(delivery, error)


def _webhooks_post(batch: DeliveryBatch, sends: list[_Send]) -> None:
    """Post each webhook, signed just before it goes (receivers check the timestamp).

    Up to ``GUILD_WEBHOOK_CONCURRENCY`` are in flight at once, each built and posted in a
    thread of its own: waiting on one slow receiver does not hold up the rest. Only this
    thread touches the database: it checks the lease before each post goes (renewing it
    as it runs) and records the outcomes.
    """
    width = settings.GUILD_WEBHOOK_CONCURRENCY
    in_flight: dict[Future, Delivery] = {}
    executor = (
        ThreadPoolExecutor(max_workers=width, thread_name_prefix="webhook")
        if width > 1
        else _InThisThread()
    )

    def record(done: Iterable[Future]) -> None:
        for future in done:
            delivery = in_flight.pop(future)
            error = future.result()
            if error is None:
                batch.sent(delivery)
            else:
                batch.fail(delivery, error)

    with executor as pool:
        for language, group in _by_language(sends):
            for send in group:
                if len(in_flight) >= width:
                    record(wait(in_flight, return_when=FIRST_COMPLETED).done)
                if batch.still_held(send.delivery):
                    future = pool.submit(_webhook_post_one, send.delivery, language)
                    in_flight[future] = send.delivery
        record(wait(in_flight).done)


class _InThisThread:
    """An executor that runs each call at once in the calling thread (concurrency 1)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future


def _webhook_post_one(delivery: Delivery, language: str) -> Exception | None:
    """Build and post one webhook in ``language``; the error it failed with, or None."""
    try:
        with translation.override(language):
            transport.webhook_post(
                webhook_request_build(delivery=delivery, endpoint=delivery.endpoint)
            )
    except Exception as exc:  # noqa: BLE001 - see DeliveryBatch.fail
        return exc
    return None


def outbox_dispatch_pending(*, limit: int = DISPATCH_LIMIT) -> int:
    """Queue what is due and not already queued: retries, quiet hours over, lost tasks,
    dead workers' claims.

    The safety net under the queuing at commit: run every minute by beat. A row whose
    task still waits in the broker (``queued_until`` ahead) is left alone, so a backlog
    is not queued again every minute; what it queues is stamped the same way, in one
    UPDATE, and sent as batches (essential kinds on the urgent queue). Returns how many
    were queued (at most ``limit`` per run, oldest first). Safe to repeat.
    """
    now = timezone.now()
    due = (
        Delivery.objects.filter(claimable(now), queued_until__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "notification__kind")
    )
    rows = list(due[:limit])
    ids = [pk for pk, _kind in rows]
    Delivery.objects.filter(pk__in=ids).update(queued_until=queued_stamp(now))
    urgent = {pk for pk, kind in rows if _kind_essential(kind)}
    deliveries_queue([pk for pk in ids if pk in urgent], urgent=True)
    deliveries_queue([pk for pk in ids if pk not in urgent], urgent=False)
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
    now = timezone.now()
    Delivery.objects.filter(pk__in=ids).update(
        status=Delivery.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        queued_until=queued_stamp(now),
    )
    deliveries_enqueue_on_commit(ids, urgent=False)
    return len(ids)

"""Delivery state and claims: attempting one delivery under a lease, retries, dispatch."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from learning.directory import viewer_profile
from learning.models import EmployeeProfile
from learning.notifications.kinds import notification_kind
from learning.notifications.models import Channel, Delivery, NotificationPreference
from learning.notifications.services import transport
from learning.notifications.services.channels import webhook_request_build
from learning.notifications.services.channels.email import email_message_build
from learning.notifications.services.errors import DeliveryRefused
from learning.notifications.services.outbox import deliveries_enqueue_on_commit

logger = logging.getLogger(__name__)

DISPATCH_LIMIT = 5000


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


def _time_zone_of(profile: EmployeeProfile | None) -> dt.tzinfo:
    return profile.zone if profile is not None else zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _essential(delivery: Delivery) -> bool:
    kind = notification_kind(delivery.notification.kind)
    return kind is not None and kind.essential


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
        "notification__recipient__profile__region",
        "notification__recipient__notification_preference",
    ).get(pk=delivery_id)
    mine = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.SENDING, lease_token=token
    )
    recipient = delivery.notification.recipient
    profile = viewer_profile(recipient)
    preference = getattr(recipient, "notification_preference", None) or NotificationPreference(
        user=recipient
    )
    email = (profile.email if profile is not None else "") or recipient.email

    reason = _skip_reason(delivery, preference, email)
    if reason:
        mine.update(status=Delivery.Status.SKIPPED, claimed_until=None, last_error=reason)
        return "skipped"
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
    """Build the delivery's message in the recipient's language and hand it to a transport."""
    language = profile.preferred_language if profile is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        if delivery.channel == Channel.EMAIL:
            name = profile.full_name if profile else ""
            transport.email_send([email_message_build(delivery=delivery, address=email, name=name)])
        elif delivery.channel == Channel.WEBHOOK:
            transport.webhook_post(
                webhook_request_build(delivery=delivery, endpoint=delivery.endpoint)
            )
        # In-app: the inbox reads the notification; there is nothing to carry.


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
    deliveries_enqueue_on_commit(ids)
    return len(ids)

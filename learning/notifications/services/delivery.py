"""Delivery state and claims: attempting deliveries in batches under a lease, retries,
dispatch."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Case, DateTimeField, F, Q, TextField, Value, When
from django.utils import timezone, translation

from learning.directory import viewer_profile
from learning.models import EmployeeProfile
from learning.notifications.kinds import notification_kind
from learning.notifications.models import Channel, Delivery, NotificationPreference
from learning.notifications.services import transport
from learning.notifications.services.channels import webhook_request_build
from learning.notifications.services.channels.email import email_message_build
from learning.notifications.services.errors import DeliveryRefused
from learning.notifications.services.outbox import (
    deliveries_enqueue_on_commit,
    deliveries_queue,
    queued_stamp,
)

logger = logging.getLogger(__name__)

DISPATCH_LIMIT = 5000
# A batch marks what it sent at least this often (see ``_Batch``).
MARK_EVERY_SECONDS = 1.0


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


def _claimable(now: dt.datetime) -> Q:
    """Pending and due, or sending under a lease that ran out (its worker died)."""
    return Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Delivery.Status.SENDING, claimed_until__lt=now
    )


def _per_row(values: dict[int, object], field) -> Case:
    """One value per delivery id inside a single UPDATE."""
    return Case(*(When(pk=pk, then=Value(v)) for pk, v in values.items()), output_field=field)


class _Batch:
    """The claim of one batch: its lease token, and every write only its holder may make.

    Outcomes are collected and written in bulk (one UPDATE per kind of outcome), each
    guarded by the token: a row whose lease ran out and was taken over by another worker
    is not touched. Sent rows are marked at least every ``MARK_EVERY_SECONDS``, so that a
    worker killed in the middle of a batch leaves only the last second's sends unmarked;
    the lease is renewed while a slow batch is still sending.
    """

    def __init__(self, delivery_ids: list[int]):
        self.ids = list(dict.fromkeys(delivery_ids))
        self.token = uuid.uuid4()
        self.lease = dt.timedelta(seconds=_settings_int("GUILD_NOTIFICATIONS_LEASE_SECONDS", 120))
        self.outcomes: dict[int, str] = dict.fromkeys(self.ids, "noop")
        self.lost: set[int] = set()
        self._sent: list[Delivery] = []
        self._skipped: dict[str, list[int]] = defaultdict(list)
        self._deferred: dict[int, dt.datetime] = {}
        self._retry: dict[int, tuple[str, dt.datetime]] = {}
        self._failed: dict[int, str] = {}
        self._marked_at = self._renewed_at = time.monotonic()

    def held(self, ids: Iterable[int]):
        return Delivery.objects.filter(
            pk__in=list(ids), status=Delivery.Status.SENDING, lease_token=self.token
        )

    def claim(self) -> list[Delivery]:
        """Claim every claimable id in one UPDATE; the claimed rows, with all they need."""
        now = timezone.now()
        claimed = (
            Delivery.objects.filter(pk__in=self.ids)
            .filter(_claimable(now))
            .update(
                status=Delivery.Status.SENDING,
                claimed_until=now + self.lease,
                lease_token=self.token,
                # Its task is running: from now on the lease, not the queue, protects it.
                queued_until=now,
            )
        )
        if not claimed:
            return []
        return list(
            self.held(self.ids)
            .order_by("pk")
            .select_related(
                "endpoint",
                "notification__recipient__profile__region",
                "notification__recipient__notification_preference",
            )
        )

    def sent(self, delivery: Delivery) -> None:
        self._sent.append(delivery)
        if time.monotonic() - self._marked_at >= MARK_EVERY_SECONDS:
            self.mark()

    def skip(self, delivery: Delivery, reason: str) -> None:
        self.outcomes[delivery.pk] = "skipped"
        self._skipped[reason].append(delivery.pk)

    def defer(self, delivery: Delivery, until: dt.datetime) -> None:
        self.outcomes[delivery.pk] = "deferred"
        self._deferred[delivery.pk] = until

    def fail(self, delivery: Delivery, exc: Exception) -> None:
        """Give the claim back with a backoff, or fail it (refused, or out of attempts)."""
        # Anything a channel raises (network, SMTP, a refusal, a bug) must give the claim
        # back rather than leave the row stuck in "sending".
        logger.warning("Delivery %s failed: %s", delivery.uuid, exc)
        attempts = delivery.attempts + 1
        error = (str(exc) or exc.__class__.__name__)[:1000]
        if isinstance(exc, DeliveryRefused) or attempts >= _settings_int(
            "GUILD_NOTIFICATIONS_MAX_ATTEMPTS", 5
        ):
            self.outcomes[delivery.pk] = "failed"
            self._failed[delivery.pk] = error
        else:
            self.outcomes[delivery.pk] = "retry"
            self._retry[delivery.pk] = (error, timezone.now() + delivery_backoff(attempts))

    def still_held(self, delivery: Delivery) -> bool:
        """False once a renewal found the lease taken over: then it must not be sent."""
        if time.monotonic() - self._renewed_at >= self.lease.total_seconds() / 2:
            self._renew()
        return delivery.pk not in self.lost

    def _renew(self) -> None:
        undecided = [pk for pk, outcome in self.outcomes.items() if outcome == "noop"]
        mine = list(self.held(undecided).values_list("pk", flat=True))
        self.held(mine).update(claimed_until=timezone.now() + self.lease)
        self.lost.update(set(undecided) - set(mine))
        self._renewed_at = time.monotonic()

    def mark(self) -> None:
        """Write every outcome collected so far, in bulk (a few UPDATEs at most)."""
        if self._sent:
            self._mark_sent()
        for reason, ids in self._skipped.items():
            self.held(ids).update(
                status=Delivery.Status.SKIPPED, claimed_until=None, last_error=reason
            )
        if self._deferred:
            self.held(self._deferred).update(
                status=Delivery.Status.PENDING,
                claimed_until=None,
                next_attempt_at=_per_row(self._deferred, DateTimeField()),
            )
        if self._retry:
            self.held(self._retry).update(
                status=Delivery.Status.PENDING,
                attempts=F("attempts") + 1,
                last_error=_per_row({pk: e for pk, (e, _) in self._retry.items()}, TextField()),
                claimed_until=None,
                next_attempt_at=_per_row(
                    {pk: at for pk, (_, at) in self._retry.items()}, DateTimeField()
                ),
            )
        if self._failed:
            self.held(self._failed).update(
                status=Delivery.Status.FAILED,
                attempts=F("attempts") + 1,
                last_error=_per_row(self._failed, TextField()),
                claimed_until=None,
            )
        self._skipped, self._deferred, self._retry, self._failed = defaultdict(list), {}, {}, {}
        self._marked_at = time.monotonic()

    def _mark_sent(self) -> None:
        sent, self._sent = self._sent, []
        ids = [d.pk for d in sent]
        marked = self.held(ids).update(
            status=Delivery.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
        )
        if marked < len(ids):
            # Some leases ran out and another worker took over: it owns those outcomes.
            ids = set(
                Delivery.objects.filter(
                    pk__in=ids, status=Delivery.Status.SENT, lease_token=self.token
                ).values_list("pk", flat=True)
            )
        for delivery in sent:
            if delivery.pk in ids:
                self.outcomes[delivery.pk] = "sent"
                logger.info("Delivery %s marked sent", delivery.uuid)
            else:
                logger.warning("Delivery %s sent, but its lease had been taken over", delivery.uuid)


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
    batch = _Batch(delivery_ids)
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


def _send_or_hold(batch: _Batch, delivery: Delivery, *, now: dt.datetime) -> _Send | None:
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


def _emails_send(batch: _Batch, sends: list[_Send]) -> None:
    """Build each message in its recipient's language, then send all over one connection."""
    built: list[tuple[Delivery, EmailMessage]] = []
    for language, group in _by_language(sends):
        with translation.override(language):
            for send in group:
                name = send.profile.full_name if send.profile else ""
                try:
                    message = email_message_build(
                        delivery=send.delivery, address=send.email, name=name
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


def _webhooks_post(batch: _Batch, sends: list[_Send]) -> None:
    """Post each webhook, signed just before it goes (receivers check the timestamp)."""
    for language, group in _by_language(sends):
        with translation.override(language):
            for send in group:
                if not batch.still_held(send.delivery):
                    continue
                try:
                    transport.webhook_post(
                        webhook_request_build(
                            delivery=send.delivery, endpoint=send.delivery.endpoint
                        )
                    )
                except Exception as exc:  # noqa: BLE001 - see _Batch.fail
                    batch.fail(send.delivery, exc)
                else:
                    batch.sent(send.delivery)


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
        Delivery.objects.filter(_claimable(now), queued_until__lte=now)
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

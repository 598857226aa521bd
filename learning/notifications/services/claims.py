"""Claims of deliveries: the lease a batch holds, and the bulk writes only its holder makes."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Case, DateTimeField, F, Q, TextField, Value, When
from django.utils import timezone

from learning.notifications.models import Delivery
from learning.notifications.services.errors import DeliveryRefused

logger = logging.getLogger(__name__)

# A batch marks what it sent at least this often (see ``DeliveryBatch``).
MARK_EVERY_SECONDS = 1.0


def _settings_int(name: str, default: float) -> float:
    return getattr(settings, name, default)


def delivery_backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failure: doubling from the base."""
    base = _settings_int("GUILD_NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
    return dt.timedelta(seconds=base * 2 ** max(0, attempts - 1))


def claimable(now: dt.datetime) -> Q:
    """Pending and due, or sending under a lease that ran out (its worker died): the one
    claim condition, shared by the claim and the dispatcher."""
    return Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Delivery.Status.SENDING, claimed_until__lt=now
    )


def _per_row(values: dict[int, object], field) -> Case:
    """One value per delivery id inside a single UPDATE."""
    return Case(*(When(pk=pk, then=Value(v)) for pk, v in values.items()), output_field=field)


class DeliveryBatch:
    """The claim of one batch of deliveries: its lease token, and the writes only its
    holder may make.

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
            .filter(claimable(now))
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

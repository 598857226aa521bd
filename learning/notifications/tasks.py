"""Celery tasks of the outbox: thin, ids in, the services do the work.

Every task here is safe to run twice: a delivery is claimed before it is sent, and the
dispatcher only queues work. ``acks_late`` plus the dispatcher mean a worker killed in
the middle loses nothing (see ``learning.notifications.services``).
"""

from collections import Counter

from celery import shared_task
from django.db import OperationalError

from learning.notifications import services


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def deliveries_attempt_task(delivery_ids: list[int]) -> dict[str, int]:
    """Attempt a batch of deliveries once; their own retries live on the rows.

    Queued by ``deliveries_queue`` on the urgent or the bulk queue. Retried here only
    when the database is briefly unavailable (a locked SQLite file); a failing channel is
    not an exception of the task but a backoff on the delivery, picked up again by the
    dispatcher. Returns how many had each outcome (for logs).
    """
    return dict(Counter(services.deliveries_attempt(delivery_ids=delivery_ids).values()))


@shared_task(acks_late=True, ignore_result=True)
def outbox_dispatch_pending_task() -> int:
    """Queue what is due and not already queued (beat runs it every minute). Safe to repeat."""
    return services.outbox_dispatch_pending()

"""Celery tasks of the outbox: thin, ids in, the services do the work.

Every task here is safe to run twice: a delivery is claimed before it is sent, and the
dispatcher only queues work. ``acks_late`` plus the dispatcher mean a worker killed in
the middle loses nothing (see ``learning.notifications.services``).
"""

from celery import shared_task
from django.db import OperationalError

from learning.notifications import services


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def delivery_attempt_task(delivery_id: int) -> str:
    """Attempt ``Delivery`` ``delivery_id`` once; its own retries live on the row.

    Retried here only when the database is briefly unavailable (a locked SQLite file);
    a failing channel is not an exception of the task but a backoff on the delivery,
    picked up again by the dispatcher.
    """
    return services.delivery_attempt(delivery_id=delivery_id)


@shared_task(acks_late=True)
def deliveries_enqueue_task(delivery_ids: list[int]) -> None:
    """Queue one attempt per id: how a large fan-out leaves the web process in batches.

    Repeating it queues the attempts again, which is harmless (they claim first).
    """
    for delivery_id in delivery_ids:
        delivery_attempt_task.delay(delivery_id)


@shared_task(acks_late=True, ignore_result=True)
def outbox_dispatch_pending_task() -> int:
    """Queue every delivery that is due (beat runs it every minute). Safe to repeat."""
    return services.outbox_dispatch_pending()

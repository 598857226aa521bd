"""Celery tasks of the weekly digest: thin, the services do the work."""

import datetime as dt

from celery import shared_task

from cohorts.digest import services


@shared_task(acks_late=True, ignore_result=True)
def digests_send_due_task(now: str | None = None) -> int:
    """Send the weekly digest to every member whose week has ended (beat, hourly; ``now``
    an ISO instant, for drills). Safe to repeat and to run twice at once: each member
    gets one digest a week."""
    return services.digests_send_due(now=dt.datetime.fromisoformat(now) if now else None)

"""Celery tasks of check-ins: thin, the services do the work."""

from celery import shared_task

from cohorts.engagement import services


@shared_task(acks_late=True, ignore_result=True)
def checkin_reminders_due_task() -> int:
    """Remind who has not checked in by each task's reminder time (beat, every few
    minutes). Safe to repeat and to run twice at once: each person is reminded once."""
    return services.checkin_reminders_due()


@shared_task(acks_late=True, ignore_result=True)
def checkin_periods_close_task() -> int:
    """Close the periods that stopped taking check-ins, with the missed check-in
    penalty (beat). Safe to repeat: each period is closed once."""
    return services.checkin_periods_close()

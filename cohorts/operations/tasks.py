"""Celery tasks of the operations room: thin, the services do the work."""

from celery import shared_task

from cohorts.operations import services


@shared_task(acks_late=True, ignore_result=True)
def plans_remind_due_task() -> int:
    """Remind the core team of each cohort whose coming week has no plan (beat). Safe to
    repeat and to run twice at once: once per cohort and week."""
    return services.plans_remind_due()


@shared_task(acks_late=True, ignore_result=True)
def evaluations_due_task() -> int:
    """Start each running cohort's evaluation of its last whole period (beat). Safe to
    repeat: once per period."""
    return services.evaluations_due()

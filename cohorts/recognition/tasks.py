"""Celery tasks of recognition: thin, the services do the work."""

from celery import shared_task

from cohorts.recognition import services


@shared_task(acks_late=True, ignore_result=True)
def recognition_prompts_due_task() -> int:
    """Send each running cohort's weekly recognition prompt when due (beat, hourly).
    Safe to repeat and to run twice at once: each cohort is prompted once a week."""
    return services.prompts_send_due()


@shared_task(acks_late=True, ignore_result=True)
def awards_counting_notify_task() -> int:
    """Tell organizers of each award whose voting closed that it waits for them (beat,
    every five minutes). Safe to repeat and to run twice at once: once per round."""
    return services.awards_counting_notify()

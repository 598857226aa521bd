"""Celery tasks of the Q&A board: thin, the services do the work."""

from celery import shared_task

from mentors.questions import services


@shared_task(acks_late=True, ignore_result=True)
def questions_escalate_due_task() -> dict[int, int]:
    """Escalate the questions nobody answered in time (beat, every few minutes). Safe to
    repeat and to run twice at once: each step is sent once."""
    return services.questions_escalate_due()

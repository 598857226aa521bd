"""Celery tasks of retrospectives: thin, the services do the work."""

from celery import shared_task

from cohorts.retrospectives import services


@shared_task(acks_late=True, ignore_result=True)
def retrospectives_due_task() -> int:
    """Tell each ended cohort's core team and organizers that its retrospective waits
    (beat, hourly). Safe to repeat: each team is told once."""
    return services.retrospectives_due_notify()


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,), max_retries=3)
def retrospective_pdf_render_task(retrospective_id: int, revision: int, language: str) -> bool:
    """Render a published retrospective's PDF into the cache. Safe to repeat: a file
    already there, or a revision no longer current, renders nothing."""
    return services.retrospective_pdf_render_run(
        retrospective_id=retrospective_id, revision=revision, language=language
    )

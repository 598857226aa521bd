"""Celery tasks of guest sessions: thin, the services do the work."""

from celery import shared_task

from cohorts.sessions import services


@shared_task(acks_late=True, ignore_result=True)
def sessions_dispatch_due_task() -> dict[str, int]:
    """Send the announcements and reminders that are due (beat, every few minutes).
    Safe to repeat and to run twice at once: each message is sent once."""
    return services.sessions_dispatch_due()


@shared_task(ignore_result=True)
def invitation_link_email_task(invitation_id: int, actor_id: int, language: str) -> bool:
    """Mint an outside guest's link and e-mail it (``invitation_link_email``). Acked
    when taken: at most one e-mail, with one working link."""
    return services.invitation_link_email_send(
        invitation_id=invitation_id, actor_id=actor_id, language=language
    )

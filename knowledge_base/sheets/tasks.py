"""Celery tasks of the sheets: thin, the services do the work."""

from celery import shared_task

from knowledge_base.sheets import services


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,), max_retries=3)
def sheet_render_task(kind_key: str, object_id: int, revision_id: int) -> bool:
    """Render a published revision's sheet into the cache (``sheet_render_run``). Safe
    to repeat: a sheet already there, or a revision no longer shown, renders nothing."""
    return services.sheet_render_run(
        kind_key=kind_key, object_id=object_id, revision_id=revision_id
    )

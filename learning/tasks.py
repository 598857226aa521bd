"""Celery tasks of the platform core: thin, ids in, a service does the work."""

from celery import shared_task
from django.db import OperationalError

from learning import jobs


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def job_run_task(job_id: int) -> None:
    """Run background ``Job`` ``job_id`` with its kind's handler.

    Retried when the database is briefly unavailable; the service leaves finished jobs
    alone, so a repeated delivery is harmless.
    """
    jobs.job_run(job_id=job_id)

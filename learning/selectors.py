"""Reads of the people directory for the admin and the API."""

from django.core.cache import cache
from django.db.models import QuerySet

from learning.models import EmployeeProfile, ImportJob
from learning.services import import_job_progress_key


def employee_directory() -> QuerySet[EmployeeProfile]:
    """Every profile with what a directory row shows (level, units, manager) joined in.

    One query per page whatever the page size: the admin listing and the API use it.
    """
    return EmployeeProfile.objects.with_directory()


def import_jobs_for(*, user) -> QuerySet[ImportJob]:
    """The import jobs ``user`` may look at: all for a superuser, otherwise their own."""
    jobs = ImportJob.objects.select_related("created_by")
    if user.is_superuser:
        return jobs
    return jobs.filter(created_by=user)


def import_job_status(*, job: ImportJob) -> dict:
    """Where ``job`` stands, for the progress bar: live counts from the cache while it runs.

    The import writes inside one transaction that other processes cannot see into, so
    while it runs its progress lives in the shared cache rather than on the job row.
    """
    stage = ""
    done, total = job.processed_rows, job.total_rows
    if job.status in {ImportJob.Status.PENDING, ImportJob.Status.RUNNING}:
        live = cache.get(import_job_progress_key(job)) or {}
        stage = live.get("stage", "")
        done, total = live.get("done", 0), live.get("total", 0)
    if job.status in {ImportJob.Status.DONE, ImportJob.Status.FAILED}:
        percent = 100
    elif total:
        # Checking the rows is the first half of the work, saving them the second.
        half = done * 50 // total
        percent = min(99, half + (50 if stage == "saving" else 0))
    else:
        percent = 0
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "stage": stage,
        "done": done,
        "total": total,
        "percent": percent,
        "finished": job.status in {ImportJob.Status.DONE, ImportJob.Status.FAILED},
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "problem_count": len(job.errors or []),
    }

"""Reads of the people directory for the admin and the API."""

from django.db.models import QuerySet

from learning import jobs
from learning.accounts.invitations import account_activated
from learning.models import EmployeeProfile, Job
from learning.services import EMPLOYEE_IMPORT


def employee_directory() -> QuerySet[EmployeeProfile]:
    """Every profile with what a directory row shows (level, units, manager) joined in.

    One query per page whatever the page size: the admin listing and the API use it.
    """
    return EmployeeProfile.objects.with_directory()


def import_jobs_for(*, user) -> QuerySet[Job]:
    """The employee imports ``user`` may look at: all for a superuser, otherwise their own."""
    return jobs.jobs_for(user=user).filter(kind=EMPLOYEE_IMPORT)


def import_job_status(*, job: Job) -> dict:
    """Where an import stands, for its progress bar: the job's status (see
    ``learning.jobs.job_status``) with the import's counts once it has them."""
    status = jobs.job_status(job=job)
    result = job.result or {}
    # Ids are for inviting afterwards, not for a page that polls every second.
    status["result"] = {
        key: value for key, value in status["result"].items() if key != "created_ids"
    }
    if job.status == Job.Status.DONE:
        status["done"] = status["total"] = result.get("total", 0)
    status.update(
        created=result.get("created", 0),
        updated=result.get("updated", 0),
        unchanged=result.get("unchanged", 0),
        problem_count=len(result.get("problems", [])),
    )
    return status


def import_uninvited_ids(*, job: Job) -> list[int]:
    """The profiles ``job`` (a finished import) created whose people have never got in:
    whom its page offers to invite. One query per 500 people."""
    ids = (job.result or {}).get("created_ids", []) if job.status == Job.Status.DONE else []
    waiting = []
    for start in range(0, len(ids), 500):
        for profile in EmployeeProfile.objects.select_related("user").filter(
            pk__in=ids[start : start + 500], is_active=True, user__is_active=True
        ):
            if not account_activated(profile.user):
                waiting.append(profile.pk)
    return waiting

"""Reads of the people directory for the admin and the API."""

from django.db.models import F, IntegerField, QuerySet, Value

from learning import jobs
from learning.accounts.invitations import account_activated
from learning.models import (
    Department,
    EmployeeProfile,
    Job,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
)
from learning.services import EMPLOYEE_IMPORT


def employee_directory() -> QuerySet[EmployeeProfile]:
    """Every profile with what a directory row shows (level, units, manager) joined in.

    One query per page whatever the page size: the admin listing and the API use it.
    """
    return EmployeeProfile.objects.with_directory()


# The profile field each lookup table fills, in the order the admin's filters show them.
DIRECTORY_LOOKUPS = {
    "level": Level,
    "region": Region,
    "subsidiary": Subsidiary,
    "department": Department,
    "project_team": ProjectTeam,
}


def directory_lookup_choices() -> dict[str, list[tuple[int, str]]]:
    """``(id, name)`` choices for each profile field in ``DIRECTORY_LOOKUPS``, in one query.

    The admin's directory filters offer them: asked table by table, they cost a query
    each on every listing. Levels come by rank (junior first), org units by name.
    """
    parts = [
        model.objects.order_by()
        .annotate(
            field=Value(field),
            order=F("rank") if model is Level else Value(0, output_field=IntegerField()),
        )
        .values_list("field", "order", "name", "pk")
        for field, model in DIRECTORY_LOOKUPS.items()
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("field", "order", "name")
    choices: dict[str, list[tuple[int, str]]] = {field: [] for field in DIRECTORY_LOOKUPS}
    for field, _order, name, pk in rows:
        choices[field].append((pk, name))
    return choices


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

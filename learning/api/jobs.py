"""Background job status: what a client polls after an endpoint answered 202 with a job.

Only the person who started a job (or a superuser) may see it; to anyone else it does
not exist (404), so job ids reveal nothing.
"""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from learning import jobs
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: str = Field(description="`pending`, `running`, `done` or `failed`.")
    status_label: str
    stage: str
    done: int
    total: int
    percent: int
    finished: bool
    result: dict = Field(description="What the job did, once done; its shape depends on kind.")
    error: str = Field(description="Why it failed, when it did.")
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


@router.get(
    "/{int:job_id}",
    response={200: JobOut, **ERROR_RESPONSES},
    summary="Where a background job stands (its starter or a superuser only)",
)
def job_detail(request, job_id: Id):
    job = jobs.jobs_for(user=request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404(_("No such job."))
    return jobs.job_status(job=job)

"""Background jobs: long work (adding thousands of members, PDF batches, fan-outs) that
runs in a Celery worker while the person who started it watches a progress bar.

``learning`` is layer 0 and never imports the apps that own the work. They register one
handler per kind through the Wagtail hook ``guild_job_handlers``: ``fn() -> {kind:
handler}``, where ``handler(job, progress) -> dict`` does the work with ``job.params``
(JSON: ids, not objects), calls ``progress(stage, done, total)`` as it goes and returns
a JSON result. It must be safe to run twice: a worker that dies mid-job runs it again.

Writes (``job_start``, ``job_run``) and reads (``jobs_for``, ``job_status``) of jobs live
here together, as the import's live in ``learning.services`` and ``learning.selectors``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from learning.models import Job

logger = logging.getLogger("guild.jobs")

Progress = Callable[[str, int, int], None]
Handler = Callable[[Job, Progress], dict[str, Any] | None]

PROGRESS_TIMEOUT = 24 * 3600


def job_handlers() -> dict[str, Handler]:
    """Every registered handler by kind, as the apps' ``guild_job_handlers`` hooks give them."""
    handlers: dict[str, Handler] = {}
    for fn in hooks.get_hooks("guild_job_handlers"):
        handlers.update(fn())
    return handlers


def job_progress_key(job: Job) -> str:
    # The uuid, not the id: a database that hands out an id again (SQLite after a flush)
    # cannot show an old job's progress.
    return f"guild:job:{job.uuid}:progress"


# --- Writes ------------------------------------------------------------------------------


def job_start(*, kind: str, params: dict, user, title: str = "", return_url: str = "") -> Job:
    """Record a job of ``kind`` for ``user`` and queue it for a worker once this
    transaction commits.

    ``params`` must be JSON (ids and strings). ``title`` says what the job does on its
    page; ``return_url`` is where that page sends people when the job is done. Raises
    ``ValidationError`` for a kind no app registered. Each call creates a new job: the
    caller decides whether starting the same work twice makes sense.
    """
    from learning.tasks import job_run_task

    if kind not in job_handlers():
        raise ValidationError({"kind": _("No background job of this kind exists.")})
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            params=params,
            created_by=user if user is not None and user.is_authenticated else None,
            title=title[:255],
            return_url=return_url[:500],
        )
        job_run_task.delay_on_commit(job.pk)
    return job


@dataclass(frozen=True)
class RunOrJob:
    """What ``job_run_or_start`` did: the work's result now, or the job that will do it."""

    job: Job | None = None
    result: Any = None


def job_run_or_start(
    *,
    size: int,
    run_now: Callable[[], Any],
    kind: str,
    params: dict,
    user,
    title: str = "",
    return_url: str = "",
) -> RunOrJob:
    """Do bulk work in the request when it is small, in a background job when it is not.

    ``size`` is how many people the work concerns; at or under ``GUILD_INLINE_BULK_MAX``
    ``run_now()`` runs at once and its result comes back, above it a job of ``kind`` is
    started (``job_start``) whose handler does the same work with a progress bar. The one
    place the admin, the API and code make that choice, so they make it alike.
    """
    if size <= settings.GUILD_INLINE_BULK_MAX:
        return RunOrJob(result=run_now())
    job = job_start(kind=kind, params=params, user=user, title=title, return_url=return_url)
    return RunOrJob(job=job)


def job_run(*, job_id: int) -> None:
    """Run one queued job with its kind's handler and record how it ended.

    Not atomic itself: the job must show "running" while the handler's own transaction
    runs, so progress goes to the shared cache and the result or error to the row at the
    end. A job that is done or failed is left alone, so a repeated delivery does nothing.
    A handler's ``ValidationError`` or ``PermissionDenied`` (or any crash) fails the job
    with its message; a briefly unavailable database is raised for the task to retry.
    """
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    key = job_progress_key(job)

    def progress(stage: str, done: int, total: int) -> None:
        cache.set(key, {"stage": stage, "done": done, "total": total}, timeout=PROGRESS_TIMEOUT)

    handler = job_handlers().get(job.kind)
    try:
        if handler is None:
            raise ValidationError(_("No background job of this kind exists."))
        result = handler(job, progress) or {}
    except OperationalError:
        raise
    except ValidationError as error:
        _job_fail(job, " ".join(error.messages))
    except PermissionDenied as error:
        _job_fail(job, str(error) or _("You may not do that."))
    except Exception:
        logger.exception("Background job %s (%s) crashed", job.pk, job.kind)
        _job_fail(job, _("The job stopped because of an unexpected error."))
    else:
        job.status = Job.Status.DONE
        job.result = result
        job.error = ""
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "result", "error", "finished_at"])
    cache.delete(key)


def _job_fail(job: Job, message: str) -> None:
    job.status = Job.Status.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


# --- Reads -------------------------------------------------------------------------------


def jobs_for(*, user) -> QuerySet[Job]:
    """The jobs ``user`` may look at: all for a superuser, otherwise the ones they started."""
    jobs = Job.objects.select_related("created_by")
    if user.is_superuser:
        return jobs
    if not user.is_authenticated:
        return jobs.none()
    return jobs.filter(created_by=user)


def job_status(*, job: Job) -> dict:
    """Where ``job`` stands, for its progress bar and the API: live counts from the cache
    while it runs, in the shape of the import's status where the two share a meaning.
    """
    stage, done, total = "", 0, 0
    if not job.finished:
        live = cache.get(job_progress_key(job)) or {}
        stage = live.get("stage", "")
        done, total = live.get("done", 0), live.get("total", 0)
    if job.finished:
        percent = 100
    elif total:
        percent = min(99, done * 100 // total)
    else:
        percent = 0
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "stage": stage,
        "done": done,
        "total": total,
        "percent": percent,
        "finished": job.finished,
        "result": job.result if job.status == Job.Status.DONE else {},
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }

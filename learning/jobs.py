"""Background jobs: long work (adding thousands of members, PDF batches, fan-outs) that
runs in a Celery worker while the person who started it watches a progress bar.

``learning`` is layer 0 and never imports the apps that own the work. They register one
handler per kind through the Wagtail hook ``guild_job_handlers``: ``fn() -> {kind:
handler}``, where ``handler(job, progress) -> dict`` does the work with ``job.params``
(JSON: ids, not objects), calls ``progress(stage, done, total)`` as it goes and returns
a JSON result. It must be safe to run twice: a worker that dies mid-job runs it again.
A handler may be a ``JobKind`` to name its stages and its own status words, and may
raise ``JobFailed`` to fail with a detailed result (e.g. every problem of a file).

Writes (``job_start``, ``job_run``) and reads (``jobs_for``, ``job_status``) of jobs live
here together. The employee import is one kind among others (``learning.services``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail import hooks

from learning.models import Job

logger = logging.getLogger("guild.jobs")

Progress = Callable[[str, int, int], None]
Handler = Callable[[Job, Progress], dict[str, Any] | None]

PROGRESS_TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class JobKind:
    """A handler with what its progress bar needs to know about it.

    ``stages`` are the stages its ``progress`` calls go through, in order: each takes
    an equal share of the bar (an import checks every row, then saves every row).
    ``status_labels`` replace the generic status words where the kind has its own
    ("Imported" rather than "Done").
    """

    run: Handler
    stages: tuple[str, ...] = ()
    status_labels: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, job: Job, progress: Progress) -> dict[str, Any] | None:
        return self.run(job, progress)


class JobFailed(Exception):
    """Raised by a handler: the job fails with ``message`` and keeps ``result``, a JSON
    account of why (shown by the kind's own page)."""

    def __init__(self, message: str, *, result: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.result = result or {}


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


def job_starter_language(job: Job):
    """A context in the language of the person who started ``job``: a result's message
    is read by them, not by the worker."""
    profile = getattr(job.created_by, "profile", None) if job.created_by_id else None
    return translation.override(getattr(profile, "preferred_language", "") or None)


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
    except JobFailed as failed:
        _job_fail(job, failed.message, result=failed.result)
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


def _job_fail(job: Job, message: str, *, result: dict | None = None) -> None:
    job.status = Job.Status.FAILED
    job.error = message
    job.result = result or {}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "result", "finished_at"])


# --- Reads -------------------------------------------------------------------------------


def jobs_for(*, user) -> QuerySet[Job]:
    """The jobs ``user`` may look at: all for a superuser, otherwise the ones they started."""
    jobs = Job.objects.select_related("created_by")
    if user.is_superuser:
        return jobs
    if not user.is_authenticated:
        return jobs.none()
    return jobs.filter(created_by=user)


def job_status_label(*, job: Job, kind: JobKind | Handler | None = None) -> str:
    """The word for where ``job`` stands, in its kind's own terms when it has them."""
    if kind is None:
        kind = job_handlers().get(job.kind)
    labels = getattr(kind, "status_labels", {})
    return str(labels.get(job.status) or job.get_status_display())


def job_status(*, job: Job) -> dict:
    """Where ``job`` stands, for its progress bar and the API: live counts from the cache
    while it runs (the job's own transaction hides them from the row), the share of the
    bar done counting each of its kind's stages equally.
    """
    kind = job_handlers().get(job.kind)
    stages = getattr(kind, "stages", ())
    stage, done, total = "", 0, 0
    if not job.finished:
        live = cache.get(job_progress_key(job)) or {}
        stage = live.get("stage", "")
        done, total = live.get("done", 0), live.get("total", 0)
    if job.finished:
        percent = 100
    elif total:
        share = done * 100 // total
        if stage in stages:
            share = (stages.index(stage) * 100 + share) // len(stages)
        percent = min(99, share)
    else:
        percent = 0
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "status_label": job_status_label(job=job, kind=kind),
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

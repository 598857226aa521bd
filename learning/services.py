"""Writes to the people directory: languages, the level ladder, import jobs, organizers.

The import itself (reading, checking and applying a file) lives in ``learning.importing``.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from learning import importing
from learning.importing import ALLOWED_SUFFIXES, EmployeeFileRejected, RowProblem
from learning.models import EmployeeProfile, HomePage, ImportJob, Level, User


@transaction.atomic
def profile_set_language(*, user, language: str) -> bool:
    """Save ``language`` as the user's preferred language.

    Returns False (and changes nothing) for a user without a profile or an unknown code.
    Safe to repeat.
    """
    if language not in dict(settings.LANGUAGES):
        return False
    return bool(EmployeeProfile.objects.filter(user=user).update(preferred_language=language))


# --- Levels -----------------------------------------------------------------------------

STANDARD_LADDER = (
    ("associate", gettext_lazy("Associate"), 10),
    ("senior", gettext_lazy("Senior"), 20),
    ("manager", gettext_lazy("Manager"), 30),
    ("director", gettext_lazy("Director"), 40),
    ("executive", gettext_lazy("Executive"), 50),
)


@transaction.atomic
def level_ladder_ensure() -> dict[str, Level]:
    """Create the standard five-rung ladder where it is missing; return levels by code.

    Imports refuse unknown levels, so a fresh installation needs a ladder before its
    first import. Existing levels (even renamed ones) are left alone: safe to repeat.
    """
    levels = {}
    with translation.override(settings.LANGUAGE_CODE):
        for code, name, rank in STANDARD_LADDER:
            levels[code] = Level.objects.get_or_create(
                code=code, defaults={"name": str(name), "rank": rank}
            )[0]
    return levels


@transaction.atomic
def employee_account_create(*, employee_id: str, email: str) -> User:
    """The account a new directory entry signs in with: username = employee id, lower case.

    The password is unusable until the person is given one (or signs in another way).
    Raises ``ValidationError`` when the username is taken. Not safe to repeat.
    """
    username = employee_id.strip().lower()
    if User.objects.filter(username=username).exists():
        raise ValidationError(
            {"employee_id": _("An account named %(name)s already exists.") % {"name": username}}
        )
    user = User(username=username, email=email)
    user.set_unusable_password()
    user.save()
    return user


# --- Employee imports -------------------------------------------------------------------

IMPORT_PERMISSIONS = ("learning.add_employeeprofile", "learning.change_employeeprofile")


def import_permitted(user) -> bool:
    """Whether ``user`` may import employees: both adding and changing profiles."""
    return bool(user.is_active and user.has_perms(IMPORT_PERMISSIONS))


def import_job_progress_key(job: ImportJob) -> str:
    # The stored file's random name makes the key unique to this upload: a database that
    # hands out an id again (SQLite after a flush) cannot show an old job's progress.
    return f"guild:import-job:{job.pk}:{Path(job.stored_path).name}:progress"


def import_job_create(*, user, upload: UploadedFile) -> ImportJob:
    """Store an uploaded employee file privately and queue its import.

    The file is checked for type and size (never trusted), written under
    ``GUILD_PRIVATE_ROOT`` with a random name (never under ``MEDIA_ROOT``: it must not
    be served) and imported by ``import_job_run_task`` once this transaction commits.
    Raises ``PermissionDenied`` for users who may not import and ``ValidationError``
    for a wrong type (by name or by content), an empty file, one over
    ``GUILD_IMPORT_MAX_BYTES`` or a workbook that would unpack too far.
    Each call creates a new job.
    """
    from learning.tasks import import_job_run_task

    if not import_permitted(user):
        raise PermissionDenied(_("You may not import employees."))
    # Shown back to HR, never used as a path: keep the base name, drop control characters
    # (PostgreSQL refuses NUL in text; others only confuse a page).
    original_name = "".join(
        char for char in Path((upload.name or "").replace("\\", "/")).name if char.isprintable()
    )
    suffix = Path(original_name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": _("Only .csv and .xlsx files can be imported.")})
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    limit = settings.GUILD_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(size)s.") % {"size": filesizeformat(limit)}}
        )
    folder = Path(settings.GUILD_PRIVATE_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{secrets.token_hex(16)}{suffix}"
    with stored.open("xb") as destination:
        os.chmod(stored, 0o600)
        for chunk in upload.chunks():
            destination.write(chunk)
    try:
        problem = importing.employee_file_problem(path=stored)
        if problem:
            raise ValidationError({"file": capfirst(problem) + "."})
        with transaction.atomic():
            job = ImportJob.objects.create(
                created_by=user, original_name=original_name[:255], stored_path=str(stored)
            )
            import_job_run_task.delay_on_commit(job.pk)
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    return job


def import_job_run(*, job_id: int) -> None:
    """Run one queued import: check and apply its file, record the outcome, delete the file.

    Not atomic itself: the job's status must be visible while the import's own
    transaction runs, so progress goes to the shared cache and the counts or problems
    to the job at the end. A job that is already done or rejected is left alone, so a
    repeated delivery does nothing; an unexpected error leaves the file in place for a
    retry.
    """
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status in {ImportJob.Status.DONE, ImportJob.Status.FAILED}:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    key = import_job_progress_key(job)

    def progress(stage: str, done: int, total: int) -> None:
        cache.set(key, {"stage": stage, "done": done, "total": total}, timeout=24 * 3600)

    path = Path(job.stored_path)
    try:
        if not path.is_file():
            raise EmployeeFileRejected(
                [RowProblem(0, "", _("the uploaded file is no longer available"))]
            )
        summary = importing.employees_import_file(path=path, progress=progress)
    except EmployeeFileRejected as rejected:
        job.status = ImportJob.Status.FAILED
        job.errors = [problem.as_dict() for problem in rejected.problems]
    else:
        job.status = ImportJob.Status.DONE
        job.total_rows = job.processed_rows = summary.total
        job.created_count = summary.created
        job.updated_count = summary.updated
        job.unchanged_count = summary.unchanged
        job.errors = []
    path.unlink(missing_ok=True)
    job.finished_at = timezone.now()
    job.save()
    cache.delete(key)


# --- Organizers -------------------------------------------------------------------------

ORGANIZER_GROUP = "Organizers"
ORGANIZER_APPS = ("learning", "notifications", "cohorts", "mentors", "knowledge_base")


@transaction.atomic
def organizer_group_ensure() -> Group:
    """Create or complete the "Organizers" group that HR and program organizers join.

    It may use the Wagtail admin, holds every permission of Guild's own apps, may add,
    change and publish pages under the home page and manage images and documents in the
    root collection. Permissions of models added since the last run are granted too;
    nothing is ever removed: safe to repeat.
    """
    group, _created = Group.objects.get_or_create(name=ORGANIZER_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            Q(content_type__app_label__in=ORGANIZER_APPS)
            | Q(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    )
    home = HomePage.objects.first() or Page.get_first_root_node()
    if home is not None:
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    root = Collection.get_first_root_node()
    if root is not None:
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for action in ("add", "change", "choose", "delete"):
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root,
                    permission=Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    ),
                )
    return group

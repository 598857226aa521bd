"""Writes to the people directory: languages, the level ladder, import jobs, organizers.

The import itself (reading, checking and applying a file) lives in ``learning.importing``.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import OperationalError, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from learning import importing, jobs
from learning.directory import invitation_permitted
from learning.importing import ALLOWED_SUFFIXES, EmployeeFileRejected, RowProblem
from learning.models import EmployeeProfile, HomePage, Job, Level, User


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


EMPLOYEE_IMPORT = "employee-import"


def import_job_create(
    *, user, upload: UploadedFile, encoding: str = "", invite: bool = False
) -> Job:
    """Store an uploaded employee file privately and start its import as a background job.

    The file is checked for type and size (never trusted), written under
    ``GUILD_PRIVATE_ROOT`` with a random name (never under ``MEDIA_ROOT``: it must not
    be served), checked as a whole by the reader's own file checks (content, zip bombs,
    encoding: ``encoding`` names it when it cannot be told from the file), and imported
    by a worker once this transaction commits (``employee_import_run``). With
    ``invite``, the people the import creates are invited to activate their accounts
    once it is done (``learning.accounts.invitations.employee_import_and_invite_run``):
    the uploader must be HR. Raises
    ``PermissionDenied`` for users who may not import and ``ValidationError`` on
    ``file`` for a file refused. Each call creates a new job.
    """
    if not import_permitted(user):
        raise PermissionDenied(_("You may not import employees."))
    if invite and not invitation_permitted(user):
        raise PermissionDenied(_("Only HR can invite people to Guild."))
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
        problem = importing.employee_file_problem(path=stored, encoding=encoding)
        if problem:
            raise ValidationError({"file": capfirst(problem) + "."})
        return jobs.job_start(
            kind=EMPLOYEE_IMPORT,
            params={
                "stored_path": str(stored),
                "original_name": original_name[:255],
                "encoding": encoding,
                "invite": bool(invite),
            },
            user=user,
            title=original_name,
        )
    except BaseException:
        stored.unlink(missing_ok=True)
        raise


def employee_import_run(job: Job, progress: jobs.Progress) -> dict:
    """The employee import's job handler: check and apply the stored file, then delete it.

    Returns the counts; a rejected file fails the job (``JobFailed``) with every problem
    in its result, and nothing is written. The file is deleted once the import has an
    outcome; a briefly unavailable database is raised with the file kept, for the task's
    retry. The job system runs a job once, so a repeated delivery does nothing. The
    result lists the profiles created (``created_ids``), whom HR may invite afterwards.
    """
    path = Path(job.params["stored_path"])
    try:
        if not path.is_file():
            raise EmployeeFileRejected(
                [RowProblem(0, "", _("the uploaded file is no longer available"))]
            )
        # The problems are written now and read by the person who uploaded the file.
        with jobs.job_starter_language(job):
            summary = importing.employees_import_file(
                path=path, progress=progress, encoding=job.params.get("encoding", "")
            )
    except OperationalError:
        raise
    except EmployeeFileRejected as rejected:
        path.unlink(missing_ok=True)
        with jobs.job_starter_language(job):
            message = ngettext(
                "The file was rejected because of %(count)d problem; nothing was imported.",
                "The file was rejected because of %(count)d problems; nothing was imported.",
                len(rejected.problems),
            ) % {"count": len(rejected.problems)}
        raise jobs.JobFailed(
            message, result={"problems": [problem.as_dict() for problem in rejected.problems]}
        ) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    path.unlink(missing_ok=True)
    with jobs.job_starter_language(job):
        message = _(
            "%(total)s rows imported: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        ) % {
            "total": summary.total,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
        }
    result = {
        "total": summary.total,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "created_ids": list(summary.created_ids),
        "message": message,
    }
    return result


EMPLOYEE_IMPORT_KIND = jobs.JobKind(
    run=employee_import_run,
    # Checking every row, then saving them: each half of the bar.
    stages=("checking", "saving"),
    status_labels={
        Job.Status.PENDING: gettext_lazy("Waiting"),
        Job.Status.RUNNING: gettext_lazy("Importing"),
        Job.Status.DONE: gettext_lazy("Imported"),
        Job.Status.FAILED: pgettext_lazy("employee file import", "Rejected"),
    },
)


# --- Organizers -------------------------------------------------------------------------

ORGANIZER_GROUP = "Organizers"
ORGANIZER_APPS = (
    "learning",
    "notifications",
    "cohorts",
    "guest_sessions",
    "recognition",
    "operations",
    "retrospectives",
    "mentors",
    "mentor_questions",
    "knowledge_base",
    "kb_sheets",
)


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

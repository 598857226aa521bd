"""Sheets: rendering into the per-revision cache, serving from it, and HR's booklets.

The cache key is (content type, object, revision, language): a sheet is looked up by
the revision its object shows *now* (``kind.revision_id``), so a sheet of an older
revision is never found, let alone served. Publishing a revision queues its render
(Wagtail's ``published`` signal, sent for snippets and pages → ``sheet_render_task`` on
commit). A download that finds no sheet renders it in the request, under a lock in the
shared cache so that two requests at once render it once
(``learning.printing.files.printed_get_or_render``): a sheet takes well under a second
(bench/README.md), less than a phone user waits for a "being prepared" page and a second
tap; a request that finds the lock taken waits for the other's file.
"""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Revision
from wagtail.signals import published

from knowledge_base.sheets import engine
from knowledge_base.sheets.models import Booklet, Sheet
from knowledge_base.sheets.registry import SheetKind, sheet_kind, sheet_kind_for
from learning import jobs
from learning.models import Job
from learning.printing.files import printed_delete, printed_get_or_render, printed_store

logger = logging.getLogger("guild.sheets")

BOOKLET_JOB = "sheets-booklet"
BOOKLET_MAX = 500


def _content_type(obj) -> ContentType:
    return ContentType.objects.get_for_model(type(obj))


def sheet_object(kind: SheetKind, pk) -> object | None:
    """The object behind a sheet, whoever asks (tasks and jobs; views use ``visible``)."""
    obj = kind.model._default_manager.filter(pk=pk).first()
    return getattr(obj, "specific", obj) if obj is not None else None


def sheet_for(*, kind: SheetKind, obj, language: str = "") -> Sheet | None:
    """The cached sheet of the revision ``obj`` shows now, or None. Side-effect free."""
    revision_id = kind.revision_id(obj)
    if revision_id is None:
        return None
    return Sheet.objects.filter(
        content_type=_content_type(obj),
        object_id=obj.pk,
        revision_id=revision_id,
        language=language or kind.language(obj),
    ).first()


def sheets_stale_delete(*, kind: SheetKind, obj) -> int:
    """Delete the files and rows of ``obj``'s sheets of revisions it no longer shows.
    Safe to repeat."""
    keep = {
        getattr(obj, "live_revision_id", None),
        getattr(obj, "latest_revision_id", None),
        kind.revision_id(obj),
    } - {None}
    return printed_delete(
        Sheet.objects.filter(content_type=_content_type(obj), object_id=obj.pk).exclude(
            revision_id__in=keep
        )
    )


def sheet_render(*, kind: SheetKind, obj, revision_id: int | None = None, language: str = ""):
    """Render ``obj``'s sheet at ``revision_id`` (default: the revision it shows now) in
    ``language`` (default: its own) into private storage, and drop its stale sheets.

    Returns the ``Sheet``, or None when that revision is no longer the one ``obj``
    shows (a late task after a newer publish: nothing stale is ever rendered). Safe to
    repeat and to run twice at once: the unique key keeps one row, the loser's file is
    deleted. Raises ``PrintFontsMissing`` when the fonts are not installed."""
    current = kind.revision_id(obj)
    revision_id = revision_id or current
    if revision_id is None or revision_id != current:
        return None
    language = language or kind.language(obj)
    content_type = _content_type(obj)
    key = {
        "content_type": content_type,
        "object_id": obj.pk,
        "revision_id": revision_id,
        "language": language,
    }
    existing = Sheet.objects.filter(**key).first()
    if existing is not None:
        return existing
    revision = Revision.objects.get(pk=revision_id)
    printed = engine.sheet_print(kind=kind, obj=obj, revision=revision, language=language)
    sheet, new = printed_store(Sheet, key=key, printed=printed, filename="sheet.pdf")
    if new:
        sheets_stale_delete(kind=kind, obj=obj)
    return sheet


def sheet_get_or_render(*, kind: SheetKind, obj, language: str = "") -> Sheet | None:
    """The sheet of the revision ``obj`` shows now: from the cache, or rendered here
    once (a lock in the shared cache; a second request waits for the first's file).

    None when ``obj`` has no revision to print. Raises ``PrintBusy`` if another render
    holds the lock past ``learning.printing.files.WAIT_SECONDS``."""
    revision_id = kind.revision_id(obj)
    if revision_id is None:
        return None
    language = language or kind.language(obj)
    return printed_get_or_render(
        lock=f"guild:sheet-render:{_content_type(obj).pk}:{obj.pk}:{revision_id}:{language}",
        find=lambda: sheet_for(kind=kind, obj=obj, language=language),
        render=lambda: sheet_render(kind=kind, obj=obj, language=language),
    )


def sheet_render_queue(*, obj, revision_id: int) -> bool:
    """Queue the render of ``obj``'s sheet at ``revision_id`` once the transaction that
    published it commits (a sheet of an uncommitted revision would be read by nobody).
    False when ``obj`` is no kind of sheet."""
    from knowledge_base.sheets.tasks import sheet_render_task

    kind = sheet_kind_for(obj)
    if kind is None:
        return False
    sheet_render_task.delay_on_commit(kind.key, obj.pk, revision_id)
    return True


def sheet_render_run(*, kind_key: str, object_id: int, revision_id: int) -> bool:
    """What the task does: render the published revision's sheet if it is still the one
    its object shows. Safe to repeat."""
    kind = sheet_kind(kind_key)
    obj = sheet_object(kind, object_id) if kind else None
    if obj is None:
        return False
    return sheet_render(kind=kind, obj=obj, revision_id=revision_id) is not None


def _on_published(sender, instance, revision=None, **kwargs):
    if revision is not None:
        sheet_render_queue(obj=instance, revision_id=revision.pk)


def sheet_signals_connect() -> None:
    """Render on publish (called from the app's ``ready``). Wagtail sends ``published``
    for snippets and pages alike (after ``page_published`` for a page), so one receiver
    queues one render."""
    published.connect(_on_published, dispatch_uid="kb_sheets_published", weak=False)


def sheet_filename(*, kind: SheetKind, obj, sheet: Sheet) -> str:
    """A safe download name: the kind, id, a slug of the title and the revision."""
    from django.utils.text import slugify

    slug = slugify(str(obj), allow_unicode=True)[:60].strip("-")
    return "-".join(p for p in (kind.key, str(obj.pk), slug, f"r{sheet.revision_id}") if p) + ".pdf"


# --- Booklets ---------------------------------------------------------------------------


def booklet_may_export(user) -> bool:
    """HR exports booklets: the permission to add one (the admin's groups) or superuser."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.has_perm("kb_sheets.add_booklet"))
    )


def booklet_objects_check(
    *, actor, kind_key: str, collection: str | None = None, object_ids=()
) -> tuple[SheetKind, list]:
    """What a booklet would hold, checked: the kind, then either a whole collection or
    the chosen objects (only ones HR may put in a booklet). Raises ``PermissionDenied``
    or ``ValidationError`` naming the field. Side-effect free."""
    if not booklet_may_export(actor):
        raise PermissionDenied(_("Only HR exports booklets."))
    kind = sheet_kind(kind_key or "")
    if kind is None:
        raise ValidationError({"kind": _("Choose one of the listed kinds of sheet.")})
    if object_ids:
        ids = [int(i) for i in object_ids if str(i).isdigit()]
        pool = kind.choices() if kind.choices else kind.model._default_manager.none()
        found = {obj.pk: obj for obj in pool.filter(pk__in=ids)}
        missing = [str(i) for i in object_ids if not str(i).isdigit() or int(i) not in found]
        if missing:
            raise ValidationError(
                {
                    "objects": _("These cannot go in a booklet: %(ids)s.")
                    % {"ids": ", ".join(missing)}
                }
            )
        objects = [found[i] for i in dict.fromkeys(ids)]
    else:
        values = [value for value, _label in kind.collections()]
        if collection is None or collection not in values or kind.collection is None:
            raise ValidationError({"collection": _("Choose one of the listed collections.")})
        objects = list(kind.collection(collection)[: BOOKLET_MAX + 1])
    if not objects:
        raise ValidationError({"collection": _("There is nothing to print in this collection.")})
    if len(objects) > BOOKLET_MAX:
        raise ValidationError(
            {"collection": _("A booklet holds at most %(count)s sheets.") % {"count": BOOKLET_MAX}}
        )
    return kind, objects


def booklet_start(
    *, actor, kind_key: str, title: str, collection: str | None = None, object_ids=()
) -> Booklet:
    """Record a booklet and start the background job that prints it (progress on the
    job's page; the job's "See the result" downloads it). Not idempotent: each call is a
    new booklet."""
    kind, objects = booklet_objects_check(
        actor=actor, kind_key=kind_key, collection=collection, object_ids=object_ids
    )
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("This field is required.")})
    if len(title) > 200:
        raise ValidationError({"title": _("Keep it under %(count)s characters.") % {"count": 200}})
    with transaction.atomic():
        booklet = Booklet.objects.create(
            title=title,
            kind=kind.key,
            object_ids=[obj.pk for obj in objects],
            created_by=actor,
        )
        job = jobs.job_start(
            kind=BOOKLET_JOB,
            params={"booklet": booklet.pk},
            user=actor,
            title=ngettext(
                "Booklet “%(title)s”: %(count)d sheet",
                "Booklet “%(title)s”: %(count)d sheets",
                len(objects),
            )
            % {"title": title, "count": len(objects)},
            return_url=reverse("kb_sheets_booklet_download", args=[booklet.pk]),
        )
        booklet.job = job
        booklet.save(update_fields=["job"])
    return booklet


def booklet_run(job: Job, progress) -> dict:
    """The job: lay out every sheet (the revision each object shows now), then a cover
    and a table of contents with each sheet's first page, bound into one PDF in private
    storage. Safe to run twice: a booklet already bound is left as it is."""
    booklet = Booklet.objects.filter(pk=job.params.get("booklet")).first()
    if booklet is None:
        raise ValidationError(_("The booklet no longer exists."))
    kind = sheet_kind(booklet.kind)
    if kind is None:
        raise ValidationError(_("This kind of sheet no longer exists."))
    if not booklet.file:
        by_pk = {
            obj.pk: getattr(obj, "specific", obj)
            for obj in kind.model._default_manager.filter(pk__in=booklet.object_ids)
        }
        objects = [by_pk[pk] for pk in booklet.object_ids if pk in by_pk]
        documents = []
        for done, obj in enumerate(objects, start=1):
            revision_id = kind.revision_id(obj)
            if revision_id is not None:
                revision = Revision.objects.get(pk=revision_id)
                document = engine.sheet_document(
                    kind=kind, obj=obj, revision=revision, language=kind.language(obj)
                )
                documents.append((obj, document))
            progress("sheets", done, len(objects))
        progress("binding", 0, 1)
        with jobs.job_starter_language(job):
            pdf, pages = engine.booklet_print(title=booklet.title, documents=documents, kind=kind)
        booklet.file.save("booklet.pdf", ContentFile(pdf), save=False)
        booklet.pages = pages
        booklet.save(update_fields=["file", "pages"])
        progress("binding", 1, 1)
    with jobs.job_starter_language(job):
        message = ngettext(
            "The booklet is ready: %(count)d page.",
            "The booklet is ready: %(count)d pages.",
            booklet.pages,
        ) % {"count": booklet.pages}
    return {"booklet": booklet.pk, "pages": booklet.pages, "message": message}


BOOKLET_JOB_KIND = jobs.JobKind(run=booklet_run, stages=("sheets", "binding"))

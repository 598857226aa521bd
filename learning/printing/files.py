"""Rendered PDFs as files: private storage, one render at a time, and the download.

An app caches its documents per (object, revision, language) in its own model; these
are the parts every such cache shares. A download that finds no file renders it in the
request, under a lock in the shared cache so that two requests at once render it once
(a document takes about a second, less than a person waits for a "being prepared" page
and a second tap); a request that finds the lock taken waits for the other's file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpResponse
from django.utils import timezone

from learning.printing.documents import Printed

LOCK_SECONDS = 120
WAIT_SECONDS = 30

T = TypeVar("T")


class PrintBusy(Exception):
    """Another request is still rendering this document after ``WAIT_SECONDS``."""


def print_storage():
    """Printed documents are private: any Django storage, never a public URL."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.GUILD_PRIVATE_ROOT, base_url=None)


def printed_get_or_render(
    *, lock: str, find: Callable[[], T | None], render: Callable[[], T | None]
) -> T | None:
    """``find()``'s file, or ``render()`` run once under the cache lock ``lock`` while
    other callers wait for its result (re-asking ``find``). Raises ``PrintBusy`` if the
    lock is still held after ``WAIT_SECONDS``. As safe to repeat as ``render`` is."""
    found = find()
    if found is not None:
        return found
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if cache.add(lock, timezone.now().isoformat(), LOCK_SECONDS):
            try:
                return render()
            finally:
                cache.delete(lock)
        time.sleep(0.2)
        found = find()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise PrintBusy


def printed_store(
    model: type[Model], *, key: dict, printed: Printed, filename: str
) -> tuple[Model, bool]:
    """Keep ``printed`` as a row of ``model`` (its ``file``, ``size``, ``pages`` and
    ``render_ms``) under the unique ``key``; returns (row, whether it is new). Two renders
    at once keep one row: the loser's file is deleted and the winner's row returned."""
    row = model(**key, size=len(printed.pdf), pages=printed.pages, render_ms=printed.milliseconds)
    row.file.save(filename, ContentFile(printed.pdf), save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        row.file.delete(save=False)
        return model._default_manager.get(**key), False
    return row, True


def printed_delete(rows: QuerySet) -> int:
    """Delete ``rows`` of printed files with their files. Safe to repeat."""
    count = 0
    for row in rows:
        row.file.delete(save=False)
        row.delete()
        count += 1
    return count


def pdf_response(file, filename: str) -> FileResponse:
    """A stored PDF as a download under ``filename`` (made safe by the caller), never
    cached by a shared proxy."""
    response = FileResponse(
        file.open("rb"), content_type="application/pdf", as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


def print_unavailable_response(message: str, *, retry: bool) -> HttpResponse:
    """503 with ``message`` (fonts missing, or another request still rendering; then
    ``Retry-After`` says when to ask again)."""
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    if retry:
        response["Retry-After"] = "5"
    return response

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
from django.http import FileResponse, HttpResponse
from django.utils import timezone

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

"""Checks on the files attached to a case: the bytes, not the name or the type the
browser claims (as ``cohorts.sessions.uploads`` does for the live room).

A PDF, a JPEG, PNG, WebP or GIF image, or an Office document (.docx, .xlsx, .pptx: a zip
whose first entry Office writes, ``[Content_Types].xml``), at most
``GUILD_CASE_ATTACHMENT_MAX_BYTES`` each and ``ATTACHMENTS_MAX`` to a case.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ATTACHMENTS_MAX = 5
NAME_MAX = 200
OFFICE = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    content_type: str
    extension: str
    size: int


def _kind(head: bytes, name: str) -> tuple[str, str] | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif", "gif"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if head.startswith(b"PK\x03\x04") and extension in OFFICE and b"[Content_Types]" in head:
        return OFFICE[extension], extension
    return None


def attachments_check(uploads, *, already: int = 0) -> list[CheckedFile]:
    """Check every upload before anything is saved (``already``: how many files the case
    keeps); ``ValidationError`` on ``attachments`` naming the file and the problem."""
    uploads = [upload for upload in uploads or [] if upload]
    if already + len(uploads) > ATTACHMENTS_MAX:
        raise ValidationError(
            {"attachments": _("Attach at most %(count)s files.") % {"count": ATTACHMENTS_MAX}}
        )
    limit = settings.GUILD_CASE_ATTACHMENT_MAX_BYTES
    checked, errors = [], []
    for upload in uploads:
        name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:NAME_MAX]
        if upload.size > limit:
            errors.append(
                _("%(name)s is larger than %(limit)s.")
                % {"name": name, "limit": filesizeformat(limit)}
            )
            continue
        upload.seek(0)
        head = upload.read(64)
        upload.seek(0)
        kind = _kind(head, name)
        if kind is None:
            errors.append(
                _("%(name)s is not a PDF, an image (JPEG, PNG, WebP, GIF) or an Office file.")
                % {"name": name}
            )
            continue
        checked.append(CheckedFile(upload, name, kind[0], kind[1], upload.size))
    if errors:
        raise ValidationError({"attachments": errors})
    return checked


def attachment_response(attachment) -> FileResponse:
    """A case's file as a download (never shown inline), for the page and the API."""
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response

"""Checks on what people upload to the live room: the bytes, not the name or the type
the browser claims.

Images are opened with Pillow (which reads the header and refuses what it cannot parse)
and must be a JPEG, PNG, WebP or GIF of sane dimensions; voice clips are recognised by
their container's signature (Ogg, WebM, MP4/M4A, MP3, WAV). Both have size limits
(``GUILD_ROOM_IMAGE_MAX_BYTES``, ``GUILD_ROOM_AUDIO_MAX_BYTES``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
IMAGE_MAX_PIXELS = 40_000_000


def _size_check(upload, limit: int, field: str) -> None:
    if upload.size > limit:
        raise ValidationError(
            {field: _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}}
        )


def image_check(upload) -> str:
    """The image's file extension by its real format; ``ValidationError`` on ``image``."""
    from PIL import Image, UnidentifiedImageError

    _size_check(upload, settings.GUILD_ROOM_IMAGE_MAX_BYTES, "image")
    try:
        upload.seek(0)
        with Image.open(upload) as picture:
            picture_format = picture.format
            width, height = picture.size
            picture.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError({"image": _("This file is not an image we can show.")}) from exc
    finally:
        upload.seek(0)
    if picture_format not in IMAGE_FORMATS:
        raise ValidationError({"image": _("Send a JPEG, PNG, WebP or GIF image.")})
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError({"image": _("The image is too large in pixels.")})
    return IMAGE_FORMATS[picture_format]


def _audio_kind(head: bytes) -> tuple[str, str] | None:
    if head.startswith(b"OggS"):
        return "audio/ogg", "ogg"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm", "webm"
    if head[4:8] == b"ftyp":
        return "audio/mp4", "m4a"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg", "mp3"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav", "wav"
    return None


def audio_check(upload) -> tuple[str, str]:
    """The voice clip's content type and extension by its signature; ``ValidationError``
    on ``audio``."""
    _size_check(upload, settings.GUILD_ROOM_AUDIO_MAX_BYTES, "audio")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = _audio_kind(head)
    if kind is None:
        raise ValidationError({"audio": _("Send a voice clip as Ogg, WebM, M4A, MP3 or WAV.")})
    return kind


def room_media_response(post, kind: str) -> FileResponse:
    """A room post's image or voice clip as a private download: its own type, never
    sniffed into something else, kept only by the reader's browser. 404 for a post
    without that kind of file."""
    field = getattr(post, kind, None) if kind in ("image", "audio") else None
    if not field:
        raise Http404
    content_type = post.audio_type if kind == "audio" else None
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response

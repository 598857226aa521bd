"""Rendered sheets, cached per revision, and HR's booklets.

A ``Sheet`` is the PDF of one object at one revision in one language: the key says
exactly which content it shows, so a newer revision never finds an older file
(``services.sheet_for``). Files live in private storage, outside ``MEDIA_ROOT``, and are
served only through the views' permission checks, as a case's attachments are.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learning.printing.files import print_storage


def sheet_storage():
    """Sheets and booklets are private: any Django storage, never a public URL."""
    return print_storage()


def _sheet_path(instance, filename: str) -> str:
    return (
        f"sheets/{instance.content_type_id}/{instance.object_id}/"
        f"{instance.revision_id}-{instance.language}-{uuid.uuid4().hex[:8]}.pdf"
    )


def _booklet_path(instance, filename: str) -> str:
    return f"sheets/booklets/{uuid.uuid4().hex}.pdf"


class Sheet(models.Model):
    """The PDF of one object's revision in one language."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    revision_id = models.PositiveBigIntegerField(_("revision"))
    language = models.CharField(_("language"), max_length=10)
    file = models.FileField(_("file"), upload_to=_sheet_path, storage=sheet_storage, max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveSmallIntegerField(pgettext_lazy("a PDF's", "pages"))
    rendered_at = models.DateTimeField(_("rendered at"), auto_now_add=True)
    render_ms = models.PositiveIntegerField(_("render time (ms)"), default=0)

    class Meta:
        verbose_name = _("sheet")
        verbose_name_plural = _("sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "revision_id", "language"],
                name="sheet_once_per_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}@{self.revision_id}/{self.language}"


class Booklet(models.Model):
    """A collection of sheets HR exported as one PDF, with a cover and contents."""

    title = models.CharField(pgettext_lazy("a booklet's", "title"), max_length=200)
    kind = models.CharField(_("kind of sheet"), max_length=40)
    object_ids = models.JSONField(_("objects"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    job = models.ForeignKey(
        "learning.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("job"),
    )
    file = models.FileField(
        _("file"), upload_to=_booklet_path, storage=sheet_storage, blank=True, max_length=200
    )
    pages = models.PositiveIntegerField(pgettext_lazy("a PDF's", "pages"), default=0)
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("booklet")
        verbose_name_plural = _("booklets")

    def __str__(self) -> str:
        return self.title

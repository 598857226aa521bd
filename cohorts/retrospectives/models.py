"""A cohort's retrospective, its entries, and its printed PDFs.

``revision`` counts the edits: a PDF is kept per (retrospective, revision, language,
day the numbers were read), so an edit never finds an older file (``services.printing``).
Written only through the services.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohorts.models import Cohort
from learning.printing.files import print_storage


class Retrospective(models.Model):
    """What a cohort's team learned at its end: entries and a closing summary."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("a retrospective's status", "Draft")
        PUBLISHED = "published", pgettext_lazy("a retrospective's status", "Published")

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="retrospective", verbose_name=_("cohort")
    )
    language = models.CharField(
        _("written in"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the team writes it in."),
    )
    summary = models.TextField(_("closing summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    waiting_notified_at = models.DateTimeField(
        _("team told it waits"), null=True, blank=True, editable=False
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-cohort__end_date", "pk"]
        verbose_name = _("retrospective")
        verbose_name_plural = _("retrospectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="retrospective_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(published_at__isnull=False) & ~Q(summary="")),
                name="retrospective_published_has_date_and_summary",
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="retrospective_revision"),
        ]

    def __str__(self) -> str:
        # The cohort's own name: the admin's "Retrospectives" area already says what it is.
        return self.cohort.name


class Entry(models.Model):
    """One thing that went well or one thing to change, perhaps with a member's words."""

    class Kind(models.TextChoices):
        WENT_WELL = "went_well", _("What went well")
        TO_CHANGE = "to_change", _("What to change")

    retrospective = models.ForeignKey(
        Retrospective,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("retrospective"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(pgettext_lazy("a retrospective entry's", "text"))
    quote = models.TextField(
        _("what members said"), blank=True, help_text=_("Feedback quoted, if any.")
    )

    class Meta:
        ordering = ["retrospective", "kind", "position"]
        verbose_name = _("retrospective entry")
        verbose_name_plural = _("retrospective entries")
        constraints = [
            models.UniqueConstraint(
                fields=["retrospective", "kind", "position"], name="retrospective_entry_place"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["went_well", "to_change"]),
                name="retrospective_entry_kind_known",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="retrospective_entry_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


def _pdf_path(instance, filename: str) -> str:
    return (
        f"retrospectives/{instance.retrospective_id}/"
        f"{instance.revision}-{instance.language}-{uuid.uuid4().hex[:8]}.pdf"
    )


class RetrospectivePdf(models.Model):
    """The PDF of one revision in one language, with the dashboard's numbers of one day."""

    retrospective = models.ForeignKey(
        Retrospective,
        on_delete=models.CASCADE,
        related_name="pdfs",
        verbose_name=_("retrospective"),
    )
    revision = models.PositiveIntegerField(_("revision"))
    language = models.CharField(_("language"), max_length=10)
    as_of = models.DateField(_("numbers as of"))
    file = models.FileField(_("file"), upload_to=_pdf_path, storage=print_storage, max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    pages = models.PositiveSmallIntegerField(pgettext_lazy("a PDF's", "pages"))
    rendered_at = models.DateTimeField(_("rendered at"), auto_now_add=True)
    render_ms = models.PositiveIntegerField(_("render time (ms)"), default=0)

    class Meta:
        verbose_name = _("retrospective PDF")
        verbose_name_plural = _("retrospective PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["retrospective", "revision", "language", "as_of"],
                name="retrospective_pdf_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.retrospective_id}@{self.revision}/{self.language}/{self.as_of}"

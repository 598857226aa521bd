"""The knowledge base: cases from the field, their attachments, the standard sales
language (glossary terms and the code of conduct).

A ``Case`` is a Wagtail snippet with drafts, revisions, locking and a workflow: a member
submits it, a reviewer of the "Knowledge reviewers" group approves it in the admin, and
only then is it live for everyone else (``knowledge_base.services.cases``). Search reads
``search_document``, terms computed by ``knowledge_base.analysis`` so that Chinese,
Russian and Greek are found on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from knowledge_base.analysis import search_terms
from learning.models import Region


class CaseKind(models.TextChoices):
    """The seven kinds of field experience the seeds turn into sales tools."""

    CASE_ANALYSIS = "case_analysis", _("Case analysis")
    CASE_SHARING = "case_sharing", _("Case sharing")
    COMPETITOR_ANALYSIS = "competitor_analysis", _("Competitor analysis")
    PRODUCT_PRESENTATION = "product_presentation", _("Product presentation")
    SERVICE_PROCESS = "service_process", _("Service process")
    PROJECT_MANAGEMENT = "project_management", _("Project management")
    PRICING_NEGOTIATION = "pricing_negotiation", _("Pricing and negotiation")


class DealStage(models.TextChoices):
    PROSPECTING = "prospecting", _("Prospecting")
    QUALIFICATION = "qualification", _("Qualification")
    PROPOSAL = "proposal", _("Proposal")
    NEGOTIATION = "negotiation", _("Negotiation")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    AFTER_SALE = "after_sale", _("After the sale")


class CaseSource(models.TextChoices):
    FIELD = "field", _("From the field")
    SESSION_SUMMARY = "session_summary", _("A guest session's summary")
    ACCEPTED_ANSWER = "accepted_answer", _("An accepted answer to a question")


def _private_storage():
    """Attachments are private: served only through the case's permission check."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.GUILD_PRIVATE_ROOT, base_url=None)


def _attachment_path(instance, filename: str) -> str:
    # A random name: the uploader's file name never reaches the disk or a URL.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"knowledge/cases/{instance.case_id}/{uuid.uuid4().hex}.{suffix}"


class Case(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    """A structured record of something that happened with a customer, and what it
    teaches. Visible to its author and the reviewers until a reviewer approves it
    (``live``); then to every employee."""

    title = models.CharField(pgettext_lazy("a case's", "title"), max_length=200)
    kind = models.CharField(
        pgettext_lazy("a case's", "type"), max_length=30, choices=CaseKind.choices
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the case is written in."),
    )
    product = models.CharField(_("product"), max_length=120, blank=True)
    industry = models.CharField(_("industry"), max_length=120, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    customer_segment = models.CharField(_("customer segment"), max_length=120, blank=True)
    deal_stage = models.CharField(
        _("deal stage"), max_length=20, choices=DealStage.choices, blank=True
    )
    situation = models.TextField(_("situation"))
    actions = models.TextField(_("what was done"))
    outcome = models.TextField(_("outcome"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=CaseSource.choices, default=CaseSource.FIELD
    )
    source_summary = models.ForeignKey(
        "guest_sessions.Summary",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session summary"),
    )
    source_reference = models.CharField(
        _("source reference"),
        max_length=300,
        blank=True,
        help_text=_("Where it came from: a link to the question and its accepted answer."),
    )
    tags = ClusterTaggableManager(
        through="knowledge_base.TaggedCase", blank=True, verbose_name=_("tags")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    # As Wagtail's docs ask of snippets with revisions and workflows (bakerydemo's Person).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="case")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="case",
        for_concrete_model=False,
    )

    search_fields = [
        index.SearchField("search_document"),
        index.FilterField("live"),
        index.FilterField("kind"),
        index.FilterField("product"),
        index.FilterField("region"),
        index.FilterField("deal_stage"),
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["live", "kind", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def search_document(self) -> str:
        """The terms search finds this case by (``knowledge_base.analysis``)."""
        return search_terms(
            self.title,
            self.product,
            self.industry,
            self.customer_segment,
            self.situation,
            self.actions,
            self.outcome,
            self.lessons,
        )


class TaggedCase(TaggedItemBase):
    content_object = ParentalKey(
        Case, on_delete=models.CASCADE, related_name="tagged_items", verbose_name=_("case")
    )

    class Meta:
        verbose_name = _("case tag")
        verbose_name_plural = _("case tags")


class CaseAttachment(models.Model):
    """A file that goes with a case (a proposal, a photo of the whiteboard), kept
    private and checked for type and size (``knowledge_base.uploads``)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("case")
    )
    file = models.FileField(
        _("file"), upload_to=_attachment_path, storage=_private_storage, max_length=200
    )
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class GlossaryTerm(index.Indexed, models.Model):
    """One preferred term of the standard sales language in one language, with the words
    it replaces. The same ``concept`` ties a term's four languages together."""

    concept = models.SlugField(
        _("concept"),
        max_length=60,
        help_text=_("The same code for the term in every language, e.g. total-cost."),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    preferred = models.CharField(_("preferred term"), max_length=120)
    deprecated = models.TextField(
        _("words it replaces"),
        blank=True,
        help_text=_("One word or phrase a line; these are flagged with the preferred term."),
    )
    definition = models.TextField(_("definition"), blank=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    search_fields = [
        index.SearchField("search_document"),
        index.FilterField("language"),
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["concept", "language"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(fields=["concept", "language"], name="glossary_term_once"),
            models.CheckConstraint(condition=~Q(preferred=""), name="glossary_term_named"),
        ]

    def __str__(self) -> str:
        return self.preferred

    @property
    def deprecated_words(self) -> list[str]:
        return [line.strip() for line in self.deprecated.splitlines() if line.strip()]

    def search_document(self) -> str:
        return search_terms(self.preferred, self.deprecated, self.definition)


class CodeOfConduct(models.Model):
    """The rules of conduct the whole group shares with customers, in one language."""

    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, unique=True
    )
    title = models.CharField(pgettext_lazy("a page's", "title"), max_length=200)
    body = RichTextField(_("rules"))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("code of conduct")
        verbose_name_plural = _("codes of conduct")

    def __str__(self) -> str:
        return self.title

"""Sales tools: Wagtail pages under one tools index, built from StreamField blocks.

One page type, ``ToolPage``, with a ``kind`` rather than eight page types: every kind
shares the same facts (language, product, region, stage, owner, review-by date,
audience, the cases behind it), the same listing, search, API, permissions and print
sheet, so one table answers every list in one query; the kind only decides which
block the body must hold (``blocks.KIND_BLOCKS``, checked by ``clean``).

Pages use Wagtail's live state, revisions and the "Tool review" workflow
(``services.review``); who may read one is ``services.visibility.tools_visible_to``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cohorts.models import Cohort, SubGroup
from knowledge_base.analysis import search_terms
from knowledge_base.models import Case, DealStage
from knowledge_base.tools.blocks import KIND_BLOCKS, SHARED_BLOCKS, ToolBodyBlock
from knowledge_base.tools.panels import ToolGlossaryFlagsPanel
from learning.choosers import person_chooser_viewset
from learning.models import Region


class ToolKind(models.TextChoices):
    """The eight kinds of tool the seeds turn field experience into."""

    SALES_SCRIPT = "sales_script", _("Sales script")
    OBJECTION_HANDLING = "objection_handling", _("Objection handling")
    COMPETITOR_COMPARISON = "competitor_comparison", _("Competitor comparison")
    PRODUCT_PRESENTATION = "product_presentation", _("Product presentation outline")
    SERVICE_CHECKLIST = "service_checklist", _("Service process checklist")
    PROJECT_PLAN = "project_plan", _("Project plan template")
    PRICING_PLAYBOOK = "pricing_playbook", _("Pricing and negotiation playbook")
    FILLABLE_FORM = "fillable_form", _("Fillable form")


class ToolIndexPage(Page):
    """Where the sales tools live in the page tree (``/tools/``): lists the tools the
    visitor may read, with filters. The "Tool review" workflow is assigned here."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["learning.HomePage"]
    subpage_types = ["knowledge_tools.ToolPage"]
    max_count = 1
    template = "knowledge_tools/tool_index_page.html"

    class Meta:
        verbose_name = _("sales tools index")
        verbose_name_plural = _("sales tools indexes")


class ToolPage(Page):
    """One sales tool in one language."""

    kind = models.CharField(
        pgettext_lazy("a tool's", "kind"), max_length=30, choices=ToolKind.choices
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the tool is written in."),
    )
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    body = StreamField(ToolBodyBlock(), verbose_name=_("body"))
    product = models.CharField(_("product"), max_length=120, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    deal_stage = models.CharField(
        _("deal stage"), max_length=20, choices=DealStage.choices, blank=True
    )
    tags = ClusterTaggableManager(
        through="knowledge_tools.TaggedTool", blank=True, verbose_name=_("tags")
    )
    maintainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Keeps the tool right and is reminded when it is due for review."),
    )
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_("After this date the owner is reminded once to check the tool."),
    )
    # The review-by date the owner was last reminded of: the tool is "due" once the date
    # passes, and a new date makes it remindable again (``services.review``).
    review_reminded_for = models.DateField(_("reminded for"), null=True, blank=True, editable=False)
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for the cohort"),
        help_text=_("Leave empty for everyone in the company."),
    )
    subgroup = models.ForeignKey(
        SubGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for the sub-group"),
        help_text=_("Its members and the cohort's organizers and operations team."),
    )

    content_panels = [
        ToolGlossaryFlagsPanel(heading=_("Standard sales language")),
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("language"),
                FieldPanel("product"),
                FieldPanel("region"),
                FieldPanel("deal_stage"),
                FieldPanel("tags"),
            ],
            heading=_("About the tool"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("source_cases", heading=_("Built from these cases"), label=_("case")),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("maintainer", widget=person_chooser_viewset.widget_class),
                FieldPanel("review_by"),
            ],
            heading=_("Owner and review"),
        ),
        MultiFieldPanel(
            [FieldPanel("cohort"), FieldPanel("subgroup")], heading=_("Who may read it")
        ),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_document"),
        index.FilterField("live"),
        index.FilterField("kind"),
        index.FilterField("language"),
        index.FilterField("product"),
        index.FilterField("region"),
        index.FilterField("deal_stage"),
        index.FilterField("id"),
    ]

    parent_page_types = ["knowledge_tools.ToolIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge_tools/tool_page.html"

    class Meta:
        verbose_name = _("sales tool")
        verbose_name_plural = _("sales tools")
        indexes = [models.Index(fields=["kind", "language"])]

    def clean(self):
        super().clean()
        errors = {}
        kinds = {block.block_type for block in self.body}
        own = KIND_BLOCKS.get(self.kind)
        if own and own not in kinds:
            errors["body"] = _("A tool of this kind needs a “%(block)s” block.") % {
                "block": ToolBodyBlock.base_blocks[own].label
            }
        foreign = kinds - {own, *SHARED_BLOCKS}
        if own and foreign:
            errors["body"] = _("These blocks belong to other kinds of tool: %(blocks)s.") % {
                "blocks": ", ".join(
                    str(ToolBodyBlock.base_blocks[name].label) for name in sorted(foreign)
                )
            }
        if self.subgroup_id and self.cohort_id and self.subgroup.cohort_id != self.cohort_id:
            errors["subgroup"] = _("Choose a sub-group of the chosen cohort.")
        if errors:
            raise ValidationError(errors)
        if self.subgroup_id and not self.cohort_id:
            self.cohort_id = self.subgroup.cohort_id

    def get_context(self, request, *args, **kwargs):
        # What the template shows beside the blocks. On the site the view
        # (``views.tool_serve``, through ``before_serve_page``) fills it from the
        # selectors; the admin's preview of a draft reads the unsaved page itself.
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("cases", [link.case for link in self.source_cases.all()])
        context.setdefault("flags", [])
        context.setdefault("editor", False)
        return context

    def body_text(self) -> str:
        """Every word of the tool, in order: what search indexes and the glossary reads."""
        parts = [self.title, self.summary]
        for block in self.body:
            parts.extend(_block_words(block.value))
        return "\n".join(part for part in parts if part)

    def search_document(self) -> str:
        return search_terms(self.body_text(), self.product)


def _block_words(value) -> list[str]:
    """The text inside a block's value, whatever its shape (struct, list, rich text)."""
    if value is None:
        return []
    if hasattr(value, "source"):  # RichText
        from django.utils.html import strip_tags

        return [strip_tags(value.source)]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for item in value.values() for w in _block_words(item)]
    if isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        return [w for item in value for w in _block_words(item)]
    return []


class TaggedTool(TaggedItemBase):
    content_object = ParentalKey(
        ToolPage, on_delete=models.CASCADE, related_name="tagged_items", verbose_name=_("tool")
    )

    class Meta:
        verbose_name = _("tool tag")
        verbose_name_plural = _("tool tags")


class ToolCase(Orderable):
    """A case a tool was built from (chosen with the cases' snippet chooser)."""

    tool = ParentalKey(ToolPage, on_delete=models.CASCADE, related_name="source_cases")
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="tool_links", verbose_name=_("case")
    )

    panels = [FieldPanel("case")]

    class Meta(Orderable.Meta):
        verbose_name = _("case behind a tool")
        verbose_name_plural = _("cases behind tools")
        constraints = [models.UniqueConstraint(fields=["tool", "case"], name="tool_case_once")]


class ToolUse(models.Model):
    """One use of a tool: a view of its page, a download of its sheet, a "this helped"
    vote (``services.usage``). Counted, never shown one by one."""

    class Kind(models.TextChoices):
        VIEW = "view", _("View")
        DOWNLOAD = "download", _("Download")
        HELPED = "helped", _("This helped")

    tool = models.ForeignKey(ToolPage, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tool use")
        verbose_name_plural = _("tool uses")
        indexes = [models.Index(fields=["tool", "kind"]), models.Index(fields=["at"])]
        constraints = [
            # One "this helped" per person and tool; undoing deletes it.
            models.UniqueConstraint(
                fields=["tool", "user"],
                condition=models.Q(kind="helped"),
                name="tool_helped_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.tool_id}"

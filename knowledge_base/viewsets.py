"""The "Knowledge base" admin menu: cases as snippets with Wagtail's drafts, revisions,
locking and review workflow; the glossary, filtered by language; the code of conduct.

Cases are submitted by members (``case_submit``) and reviewed here: the edit screen shows
the workflow's Approve / Request changes and, above the fields, the words the glossary
deprecates with the preferred term (``glossary_flags``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from knowledge_base.models import Case, CodeOfConduct, GlossaryTerm
from knowledge_base.services.glossary import glossary_flags


class GlossaryFlagsPanel(Panel):
    """The deprecated words in the case's texts, each with the preferred term."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "knowledge_base/admin/glossary_flags_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            case = self.instance
            flags = []
            if case is not None and case.pk:
                text = "\n".join(
                    [case.title, case.situation, case.actions, case.outcome, case.lessons]
                )
                flags = glossary_flags(text, case.language)
            context["flags"] = flags
            return context


class CaseViewSet(SnippetViewSet):
    model = Case
    icon = "doc-full"
    menu_label = _("Cases")
    list_display = ["title", "kind", "language", "author", "live", "updated_at"]
    list_filter = ["kind", "language", "live", "deal_stage", "region"]
    search_fields = ["title", "product", "situation"]
    ordering = ["-created_at"]
    panels = [
        GlossaryFlagsPanel(heading=_("Standard sales language")),
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("language"),
                FieldPanel("product"),
                FieldPanel("industry"),
                FieldPanel("region"),
                FieldPanel("customer_segment"),
                FieldPanel("deal_stage"),
                FieldPanel("tags"),
            ],
            heading=_("About the deal"),
        ),
        FieldPanel("situation"),
        FieldPanel("actions"),
        FieldPanel("outcome"),
        FieldPanel("lessons"),
        MultiFieldPanel(
            [
                FieldPanel("source"),
                FieldPanel("source_summary"),
                FieldPanel("source_reference"),
            ],
            heading=_("Where it came from"),
        ),
    ]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "openquote"
    menu_label = _("Glossary")
    list_display = ["preferred", "concept", "language", "updated_at"]
    list_filter = ["language", "concept"]
    search_fields = ["preferred", "deprecated", "concept"]
    ordering = ["concept", "language"]
    panels = [
        FieldPanel("concept"),
        FieldPanel("language"),
        FieldPanel("preferred"),
        FieldPanel("deprecated"),
        FieldPanel("definition"),
    ]


class CodeOfConductViewSet(SnippetViewSet):
    model = CodeOfConduct
    icon = "list-ul"
    menu_label = _("Code of conduct")
    list_display = ["title", "language", "updated_at"]
    panels = [FieldPanel("language"), FieldPanel("title"), FieldPanel("body")]


class KnowledgeBaseGroup(SnippetViewSetGroup):
    menu_label = _("Knowledge base")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (CaseViewSet, GlossaryTermViewSet, CodeOfConductViewSet)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeToolsConfig(AppConfig):
    """Sales tools (layer 3, inside ``knowledge_base``): Wagtail pages built from
    StreamField blocks, each linked to the cases it was built from, reviewed through a
    page workflow, with an owner, a review-by date, an audience and usage counts.

    Its own app label, ``knowledge_tools``, so its models and migrations stay apart from
    the cases' (and from the PDF sheets' sub-app)."""

    name = "knowledge_base.tools"
    label = "knowledge_tools"
    verbose_name = _("Sales tools")

    def ready(self):
        from knowledge_base.tools import notification_kinds  # noqa: F401
        from knowledge_base.tools.sheet_kind import tool_sheet_kind_register

        tool_sheet_kind_register()

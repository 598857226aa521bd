"""The tool editor's side of the standard sales language: a panel above the fields
listing the deprecated words in the tool as saved, each with the preferred term."""

from __future__ import annotations

from wagtail.admin.panels import Panel

from knowledge_base.tools.flags import tool_glossary_flags


class ToolGlossaryFlagsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "knowledge_base/admin/glossary_flags_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            tool = self.instance
            context["flags"] = tool_glossary_flags(tool) if tool is not None and tool.pk else []
            return context

"""Sales tools as a kind of PDF sheet (``knowledge_base.sheets.registry``): the sheet
shows the tool's live revision (its latest for the editors before it is published),
draws the same blocks as the page (``knowledge_tools/_tool_body.html``), follows
``tools_visible_to`` exactly, and counts each download as a use."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from knowledge_base.sheets.registry import (
    published_sheet_kind,
    sheet_kind_register,
    sheet_region,
)
from knowledge_base.tools.models import ToolKind, ToolPage
from knowledge_base.tools.services import record_tool_use, tools_visible_to
from learning.models import User


def _context(tool: ToolPage) -> dict:
    owner = (
        User.objects.select_related("profile").filter(pk=tool.maintainer_id).first()
        if tool.maintainer_id
        else None
    )
    audience = ""
    if tool.subgroup_id:
        audience = str(tool.subgroup)
    elif tool.cohort_id:
        audience = str(tool.cohort)
    return {
        "region": sheet_region(tool),
        "owner_name": owner.get_full_name() if owner else "",
        "audience": audience,
    }


TOOL_SHEET = published_sheet_kind(
    key="tool",
    model=ToolPage,
    label=_("Sales tool"),
    template="kb_sheets/tool.html",
    live_url=lambda tool: tool.url or "",
    visible=lambda user, pk: tools_visible_to(user).filter(pk=pk).first(),
    published=lambda: ToolPage.objects.live(),
    kinds=ToolKind.choices,
    all_label=_("All published sales tools"),
    context=_context,
    downloaded=lambda tool, user: record_tool_use(tool, user, "download"),
)


def tool_sheet_kind_register() -> None:
    sheet_kind_register(TOOL_SHEET)

"""Sales tools as a kind of PDF sheet (``knowledge_base.sheets.registry``): the sheet
shows the tool's live revision (its latest for the editors before it is published),
draws the same blocks as the page (``knowledge_tools/_tool_body.html``), follows
``tools_visible_to`` exactly, and counts each download as a use."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from knowledge_base.sheets.registry import SheetKind, sheet_kind_register
from knowledge_base.tools.models import ToolKind, ToolPage
from knowledge_base.tools.services import record_tool_use, tools_visible_to
from learning.models import Region, User


def _revision_id(tool: ToolPage) -> int | None:
    return tool.live_revision_id if tool.live else tool.latest_revision_id


def _context(tool: ToolPage) -> dict:
    region = Region.objects.filter(pk=tool.region_id).first() if tool.region_id else None
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
        "region": region,
        "owner_name": owner.get_full_name() if owner else "",
        "audience": audience,
    }


def _collection(value: str):
    tools = ToolPage.objects.live()
    if value:
        tools = tools.filter(kind=value)
    return tools.order_by("kind", "title", "pk")


TOOL_SHEET = SheetKind(
    key="tool",
    model=ToolPage,
    label=_("Sales tool"),
    template="kb_sheets/tool.html",
    revision_id=_revision_id,
    live_url=lambda tool: tool.url or "",
    visible=lambda user, pk: tools_visible_to(user).filter(pk=pk).first(),
    language=lambda tool: tool.language,
    subtitle=lambda tool: str(tool.get_kind_display()),
    context=_context,
    collections=lambda: [("", _("All published sales tools")), *ToolKind.choices],
    collection=_collection,
    choices=lambda: ToolPage.objects.live().order_by("title", "pk"),
    downloaded=lambda tool, user: record_tool_use(tool, user, "download"),
)


def tool_sheet_kind_register() -> None:
    sheet_kind_register(TOOL_SHEET)

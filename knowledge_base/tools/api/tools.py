"""Sales tools: list with filters, one tool with its blocks as structured JSON, and the
"this helped" vote (POST to vote, DELETE to take it back). A tool the caller may not
read is 404, as if it did not exist."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query

from knowledge_base.tools import selectors
from knowledge_base.tools.api.routing import Paginator, page_of, router
from knowledge_base.tools.api.schemas import HelpedOut, ToolDetailOut, ToolFilters, ToolPageOut
from knowledge_base.tools.models import ToolPage, ToolUse
from knowledge_base.tools.services import record_tool_use, tool_helped_set, tool_review_due
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, person_of


def tool_out(tool: ToolPage) -> dict:
    return {
        "id": tool.pk,
        "title": tool.title,
        "kind": tool.kind,
        "language": tool.language,
        "summary": tool.summary,
        "product": tool.product,
        "region": str(tool.region) if tool.region_id else None,
        "deal_stage": tool.deal_stage,
        "tags": sorted(tag.name for tag in tool.tags.all()),
        "owner": person_of(tool.maintainer),
        "url": tool.url or "",
        "helped_count": getattr(tool, "helped_count", 0),
        "published_at": tool.last_published_at,
    }


def tool_detail_out(tool: ToolPage) -> dict:
    audience = "subgroup" if tool.subgroup_id else "cohort" if tool.cohort_id else "everyone"
    return {
        **tool_out(tool),
        "body": [
            {
                "type": child.block_type,
                "id": child.id or "",
                "value": child.block.get_api_representation(child.value),
            }
            for child in tool.body
        ],
        "cases": [
            {"id": link.case.pk, "title": link.case.title, "kind": link.case.kind}
            for link in tool.source_cases.all()
        ],
        "review_by": tool.review_by,
        "due_for_review": tool_review_due(tool),
        "helped_by_me": bool(getattr(tool, "helped_by_me", False)),
        "audience": audience,
    }


def _tool(request, tool_id: int) -> ToolPage:
    tool = selectors.tool_detail(user=request.user, tool_id=tool_id)
    if tool is None:
        raise Http404
    return tool


@router.get(
    "/tools",
    response={200: ToolPageOut, **ERROR_RESPONSES},
    summary="Published sales tools I may read, newest first",
    description="Filtered by kind, product, region, deal stage, language and tag; paged.",
)
def tool_list(request, filters: Query[ToolFilters], pagination: Query[Paginator.Input]):
    tools = selectors.tool_list(
        user=request.user,
        filters={
            "kind": filters.kind,
            "product": filters.product,
            "region": filters.region_id,
            "deal_stage": filters.deal_stage,
            "language": filters.language,
            "tag": filters.tag,
        },
    )
    page = page_of(request, tools, pagination)
    return {"items": [tool_out(tool) for tool in page["items"]], "count": page["count"]}


@router.get(
    "/tools/{tool_id}",
    response={200: ToolDetailOut, **ERROR_RESPONSES},
    summary="A sales tool, its blocks as structured JSON and the cases behind it",
    description="A draft is 404 to all but the tool editors and its owner; a tool limited "
    "to a cohort or sub-group is 404 to everyone outside it. Counts as a view.",
)
def tool_detail(request, tool_id: Id):
    tool = _tool(request, tool_id)
    if tool.live:
        record_tool_use(tool, request.user, ToolUse.Kind.VIEW)
    return tool_detail_out(tool)


def _helped(request, tool_id: int, helped: bool) -> dict:
    tool = _tool(request, tool_id)
    try:
        tool_helped_set(tool=tool, user=request.user, helped=helped)
    except PermissionDenied as error:
        raise Http404 from error
    tool = _tool(request, tool_id)
    return {"helped_by_me": bool(tool.helped_by_me), "helped_count": tool.helped_count}


@router.post(
    "/tools/{tool_id}/helped",
    response={200: HelpedOut, **ERROR_RESPONSES},
    summary="Say the tool helped me (once; repeating changes nothing)",
)
def tool_helped(request, tool_id: Id):
    return _helped(request, tool_id, True)


@router.delete(
    "/tools/{tool_id}/helped",
    response={200: HelpedOut, **ERROR_RESPONSES},
    summary="Take back my 'this helped'",
)
def tool_helped_undo(request, tool_id: Id):
    return _helped(request, tool_id, False)

"""The glossary and search."""

from __future__ import annotations

from ninja import Query

from knowledge_base import selectors
from knowledge_base.api.cases import case_out, term_out
from knowledge_base.api.routing import router
from knowledge_base.api.schemas import GlossaryFilters, GlossaryTermOut, SearchFilters, SearchOut
from knowledge_base.services.search import knowledge_search
from knowledge_base.tools.api.tools import tool_out
from learning.api import ERROR_RESPONSES


@router.get(
    "/glossary",
    response={200: list[GlossaryTermOut], **ERROR_RESPONSES},
    summary="The standard sales language: preferred terms and the words they replace",
)
def glossary_list(request, filters: Query[GlossaryFilters]):
    return [term_out(term) for term in selectors.glossary_list(language=filters.language or "")]


@router.get(
    "/search",
    response={200: SearchOut, **ERROR_RESPONSES},
    summary="Search approved cases, the glossary and sales tools",
    description=(
        "Finds Chinese words inside unspaced text, inflected Russian and Greek words and "
        "English word forms; every word of the query must match. At most 50 of each."
    ),
)
def search(request, filters: Query[SearchFilters]):
    found = knowledge_search(
        user=request.user,
        query=filters.q,
        filters={
            "kind": filters.kind,
            "product": filters.product,
            "region": filters.region_id,
            "deal_stage": filters.deal_stage,
            "tag": filters.tag,
        },
    )
    return {
        "cases": [case_out(case) for case in found.get("cases", [])],
        "glossary": [term_out(term) for term in found.get("glossary", [])],
        "tools": [tool_out(tool) for tool in found.get("tools", [])],
    }

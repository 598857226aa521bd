"""Sales tools as a source of the knowledge base's search (``guild_knowledge_search_sources``):
the same terms as cases (``knowledge_base.analysis``), over the tools the searcher may
read (``tools_visible_to``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from knowledge_base.services.search import SearchSource, backend_search
from knowledge_base.tools.models import ToolPage
from knowledge_base.tools.selectors import tool_list

FILTERS = frozenset({"product", "region", "deal_stage", "tag", "language", "tool_kind"})


def _tools(user, terms: str, filters: dict, limit: int) -> list[ToolPage]:
    listed = dict(filters)
    listed["kind"] = listed.pop("tool_kind", "")
    readable = list(tool_list(user=user, filters=listed).values_list("pk", flat=True))
    hits = backend_search(ToolPage.objects.filter(pk__in=readable), terms, limit)
    rows = tool_list(user=user).in_bulk([hit.pk for hit in hits])
    return [rows[hit.pk] for hit in hits if hit.pk in rows]


def tool_search_sources() -> list[SearchSource]:
    return [SearchSource("tools", _("Sales tools"), _tools, FILTERS)]

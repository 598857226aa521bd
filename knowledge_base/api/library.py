"""The resource library: published session summaries the caller may see."""

from __future__ import annotations

from ninja import Query

from knowledge_base import selectors
from knowledge_base.api.routing import Paginator, page_of, router
from knowledge_base.api.schemas import LibraryFilters, SummaryPageOut
from learning.api import ERROR_RESPONSES


def summary_out(summary) -> dict:
    session = summary.session
    return {
        "id": summary.pk,
        "session_id": session.pk,
        "session": str(session),
        "date": session.date,
        "program": session.cohort.program.title if session.cohort.program_id else "",
        "cohort": session.cohort.name,
        "cohort_slug": session.cohort.slug,
        "subgroup": session.subgroup.name if session.subgroup_id else None,
        "key_points": summary.key_points,
        "published_at": summary.published_at,
    }


@router.get(
    "/library",
    response={200: SummaryPageOut, **ERROR_RESPONSES},
    summary="Published session summaries, newest evening first",
    description="Of whole-cohort sessions, and of the sub-groups whose content I see.",
)
def library_list(request, filters: Query[LibraryFilters], pagination: Query[Paginator.Input]):
    summaries = selectors.library(
        user=request.user,
        program=filters.program_id,
        cohort=filters.cohort_id,
        since=filters.date_from,
        until=filters.date_to,
    )
    page = page_of(request, summaries, pagination)
    return {"items": [summary_out(s) for s in page["items"]], "count": page["count"]}

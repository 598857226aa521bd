"""The summary written after the evening: read by whoever sees the session once it is
published, drafted and published by organizers and the helper on summary duty."""

from __future__ import annotations

from django.http import Http404

from cohorts.sessions import services
from cohorts.sessions.api.lookups import session_visible
from cohorts.sessions.api.routing import router
from cohorts.sessions.api.schemas import SummaryIn, SummaryOut
from cohorts.sessions.models import Summary
from cohorts.sessions.services.summaries import summary_may_write
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, input_values, person_of


def summary_out(summary: Summary) -> dict:
    return {
        "status": summary.status,
        "key_points": summary.key_points,
        "questions_and_answers": summary.questions_and_answers,
        "actions": summary.actions,
        "body": summary.body,
        "author": person_of(summary.author),
        "published_at": summary.published_at,
        "updated_at": summary.updated_at,
    }


@router.get(
    "/cohorts/{slug}/sessions/{session_id}/summary",
    response={200: SummaryOut, **ERROR_RESPONSES},
    summary="The session's summary",
    description="A draft is shown only to those who may write it; to others it is 404.",
)
def summary_get(request, slug: str, session_id: Id):
    session = session_visible(request, slug, session_id)
    summary = Summary.objects.select_related("author__profile").filter(session=session).first()
    if summary is None or (
        summary.status != Summary.Status.PUBLISHED and not summary_may_write(request.user, session)
    ):
        raise Http404
    return summary_out(summary)


@router.put(
    "/cohorts/{slug}/sessions/{session_id}/summary",
    response={200: SummaryOut, **ERROR_RESPONSES},
    summary="Write or change the summary (organizers, the helper on summary duty)",
    description="Only the texts sent change. It stays a draft until published.",
)
def summary_save(request, slug: str, session_id: Id, payload: SummaryIn):
    session = session_visible(request, slug, session_id)
    texts = input_values(payload, only_set=True)
    return summary_out(services.summary_save(session=session, actor=request.user, **texts))


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/summary/publish",
    response={200: SummaryOut, **ERROR_RESPONSES},
    summary="Publish the summary to the feed, the library and who came",
)
def summary_publish(request, slug: str, session_id: Id):
    session = session_visible(request, slug, session_id)
    summary = Summary.objects.filter(session=session).first()
    if summary is None:
        raise Http404
    return summary_out(services.summary_publish(summary=summary, actor=request.user))

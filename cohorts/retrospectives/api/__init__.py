"""The retrospectives' API under /api/v1/: read, edit and publish a cohort's
retrospective, and download its PDF.

The views only translate HTTP: a cohort the caller may not see, or whose retrospective
they may not read (anyone outside its staff), is 404; the services check the rest.
"""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router, Schema

from cohorts.api.lookups import cohort_visible
from cohorts.models import Cohort
from cohorts.retrospectives import selectors, services
from cohorts.retrospectives.api.schemas import RetrospectiveIn, RetrospectiveOut
from cohorts.retrospectives.models import Retrospective
from cohorts.retrospectives.services import EntryInput
from cohorts.retrospectives.views import pdf_language, retrospective_pdf_response
from learning.api import ERROR_RESPONSES
from learning.api.schemas import person_of

router = Router(tags=["retrospectives"])

PDF = {
    "responses": {
        "200": {
            "description": "The retrospective (A4 PDF) of its current revision",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        "503": {"description": "Being prepared by another request, or fonts missing"},
    }
}


def _readable(request, slug: str) -> Cohort:
    cohort = cohort_visible(request, slug)
    if not services.may_read(request.user, cohort):
        raise Http404("No Retrospective matches the given query.")
    return cohort


def _retrospective(cohort: Cohort) -> Retrospective:
    found = selectors.retrospective_of(cohort)
    if found is None:
        raise Http404("No Retrospective matches the given query.")
    return found


def retrospective_out(retrospective: Retrospective) -> dict:
    entries = selectors.entries_by_kind(retrospective)
    cohort = retrospective.cohort
    return {
        "cohort": cohort.slug,
        "status": retrospective.status,
        "language": retrospective.language,
        "revision": retrospective.revision,
        "summary": retrospective.summary,
        "went_well": [{"text": e.text, "quote": e.quote} for e in entries["went_well"]],
        "to_change": [{"text": e.text, "quote": e.quote} for e in entries["to_change"]],
        "published_at": retrospective.published_at,
        "published_by": person_of(retrospective.published_by),
        "updated_at": retrospective.updated_at,
        "pdf": f"/api/v1/cohorts/{cohort.slug}/retrospective.pdf",
    }


@router.get(
    "/cohorts/{slug}/retrospective",
    response={200: RetrospectiveOut, **ERROR_RESPONSES},
    summary="The cohort's end-of-program retrospective (its organizers and operations team)",
)
def retrospective_get(request, slug: str):
    return retrospective_out(_retrospective(_readable(request, slug)))


@router.patch(
    "/cohorts/{slug}/retrospective",
    response={200: RetrospectiveOut, **ERROR_RESPONSES},
    summary="Write the retrospective (core team and organizers, while it is a draft)",
    description="Starts it if need be. Each change counts a new revision.",
)
def retrospective_edit(request, slug: str, payload: RetrospectiveIn):
    cohort = _readable(request, slug)

    def entries(items):
        return None if items is None else [EntryInput(text=i.text, quote=i.quote) for i in items]

    services.retrospective_write(
        cohort=cohort,
        actor=request.user,
        language=payload.language,
        summary=payload.summary,
        went_well=entries(payload.went_well),
        to_change=entries(payload.to_change),
    )
    return retrospective_out(_retrospective(cohort))


@router.post(
    "/cohorts/{slug}/retrospective/publish",
    response={200: RetrospectiveOut, **ERROR_RESPONSES},
    summary="Publish the retrospective (after the cohort's last day; text frozen, PDF printed)",
)
def retrospective_publish(request, slug: str):
    cohort = _readable(request, slug)
    services.retrospective_publish(retrospective=_retrospective(cohort), actor=request.user)
    return retrospective_out(_retrospective(cohort))


class PdfQuery(Schema):
    lang: str = ""


@router.get(
    "/cohorts/{slug}/retrospective.pdf",
    response={**ERROR_RESPONSES},
    summary="The retrospective as a PDF, in the caller's language or `?lang=`",
    openapi_extra=PDF,
)
def retrospective_pdf(request, slug: str, query: Query[PdfQuery]):
    cohort = _readable(request, slug)
    return retrospective_pdf_response(request.user, cohort, pdf_language(request))

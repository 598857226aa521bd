"""Cases: submit one into review, list the approved ones (or my own), read one."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from ninja import Query, Status

from knowledge_base import selectors
from knowledge_base.api.routing import Paginator, page_of, router
from knowledge_base.api.schemas import CaseDetailOut, CaseFilters, CaseIn, CasePageOut
from knowledge_base.models import Case, GlossaryTerm
from knowledge_base.services import (
    case_may_review,
    case_review_status,
    case_submit,
    glossary_flags,
)
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, input_values, person_of


def case_out(case: Case) -> dict:
    return {
        "id": case.pk,
        "title": case.title,
        "kind": case.kind,
        "language": case.language,
        "product": case.product,
        "industry": case.industry,
        "region": str(case.region) if case.region_id else None,
        "customer_segment": case.customer_segment,
        "deal_stage": case.deal_stage,
        "source": case.source,
        "status": "approved" if case.live else case_review_status(case),
        "tags": sorted(tag.name for tag in case.tags.all()),
        "author": person_of(case.author),
        "created_at": case.created_at,
    }


def term_out(term: GlossaryTerm) -> dict:
    return {
        "id": term.pk,
        "concept": term.concept,
        "language": term.language,
        "preferred": term.preferred,
        "deprecated": term.deprecated_words,
        "definition": term.definition,
    }


@router.get(
    "/cases",
    response={200: CasePageOut, **ERROR_RESPONSES},
    summary="Approved cases, newest first (or all of mine with mine=true)",
)
def case_list(request, filters: Query[CaseFilters], pagination: Query[Paginator.Input]):
    cases = selectors.case_list(user=request.user, kind=filters.kind or "", mine=filters.mine)
    page = page_of(request, cases, pagination)
    return {"items": [case_out(case) for case in page["items"]], "count": page["count"]}


@router.post(
    "/cases",
    response={201: CaseDetailOut, **ERROR_RESPONSES},
    summary="Share a case: it goes to the reviewers and is shared once approved",
    description="Attachments are added from the member page (multipart upload).",
)
def case_create(request, payload: CaseIn):
    data = input_values(payload)
    data["region"] = data.pop("region_id")
    data["deal_stage"] = data["deal_stage"] or ""
    case = case_submit(author=request.user, data=data)
    case = selectors.case_detail(user=request.user, case_id=case.pk)
    return Status(201, case_detail_out(request, case))


def case_detail_out(request, case: Case) -> dict:
    flags = []
    if case.author_id == request.user.pk or case_may_review(request.user):
        text = "\n".join([case.title, case.situation, case.actions, case.outcome, case.lessons])
        flags = [flag.__dict__ for flag in glossary_flags(text, case.language)]
    return {
        **case_out(case),
        "situation": case.situation,
        "actions": case.actions,
        "outcome": case.outcome,
        "lessons": case.lessons,
        "source_reference": case.source_reference,
        "attachments": [
            {
                "id": attachment.pk,
                "name": attachment.name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "url": reverse(
                    "knowledge_base:case_attachment",
                    kwargs={"case_id": case.pk, "attachment_id": attachment.pk},
                ),
            }
            for attachment in case.attachments.all()
        ],
        "glossary_flags": flags,
    }


@router.get(
    "/cases/{case_id}",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    summary="A case",
    description="A case waiting for review is 404 to everyone but its author and reviewers.",
)
def case_detail(request, case_id: Id):
    case = selectors.case_detail(user=request.user, case_id=case_id)
    if case is None:
        raise Http404
    return case_detail_out(request, case)

"""Cases: submit one into review, list the approved ones (or my own), read one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Query, Status, UploadedFile

from knowledge_base import selectors
from knowledge_base.api.routing import Paginator, page_of, router
from knowledge_base.api.schemas import CaseDetailOut, CaseFilters, CaseIn, CasePageOut
from knowledge_base.models import Case, GlossaryTerm
from knowledge_base.services import (
    case_attachments_change,
    case_may_review,
    case_resubmit,
    case_review_status,
    case_submit,
    glossary_flags,
)
from knowledge_base.uploads import attachment_response
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
    description="Files are added afterwards (``POST /cases/{id}/attachments``).",
)
def case_create(request, payload: CaseIn):
    case = case_submit(author=request.user, data=_case_data(payload))
    case = selectors.case_detail(user=request.user, case_id=case.pk)
    return Status(201, case_detail_out(request, case))


def _case_data(payload: CaseIn) -> dict:
    data = input_values(payload)
    data["region"] = data.pop("region_id")
    data["deal_stage"] = data["deal_stage"] or ""
    return data


def _case_or_404(request, case_id: int) -> Case:
    case = selectors.case_detail(user=request.user, case_id=case_id)
    if case is None:
        raise Http404
    return case


@router.put(
    "/cases/{case_id}",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    summary="Change my case that a reviewer sent back, and send it to review again",
    description=(
        "Only the author, and only while a reviewer's request for changes waits (status "
        "`needs_changes`); the whole case is sent, as when it was created. Its files are "
        "changed with the attachments operations."
    ),
)
def case_change(request, case_id: Id, payload: CaseIn):
    case = _case_or_404(request, case_id)
    case_resubmit(case=case, author=request.user, data=_case_data(payload))
    return case_detail_out(request, _case_or_404(request, case_id))


@router.post(
    "/cases/{case_id}/attachments",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    summary="Add files to my case (multipart form), until it is approved",
    description=(
        "PDF, images (JPEG, PNG, WebP, GIF) and Office files, recognised by their bytes; "
        "at most five files to a case, each under the size limit. All or nothing."
    ),
)
def case_attachments_add(request, case_id: Id, files: File[list[UploadedFile]] = None):
    # Optional in the schema, so that a case the caller may not see is a 404 whatever
    # the body; the service asks for at least one file.
    case = _case_or_404(request, case_id)
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    case_attachments_change(case=case, author=request.user, add=files)
    return case_detail_out(request, _case_or_404(request, case_id))


@router.delete(
    "/cases/{case_id}/attachments/{attachment_id}",
    response={200: CaseDetailOut, **ERROR_RESPONSES},
    summary="Remove a file from my case, until it is approved",
)
def case_attachment_remove(request, case_id: Id, attachment_id: Id):
    case = _case_or_404(request, case_id)
    if not case.attachments.filter(pk=attachment_id).exists():
        raise Http404
    case_attachments_change(case=case, author=request.user, remove=[attachment_id])
    return case_detail_out(request, _case_or_404(request, case_id))


@router.get(
    "/cases/{case_id}/attachments/{attachment_id}",
    response={200: None, **ERROR_RESPONSES},
    summary="Download a case's file",
    description="To those who may read the case; answered with the file's own type.",
)
def case_attachment_download(request, case_id: Id, attachment_id: Id):
    case = _case_or_404(request, case_id)
    attachment = next((a for a in case.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    return attachment_response(attachment)


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

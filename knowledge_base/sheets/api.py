"""Sheet downloads in the API: ``GET /api/v1/knowledge/cases/{case_id}/sheet.pdf`` and
``GET /api/v1/knowledge/tools/{tool_id}/sheet.pdf``.

The same rule as the object's own endpoint: what the caller may not read is 404. The
kinds are looked up by key in the registry, so this module imports no kind's app."""

from __future__ import annotations

from ninja import Router

from knowledge_base.sheets.views import sheet_response
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id

router = Router(tags=["knowledge base"])

PDF = {
    "responses": {
        "200": {
            "description": "The sheet (A4 PDF) of the revision shown now",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        "503": {"description": "Being prepared by another request, or fonts missing"},
    }
}


@router.get(
    "/cases/{case_id}/sheet.pdf",
    response={**ERROR_RESPONSES},
    summary="A case's printable sheet (PDF)",
    description=(
        "Rendered once per revision and language and served from storage (a new "
        "revision gets a new sheet). A case waiting for review is 404 to everyone but "
        "its author and the reviewers."
    ),
    openapi_extra=PDF,
)
def case_sheet_pdf(request, case_id: Id):
    return sheet_response(request.user, "case", case_id)


@router.get(
    "/tools/{tool_id}/sheet.pdf",
    response={**ERROR_RESPONSES},
    summary="A sales tool's printable sheet (PDF)",
    description=(
        "Rendered once per published revision and served from storage. A draft is 404 to "
        "all but the tool editors and its owner; a tool limited to a cohort or sub-group "
        "is 404 to everyone outside it, its sheet with it. Counts as a download."
    ),
    openapi_extra=PDF,
)
def tool_sheet_pdf(request, tool_id: Id):
    return sheet_response(request.user, "tool", tool_id)

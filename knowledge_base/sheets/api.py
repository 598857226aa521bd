"""The sheet download in the API: ``GET /api/v1/knowledge/cases/{case_id}/sheet.pdf``.

The same rule as the case's own endpoint: a case the caller may not read is 404. A kind
registered later (sales tools) adds its own operation here with its path."""

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

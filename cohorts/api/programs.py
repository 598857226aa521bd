"""Programs: the list and one program with its curriculum."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from cohorts import selectors
from cohorts.api.lookups import stream_out
from cohorts.api.routing import router
from cohorts.api.schemas import ProgramDetailOut, ProgramOut
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id


@router.get("/programs", response={200: list[ProgramOut], **ERROR_RESPONSES}, summary="Programs")
def programs_list(request):
    return list(selectors.programs_live())


@router.get(
    "/programs/{program_id}",
    response={200: ProgramDetailOut, **ERROR_RESPONSES},
    summary="One program, its curriculum and its cohorts",
)
def program_detail(request, program_id: Id):
    program = get_object_or_404(selectors.programs_live(), pk=program_id)
    return {
        "id": program.pk,
        "title": program.title,
        "slug": program.slug,
        "kind": program.kind,
        "group_wide": program.group_wide,
        "url": program.url,
        "description": program.description,
        "curriculum": stream_out(program.curriculum),
        "resources": stream_out(program.resources),
        "cohorts": list(selectors.program_cohorts_visible(program=program, user=request.user)),
    }

"""Sub-groups: listed, previewed and generated from the directory, made and changed by
hand, and their members.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Status

from cohorts import jobs as cohorts_jobs
from cohorts import permissions, selectors, services
from cohorts.api.lookups import (
    Lookup,
    cohort_organized,
    cohort_visible,
    member_out,
    subgroup_setup_out,
    subgroup_visible,
)
from cohorts.api.routing import TAGS, Paginator, page_of, router
from cohorts.api.schemas import (
    JobStartedOut,
    MemberPageOut,
    SubGroupGenerateIn,
    SubGroupIn,
    SubGroupOut,
    SubGroupPlanIn,
    SubGroupProposalOut,
    SubGroupSetupOut,
    SubGroupUpdateIn,
)
from learning import jobs
from learning.api import ERROR_RESPONSES
from learning.api.schemas import input_values
from learning.models import (
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
)


@router.get(
    "/cohorts/{slug}/subgroups",
    response={200: list[SubGroupOut], **ERROR_RESPONSES},
    summary="Sub-groups I can see",
)
def subgroups_list(request, slug: str):
    # Literal paths (preview, generate) are declared before "{subgroup_slug}" so that
    # they are matched first.
    cohort = cohort_visible(request, slug)
    if not permissions.is_member(request.user, cohort):
        raise PermissionDenied(_("Only members of this cohort can see its sub-groups."))
    return list(selectors.subgroups_visible(cohort=cohort, user=request.user))


@router.post(
    "/cohorts/{slug}/subgroups/preview",
    response={200: list[SubGroupProposalOut], **ERROR_RESPONSES},
    summary="What “one sub-group per …” would create (organizers; saves nothing)",
)
def subgroups_preview(request, slug: str, payload: SubGroupPlanIn):
    cohort = cohort_visible(request, slug)
    return services.subgroups_preview(
        cohort=cohort,
        dimension=payload.dimension,
        custom_key=payload.custom_key,
        actor=request.user,
    )


@router.post(
    "/cohorts/{slug}/subgroups/generate",
    response={201: list[SubGroupOut], 202: JobStartedOut, **ERROR_RESPONSES},
    summary="Create one sub-group per level, region, subsidiary… (organizers)",
    description=(
        "When more than `GUILD_INLINE_BULK_MAX` members (200 by default) would be placed "
        "in the new sub-groups, the work runs as a background job (202): poll "
        "`GET /api/v1/jobs/{id}` until it is finished."
    ),
)
def subgroups_generate(request, slug: str, payload: SubGroupGenerateIn):
    cohort = cohort_visible(request, slug)
    outcome = cohorts_jobs.subgroups_generate_run(
        cohort=cohort,
        dimension=payload.dimension,
        custom_key=payload.custom_key,
        actor=request.user,
        add_members=payload.add_members,
        opens_at=payload.opens_at,
    )
    if outcome.job is not None:
        return Status(202, {"job": jobs.job_status(job=outcome.job)})
    created = outcome.result
    return Status(
        201,
        list(
            selectors.subgroups_visible(cohort=cohort, user=request.user).filter(
                pk__in=[s.pk for s in created]
            )
        ),
    )


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}",
    response={200: SubGroupOut, **ERROR_RESPONSES},
    summary="One sub-group",
)
def subgroup_detail(request, slug: str, subgroup_slug: str):
    return subgroup_visible(request, cohort_visible(request, slug), subgroup_slug)


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/members",
    response={200: MemberPageOut, **ERROR_RESPONSES},
    summary="A sub-group's members (its members and the cohort's staff)",
)
def subgroup_members(request, slug: str, subgroup_slug: str, pagination: Query[Paginator.Input]):
    subgroup = subgroup_visible(request, cohort_visible(request, slug), subgroup_slug)
    page = page_of(
        request, selectors.subgroup_members(subgroup=subgroup, viewer=request.user), pagination
    )
    return {
        "items": [
            {**member_out(row.membership), "status": row.status, "wave": row.wave}
            for row in page["items"]
        ],
        "count": page["count"],
    }


def _subgroup_values(lookup: Lookup, data: dict) -> dict:
    for name, model in (
        ("level", Level),
        ("region", Region),
        ("subsidiary", Subsidiary),
        ("project_team", ProjectTeam),
    ):
        if name in data:
            data[name] = lookup.one(name, model, data[name])
    return data


@router.post(
    "/cohorts/{slug}/subgroups",
    response={201: SubGroupSetupOut, **ERROR_RESPONSES},
    summary="Create a sub-group by hand (organizers)",
    tags=TAGS,
)
def subgroup_create(request, slug: str, payload: SubGroupIn):
    cohort = cohort_organized(request, slug)
    lookup = Lookup()
    fields = _subgroup_values(lookup, input_values(payload))
    lookup.check()
    subgroup = services.subgroup_create(cohort=cohort, actor=request.user, **fields)
    return Status(201, subgroup_setup_out(request, subgroup))


@router.patch(
    "/cohorts/{slug}/subgroups/{subgroup_slug}",
    response={200: SubGroupSetupOut, **ERROR_RESPONSES},
    summary="Change a sub-group's fields (organizers)",
    tags=TAGS,
)
def subgroup_update(request, slug: str, subgroup_slug: str, payload: SubGroupUpdateIn):
    subgroup = subgroup_visible(request, cohort_organized(request, slug), subgroup_slug)
    lookup = Lookup()
    changes = _subgroup_values(lookup, input_values(payload, only_set=True))
    lookup.check()
    subgroup = services.subgroup_update(subgroup=subgroup, actor=request.user, changes=changes)
    return subgroup_setup_out(request, subgroup)

"""Posts in a cohort's feed and in a sub-group's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Status

from cohorts import permissions, selectors, services
from cohorts.api.lookups import cohort_visible, subgroup_visible
from cohorts.api.routing import Paginator, page_of, router
from cohorts.api.schemas import PostIn, PostOut, PostPageOut
from cohorts.models import (
    Membership,
    Post,
)
from learning.api import ERROR_RESPONSES


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/posts",
    response={200: PostPageOut, **ERROR_RESPONSES},
    summary="A sub-group's feed",
)
def subgroup_posts(request, slug: str, subgroup_slug: str, pagination: Query[Paginator.Input]):
    cohort = cohort_visible(request, slug)
    subgroup = subgroup_visible(request, cohort, subgroup_slug)
    return page_of(
        request,
        selectors.posts_visible(cohort=cohort, user=request.user, subgroup=subgroup),
        pagination,
    )


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/posts",
    response={201: PostOut, **ERROR_RESPONSES},
    summary="Post to a sub-group",
)
def subgroup_post_create(request, slug: str, subgroup_slug: str, payload: PostIn):
    cohort = cohort_visible(request, slug)
    subgroup = subgroup_visible(request, cohort, subgroup_slug)
    post = services.post_create(
        cohort=cohort, subgroup=subgroup, author=request.user, body=payload.body, kind=payload.kind
    )
    return Status(201, post)


@router.get(
    "/cohorts/{slug}/posts",
    response={200: PostPageOut, **ERROR_RESPONSES},
    summary="The cohort's feed",
)
def cohort_posts(request, slug: str, pagination: Query[Paginator.Input]):
    cohort = cohort_visible(request, slug)
    return page_of(request, selectors.posts_visible(cohort=cohort, user=request.user), pagination)


@router.post(
    "/cohorts/{slug}/posts",
    response={201: PostOut, **ERROR_RESPONSES},
    summary="Post to the cohort's feed",
)
def cohort_post_create(request, slug: str, payload: PostIn):
    cohort = cohort_visible(request, slug)
    if payload.kind == Post.Kind.INTRODUCTION:
        membership = permissions.membership_for(request.user, cohort)
        if membership is None or membership.status != Membership.Status.ACTIVE:
            raise PermissionDenied(_("Only members can introduce themselves."))
        return Status(201, services.introduction_post(membership=membership, body=payload.body))
    post = services.post_create(
        cohort=cohort, author=request.user, body=payload.body, kind=payload.kind
    )
    return Status(201, post)

"""Group rules: read and accepted by members, drafted and published by organizers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status

from cohorts import permissions, selectors, services
from cohorts.api.lookups import (
    Lookup,
    cohort_organized,
    cohort_visible,
    subgroup_visible,
)
from cohorts.api.routing import TAGS, router
from cohorts.api.schemas import AcceptIn, CharterDraftIn, CharterOut, CharterVersionOut
from cohorts.models import (
    CharterVersion,
)
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, person_of
from learning.models import (
    User,
)


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/rules",
    response={200: CharterOut, **ERROR_RESPONSES},
    summary="The sub-group's rules in force (to read before joining)",
)
def subgroup_rules(request, slug: str, subgroup_slug: str):
    subgroup = subgroup_visible(request, cohort_visible(request, slug), subgroup_slug)
    return _charter_out(request, selectors.charter_current(subgroup=subgroup))


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/rules/accept",
    response={200: CharterOut, **ERROR_RESPONSES},
    summary="Accept the sub-group's rules in force",
)
def subgroup_rules_accept(request, slug: str, subgroup_slug: str, payload: AcceptIn):
    subgroup = subgroup_visible(request, cohort_visible(request, slug), subgroup_slug)
    if not permissions.can_view_subgroup_content(request.user, subgroup):
        raise PermissionDenied(_("Join the sub-group first."))
    services.charter_accept(user=request.user, subgroup=subgroup, version_number=payload.version)
    return _charter_out(request, selectors.charter_current(subgroup=subgroup))


def _charter_out(request, version) -> dict:
    if version is None:
        raise Http404(_("There are no group rules yet."))
    return {
        "version": version.number,
        "body": version.body,
        "published_at": version.published_at,
        "owner": person_of(version.owner),
        "enforcers": [p for p in (person_of(u) for u in version.enforcers.all()) if p],
        "accepted": version.acceptances.filter(user=request.user).exists(),
    }


@router.get(
    "/cohorts/{slug}/rules",
    response={200: CharterOut, **ERROR_RESPONSES},
    summary="The group rules in force, who set them and who enforces them",
)
def cohort_rules(request, slug: str):
    return _charter_out(request, selectors.charter_current(cohort=cohort_visible(request, slug)))


@router.post(
    "/cohorts/{slug}/rules/accept",
    response={200: CharterOut, **ERROR_RESPONSES},
    summary="Accept the group rules in force",
)
def cohort_rules_accept(request, slug: str, payload: AcceptIn):
    cohort = cohort_visible(request, slug)
    services.charter_accept(user=request.user, cohort=cohort, version_number=payload.version)
    return _charter_out(request, selectors.charter_current(cohort=cohort))


def _version_out(version: CharterVersion) -> dict:
    version = CharterVersion.objects.select_related("owner__profile").get(pk=version.pk)
    enforcers = User.objects.filter(pk__in=version.enforcers.values("pk")).select_related("profile")
    return {
        "version": version.number,
        "body": version.body,
        "published_at": version.published_at,
        "created_at": version.created_at,
        "owner": person_of(version.owner),
        "enforcers": [p for p in (person_of(user) for user in enforcers) if p],
    }


def _charter_draft(request, payload: CharterDraftIn, **target) -> dict:
    lookup = Lookup()
    owner = lookup.person("owner", payload.owner) or request.user
    enforcers = lookup.people("enforcers", payload.enforcers)
    lookup.check()
    version = services.charter_draft(
        body=payload.body, owner=owner, actor=request.user, enforcers=enforcers, **target
    )
    return _version_out(version)


def _charter_publish(request, version: Id, **target) -> dict:
    lookup = {f"charter__{name}": value for name, value in target.items()}
    found = get_object_or_404(
        CharterVersion.objects.select_related("charter__cohort", "charter__subgroup__cohort"),
        number=version,
        **lookup,
    )
    return _version_out(services.charter_publish(version=found, actor=request.user))


@router.post(
    "/cohorts/{slug}/rules",
    response={201: CharterVersionOut, **ERROR_RESPONSES},
    summary="Write a new version of the group rules, not yet in force (organizers)",
    tags=TAGS,
)
def cohort_rules_draft(request, slug: str, payload: CharterDraftIn):
    cohort = cohort_organized(request, slug)
    return Status(201, _charter_draft(request, payload, cohort=cohort))


@router.post(
    "/cohorts/{slug}/rules/{version}/publish",
    response={200: CharterVersionOut, **ERROR_RESPONSES},
    summary="Put a version of the group rules in force; members must accept it (organizers)",
    tags=TAGS,
)
def cohort_rules_publish(request, slug: str, version: Id):
    cohort = cohort_organized(request, slug)
    return _charter_publish(request, version, cohort=cohort)


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/rules",
    response={201: CharterVersionOut, **ERROR_RESPONSES},
    summary="Write a new version of a sub-group's rules, not yet in force (organizers)",
    tags=TAGS,
)
def subgroup_rules_draft(request, slug: str, subgroup_slug: str, payload: CharterDraftIn):
    subgroup = subgroup_visible(request, cohort_organized(request, slug), subgroup_slug)
    return Status(201, _charter_draft(request, payload, subgroup=subgroup))


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/rules/{version}/publish",
    response={200: CharterVersionOut, **ERROR_RESPONSES},
    summary="Put a version of a sub-group's rules in force (organizers)",
    tags=TAGS,
)
def subgroup_rules_publish(request, slug: str, subgroup_slug: str, version: Id):
    subgroup = subgroup_visible(request, cohort_organized(request, slug), subgroup_slug)
    return _charter_publish(request, version, subgroup=subgroup)

"""Mentor profiles: one's own (read and change), and the list HR reads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query

from cohorts import permissions
from learning.api import ERROR_RESPONSES
from learning.api.schemas import input_values, person_of
from learning.models import Region
from mentors import services
from mentors.api.routing import ORGANIZER_TAGS, Paginator, page_of, router
from mentors.api.schemas import MentorProfileIn, MentorProfileOut, MentorProfilePageOut
from mentors.models import MentorProfile


def profile_out(profile: MentorProfile | None, user) -> dict:
    if profile is None:
        profile = MentorProfile(user=user, opted_in=False)
        exists, regions = False, []
    else:
        exists, regions = True, [region.code for region in profile.regions.all()]
    return {
        "exists": exists,
        "person": person_of(user),
        "opted_in": profile.opted_in,
        "capacity": profile.capacity,
        "products": profile.products,
        "skills": profile.skills,
        "regions": regions,
        "languages": profile.languages,
        "availability": profile.availability,
        "contact": profile.contact,
        "updated_at": profile.updated_at,
    }


@router.get(
    "/mentor-profile",
    response={200: MentorProfileOut, **ERROR_RESPONSES},
    summary="My mentor profile",
    description="`exists` is false until it is saved once.",
)
def my_mentor_profile(request):
    profile = MentorProfile.objects.prefetch_related("regions").filter(user=request.user).first()
    return profile_out(profile, request.user)


@router.put(
    "/mentor-profile",
    response={200: MentorProfileOut, **ERROR_RESPONSES},
    summary="Opt in, out, or change my mentor profile",
    description="Only the fields sent change; the first save creates the profile.",
)
def my_mentor_profile_save(request, payload: MentorProfileIn):
    changes = input_values(payload, only_set=True)
    if "regions" in changes:
        codes = changes["regions"] or []
        found = dict(Region.objects.filter(code__in=codes).values_list("code", "pk"))
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise ValidationError(
                {"regions": _("Unknown region: %(codes)s.") % {"codes": ", ".join(unknown)}}
            )
        changes["regions"] = [found[code] for code in codes]
    profile = services.mentor_profile_save(actor=request.user, user=request.user, changes=changes)
    return profile_out(
        MentorProfile.objects.prefetch_related("regions").get(pk=profile.pk), request.user
    )


@router.get(
    "/mentor-profiles",
    response={200: MentorProfilePageOut, **ERROR_RESPONSES},
    summary="Every mentor profile (HR)",
    tags=ORGANIZER_TAGS,
)
def mentor_profiles_list(request, pagination: Query[Paginator.Input], opted_in: bool | None = None):
    if not permissions.is_hr_organizer(request.user):
        raise PermissionDenied(_("Only HR can list mentor profiles."))
    profiles = (
        MentorProfile.objects.select_related("user__profile")
        .prefetch_related("regions")
        .order_by("user__profile__full_name", "id")
    )
    if opted_in is not None:
        profiles = profiles.filter(opted_in=opted_in)
    page = page_of(request, profiles, pagination)
    return {"items": [profile_out(p, p.user) for p in page["items"]], "count": page["count"]}

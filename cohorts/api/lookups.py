"""Finding what the caller may see or act on, and turning codes into rows.

Each lookup answers 404 for what the caller may not see, so hidden cohorts and
sub-groups stay unknown, and 403 only once the thing is known to them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cohorts import permissions, selectors
from cohorts.models import (
    Cohort,
    Membership,
    SubGroup,
)
from cohorts.pages_selectors import cohort_page
from learning.api.schemas import Id, person_of
from learning.models import (
    EmployeeProfile,
    User,
)


def cohort_visible(request, slug: str) -> Cohort:
    """The cohort if the caller may see it (404 otherwise), read with their standing in
    it so that the endpoint's permission checks ask nothing more."""
    cohort = cohort_page(user=request.user, slug=slug)
    if cohort is None:
        raise Http404("No Cohort matches the given query.")
    return cohort


def subgroup_visible(request, cohort: Cohort, slug: str) -> SubGroup:
    return selectors.subgroup_get(cohort=cohort, slug=slug, user=request.user)


def membership_visible(request, membership_id: Id) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("cohort", "user"), pk=membership_id
    )
    if membership.user_id != request.user.pk and not permissions.can_view_cohort_content(
        request.user, membership.cohort
    ):
        raise Membership.DoesNotExist
    return membership


def member_out(membership: Membership) -> dict:
    return {
        "id": membership.pk,
        "role": membership.role,
        "status": membership.status,
        "helper_duty": membership.helper_duty,
        "wave": membership.wave,
        "joined_at": membership.joined_at,
        "person": person_of(membership.user),
    }


def stream_out(value) -> list[dict]:
    return [
        {"type": child.block_type, "value": child.block.get_api_representation(child.value)}
        for child in value
    ]


class Lookup:
    """Turns the codes, usernames and employee ids a client sends into rows.

    Every unknown value is collected, so that one 400 names all of them by field; call
    ``check()`` before using the rows.
    """

    def __init__(self):
        self.errors: dict[str, str] = {}

    def many(self, field: str, model, codes) -> list:
        codes = list(dict.fromkeys(codes or ()))
        if not codes:
            return []
        found = {obj.code: obj for obj in model.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            self.errors[field] = _("Unknown %(kind)s code: %(codes)s.") % {
                "kind": model._meta.verbose_name,
                "codes": ", ".join(missing),
            }
        return [found[code] for code in codes if code in found]

    def one(self, field: str, model, code: str | None):
        if code is None:
            return None
        found = self.many(field, model, [code])
        return found[0] if found else None

    def people(self, field: str, keys) -> list[User]:
        """Users by username or employee id."""
        keys = list(dict.fromkeys(keys or ()))
        if not keys:
            return []
        users = User.objects.filter(
            Q(username__in=keys) | Q(profile__employee_id__in=keys)
        ).select_related("profile")
        found: dict[str, User] = {}
        for user in users:
            found[user.username] = user
            profile = getattr(user, "profile", None)
            if profile is not None:
                found[profile.employee_id] = user
        missing = [key for key in keys if key not in found]
        if missing:
            self.errors[field] = _("Nobody has the username or employee id: %(keys)s.") % {
                "keys": ", ".join(missing)
            }
        return list(dict.fromkeys(found[key] for key in keys if key in found))

    def person(self, field: str, key: str | None) -> User | None:
        if key is None:
            return None
        found = self.people(field, [key])
        return found[0] if found else None

    def employees(self, field: str, employee_ids) -> list[User]:
        """Current employees by employee id (people who left cannot be invited)."""
        employee_ids = list(dict.fromkeys(employee_ids))
        profiles = {
            p.employee_id: p
            for p in EmployeeProfile.objects.filter(employee_id__in=employee_ids).select_related(
                "user"
            )
        }
        missing = [key for key in employee_ids if key not in profiles]
        gone = [key for key in employee_ids if key in profiles and not profiles[key].is_active]
        messages = []
        if missing:
            messages.append(
                _("Nobody in the directory has the employee id: %(ids)s.")
                % {"ids": ", ".join(missing)}
            )
        if gone:
            messages.append(
                _("These people have left the company: %(ids)s.") % {"ids": ", ".join(gone)}
            )
        if messages:
            self.errors[field] = " ".join(messages)
        return [profiles[key].user for key in employee_ids if key in profiles]

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def cohort_organized(request, slug: str) -> Cohort:
    """The cohort, if the caller may see it (404) and organizes it (403)."""
    cohort = cohort_visible(request, slug)
    require(
        permissions.can_change_cohort(request.user, cohort),
        _("Only the cohort's organizers can do this."),
    )
    return cohort


def subgroup_setup_out(request, subgroup: SubGroup) -> SubGroup:
    # With its member count and dimension value, as the sub-group list shows it.
    return selectors.subgroups_visible(cohort=subgroup.cohort, user=request.user).get(
        pk=subgroup.pk
    )


def cohort_managed(request, slug: str) -> Cohort:
    cohort = cohort_visible(request, slug)
    require(
        permissions.can_manage_memberships(request.user, cohort),
        _("Only organizers and the core team can add people."),
    )
    return cohort

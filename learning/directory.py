"""Reads for the people directory, and the one rule for who sees a person's private details.

The directory is open to every employee for work facts (name, title, level, where they sit,
who they report to). A person's e-mail and hire date are private: HR sees them for
everyone, a person sees their own, and a manager sees them for everyone below them in the
reporting chain. ``private_details_visible`` is that rule; every screen and endpoint that
shows those fields asks it.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from learning.conditions import DirectoryConditions
from learning.models import EmployeeProfile, Level
from learning.statements import prepared

# Reporting chains are short; the limit only protects against a loop in bad data.
MAX_CHAIN_DEPTH = 32


@dataclass(frozen=True)
class DirectoryFilters:
    """What a directory search may narrow by. Codes are the slugs of the lookup tables."""

    level: str | None = None
    min_level: str | None = None
    max_level: str | None = None
    region: str | None = None
    subsidiary: str | None = None
    department: str | None = None
    project_team: str | None = None
    manager: str | None = None
    hired_after: datetime.date | None = None
    hired_before: datetime.date | None = None
    active: bool | None = True
    q: str | None = None


# The filters of a directory search that are directory conditions (the rest are search
# options: the manager, former employees, words).
DIRECTORY_CONDITIONS = (
    "level",
    "min_level",
    "max_level",
    "region",
    "subsidiary",
    "department",
    "project_team",
    "hired_after",
    "hired_before",
)
UNIT_FILTERS = ("region", "subsidiary", "department", "project_team")


def viewer_is_hr(user) -> bool:
    """HR may see everyone's private details: superusers, or staff allowed to view profiles."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and user.has_perm("learning.view_employeeprofile"))


def invitation_permitted(user) -> bool:
    """Whether ``user`` may invite people to activate their accounts: HR, i.e. superusers
    and staff who may change employee profiles (see ``learning.accounts.invitations``)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and user.has_perm("learning.change_employeeprofile"))


@prepared
def _profile_with_region(*, user: int) -> QuerySet[EmployeeProfile]:
    return EmployeeProfile.objects.select_related("region").filter(user_id=user)[:1]


def viewer_profile(user) -> EmployeeProfile | None:
    """The signed-in person's own directory entry, if they have one (cached on the user).

    Fetched with its region, which ``EmployeeProfile.zone`` reads, in one query (compiled
    once per process: every page asks).
    """
    if not user.is_authenticated:
        return None
    cache = user._state.fields_cache
    if "profile" not in cache:
        profile = _profile_with_region.first(user=user.pk)
        if profile is not None:
            profile.user = user
        cache["profile"] = profile
    return cache["profile"]


@prepared
def _profile_in_full(*, user: int) -> QuerySet[EmployeeProfile]:
    return EmployeeProfile.objects.with_directory().filter(user_id=user).order_by("pk")[:1]


def profile_of(*, user) -> EmployeeProfile | None:
    """``user``'s directory entry with everything a row shows (and an entry rule looks
    at), or None; one query (compiled once per process: my cohorts asks on every visit)."""
    if user is None or not user.is_authenticated:
        return None
    return _profile_in_full.first(user=user.pk)


def directory_access_check(user) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may browse the directory.

    Current employees (an active profile) and HR may; an account that is neither, such
    as a service account, a guest or someone who has left, may not.
    """
    if viewer_is_hr(user):
        return
    profile = viewer_profile(user)
    if profile is not None and profile.is_active:
        return
    raise PermissionDenied(_("The people directory is open to current employees only."))


def private_details_visible(*, viewer, profiles) -> set[int]:
    """The ids of those ``profiles`` whose e-mail and hire date ``viewer`` may see.

    HR: all of them. Otherwise the viewer's own profile and everyone whose reporting chain
    leads up to the viewer. The chains of all the profiles are climbed together, one query
    per level of the organisation, so the cost does not grow with the number of profiles.
    Reads only; safe to call any number of times.
    """
    profiles = list(profiles)
    if viewer_is_hr(viewer):
        return {profile.pk for profile in profiles}
    own = viewer_profile(viewer)
    if own is None:
        return set()
    visible = {profile.pk for profile in profiles if profile.pk == own.pk}
    if not EmployeeProfile.objects.filter(manager_id=own.pk).exists():
        return visible

    # profile id -> the manager reached so far while climbing its chain
    climbing = {p.pk: p.manager_id for p in profiles if p.pk != own.pk}
    for _level in range(MAX_CHAIN_DEPTH):
        for pk, manager_id in list(climbing.items()):
            if manager_id == own.pk:
                visible.add(pk)
            if manager_id is None or manager_id == own.pk:
                del climbing[pk]
        if not climbing:
            break
        next_up = dict(
            EmployeeProfile.objects.filter(pk__in=set(climbing.values())).values_list(
                "pk", "manager_id"
            )
        )
        climbing = {pk: next_up.get(manager_id) for pk, manager_id in climbing.items()}
    return visible


def profiles_reveal_private(*, viewer, profiles) -> None:
    """Mark each profile with ``show_private`` for ``viewer``; the API schemas read the mark.

    Without the mark a profile's private fields render as null, so forgetting to call this
    hides data rather than leaking it.
    """
    profiles = list(profiles)
    visible = private_details_visible(viewer=viewer, profiles=profiles)
    for profile in profiles:
        profile.show_private = profile.pk in visible


def conditions_private_check(*, viewer, conditions: DirectoryConditions) -> None:
    """Refuse a selection by hire date to anyone who may not see everyone's hire date.

    Narrowing a hiring window over and over would tell them anyone's exact hire date,
    which ``private_details_visible`` hides. Used where conditions pick people for an
    action (entry rules, adding by rule); the search narrows instead, see ``profile_list``.
    """
    if conditions.uses_private_fields and not viewer_is_hr(viewer):
        raise PermissionDenied(_("Hire dates are private: only HR can choose people by hire date."))


def _reports_below(profile_id: int) -> set[int]:
    """Everyone whose reporting chain leads up to ``profile_id``: one query per level."""
    found: set[int] = set()
    frontier = {profile_id}
    for _level in range(MAX_CHAIN_DEPTH):
        frontier = (
            set(
                EmployeeProfile.objects.filter(manager_id__in=frontier).values_list("pk", flat=True)
            )
            - found
        )
        if not frontier:
            break
        found |= frontier
    return found


def private_details_visible_q(viewer) -> Q:
    """``private_details_visible`` as a filter: the profiles whose private details
    ``viewer`` may see (everyone for HR; themselves and their reports otherwise)."""
    if viewer_is_hr(viewer):
        return Q()
    own = viewer_profile(viewer)
    if own is None:
        return Q(pk__in=[])
    return Q(pk__in=[own.pk, *_reports_below(own.pk)])


def profile_list(*, viewer, filters: DirectoryFilters) -> QuerySet[EmployeeProfile]:
    """The directory rows ``viewer`` asked for, ordered by name, with everything a row shows.

    Raises ``PermissionDenied`` if the viewer may not browse the directory and
    ``ValidationError`` naming the filter for an unknown code or an empty date range.
    Searching by e-mail is for HR only, so that a search cannot reveal whose address it is;
    likewise a hire-date filter only matches people whose hire date the viewer may see,
    so that narrowing it cannot reveal anyone else's. The queryset is lazy: slice it for
    a page.
    """
    directory_access_check(viewer)
    if filters.hired_after and filters.hired_before and filters.hired_after > filters.hired_before:
        raise ValidationError(
            {"hired_before": _("Must be on or after the date given for hired_after.")}
        )
    try:
        conditions = DirectoryConditions.from_values(
            {name: getattr(filters, name) for name in DIRECTORY_CONDITIONS}, by="code"
        )
    except ValidationError as error:
        # A level is checked against the ladder; a region, subsidiary, department or
        # team nobody has simply finds nobody, as any search for a missing word does.
        if set(error.message_dict) - set(UNIT_FILTERS):
            raise
        return EmployeeProfile.objects.none()
    queryset = EmployeeProfile.objects.with_directory().filter(conditions.q())
    if conditions.uses_private_fields:
        queryset = queryset.filter(private_details_visible_q(viewer))
    if filters.active is not None:
        queryset = queryset.filter(is_active=filters.active)
    if filters.manager:
        queryset = queryset.filter(manager__employee_id=filters.manager)
    text = (filters.q or "").strip()
    if text:
        match = (
            Q(full_name__icontains=text) | Q(employee_id__icontains=text) | Q(title__icontains=text)
        )
        if viewer_is_hr(viewer):
            match |= Q(email__icontains=text)
        queryset = queryset.filter(match)
    return queryset.order_by("full_name", "employee_id")


def profile_get(*, viewer, employee_id: str) -> EmployeeProfile:
    """One person by employee id, with their manager and count of active direct reports.

    Raises ``PermissionDenied`` if the viewer may not browse the directory and
    ``EmployeeProfile.DoesNotExist`` for an unknown id. The profile comes back marked for
    the viewer (see ``profiles_reveal_private``).
    """
    directory_access_check(viewer)
    profile = (
        EmployeeProfile.objects.with_directory()
        .annotate(direct_reports_count=Count("reports", filter=Q(reports__is_active=True)))
        .get(employee_id=employee_id)
    )
    profiles_reveal_private(viewer=viewer, profiles=[profile])
    return profile


def level_list() -> QuerySet[Level]:
    """The level ladder, most junior first."""
    return Level.objects.order_by("rank")


def org_unit_list(*, model) -> QuerySet:
    """All regions, subsidiaries, departments or project teams (``model``), by name."""
    return model.objects.order_by("name")

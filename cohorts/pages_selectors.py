"""Reads shaped for the member pages and the admin screens of cohorts.

They sit beside ``cohorts.selectors`` (which the API shares) and keep its promise: a fixed
number of queries whatever the cohort's size, permissions asked of
``cohorts.permissions``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, FilteredRelation, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cohorts import permissions, selectors
from cohorts.eligibility import RULE_LISTS, EntryCheck, entry_rule_check, profile_of
from cohorts.models import (
    OPERATIONS_TEAM_THRESHOLD,
    Cohort,
    Membership,
    SubGroup,
)
from learning.models import User
from learning.statements import prepared

ACTIVE = Membership.Status.ACTIVE


def cohort_pages(*, member_count: bool = False) -> QuerySet[Cohort]:
    """Cohorts as a member page reads one: with the group rules in force (see
    ``selectors.charter_in_force``) and, if asked, the active member count, in the same
    query."""
    cohorts = Cohort.objects.annotate(
        rules_charter=FilteredRelation("charter"),
        rules_in_force_id=F("charter__current_version"),
    ).select_related("rules_charter__current_version")
    if member_count:
        cohorts = cohorts.annotate(member_count=selectors.cohort_member_count())
    return cohorts


@prepared
def _cohort_page(hr: bool, member_count: bool, *, viewer: int, slug: str) -> QuerySet[Cohort]:
    cohorts = permissions.cohorts_visible_to(
        User(pk=viewer), cohort_pages(member_count=member_count).filter(slug=slug), hr=hr
    )
    return permissions.with_standing(cohorts, viewer_id=viewer)[:1]


def cohort_page(*, user, slug: str, member_count: bool = False) -> Cohort | None:
    """The cohort ``slug`` as its pages and endpoints read it, if ``user`` may see it
    listed (drafts stay unknown): with the group rules in force, the active member count
    if asked, and the viewer's standing in it, kept for the request so that the permission
    checks that follow ask nothing more (``permissions.standing_keep``). One query,
    compiled once per process (``learning.statements``)."""
    if user is None or not user.is_authenticated:
        return permissions.cohorts_visible_to(
            user, cohort_pages(member_count=member_count).filter(slug=slug)
        ).first()
    hr = permissions.is_hr_organizer(user)
    cohort = _cohort_page.first(hr, member_count, viewer=user.pk, slug=slug)
    return permissions.standing_keep(user, cohort)


def cohort_or_404(request, slug: str, *, member_count: bool = False) -> Cohort:
    """``cohort_page`` for the viewer of a member page, or 404."""
    cohort = cohort_page(user=request.user, slug=slug, member_count=member_count)
    if cohort is None:
        raise Http404(_("No such cohort."))
    return cohort


@prepared
def _cohorts_open(hr: bool, *, user: int) -> QuerySet[Cohort]:
    viewer = User(pk=user)
    return (
        permissions.cohorts_visible_to(viewer, hr=hr)
        .filter(status__in=[Cohort.Status.OPEN, Cohort.Status.RUNNING])
        .exclude(memberships__user=viewer)
        .select_related("entry_rule__min_level", "entry_rule__max_level")
        .prefetch_related(*(f"entry_rule__{name}" for name in RULE_LISTS))
        .annotate(member_count=selectors.cohort_member_count())
        .order_by("start_date", "name", "pk")
    )


def cohorts_open_to(*, user) -> list[tuple[Cohort, EntryCheck]]:
    """Open cohorts the user is not in yet, each with the entry rule's verdict for them.

    A fixed handful of queries: the rules and their lists are prefetched with the cohorts
    (the read compiled once per process, ``learning.statements``).
    """
    profile = profile_of(user=user)
    if profile is None:
        return []
    result = []
    for cohort in _cohorts_open(permissions.is_hr_organizer(user), user=user.pk):
        rule = getattr(cohort, "entry_rule", None)
        check = entry_rule_check(rule=rule, profile=profile) if rule is not None else EntryCheck()
        if rule is not None and rule.invitation_only and not check.ok:
            # Invitation-only cohorts are not advertised to people who were not invited.
            continue
        result.append((cohort, check))
    return result


def member_directory(
    *, cohort: Cohort, viewer, role: str = "", subgroup: SubGroup | None = None
) -> QuerySet[Membership]:
    """The members page: ``selectors.cohort_members`` narrowed by role and sub-group.

    Filtering by a sub-group shows its members only to those who may see its content.
    """
    members = selectors.cohort_members(cohort=cohort, viewer=viewer)
    if role:
        members = members.filter(role=role)
    if subgroup is not None:
        if not permissions.can_view_subgroup_content(viewer, subgroup):
            raise PermissionDenied(_("Only members of this sub-group can see who is in it."))
        members = members.filter(
            subgroup_memberships__subgroup=subgroup, subgroup_memberships__status=ACTIVE
        )
    return members


def cohorts_for_admin() -> QuerySet[Cohort]:
    """The admin's cohort list: program and active member count in one query."""
    return Cohort.objects.select_related("program").annotate(
        member_count=selectors.cohort_member_count()
    )


def subgroups_for_admin() -> QuerySet[SubGroup]:
    """The admin's sub-group list: cohort and active member count in one query."""
    return SubGroup.objects.select_related("cohort").annotate(
        member_count=selectors.subgroup_member_count()
    )


def cohorts_needing_attention() -> QuerySet[Cohort]:
    """Cohorts above the threshold with no operations team (one query), for the dashboard.

    Above ~200 members one organizer cannot keep a group alive on their own.
    """
    operations = Membership.objects.filter(
        cohort=OuterRef("pk"), status=ACTIVE, role__in=Membership.OPERATIONS_ROLES
    )
    return (
        cohorts_for_admin()
        .exclude(status=Cohort.Status.CLOSED)
        .filter(member_count__gt=OPERATIONS_TEAM_THRESHOLD)
        .filter(~Exists(operations))
        .order_by("-member_count", "name")
    )

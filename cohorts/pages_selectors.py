"""Reads shaped for the member pages and the admin screens of cohorts.

They sit beside ``cohorts.selectors`` (which the API shares) and keep its promise: a fixed
number of queries whatever the cohort's size, permissions asked of
``cohorts.permissions``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from cohorts import permissions, selectors
from cohorts.eligibility import EntryCheck, entry_rule_check
from cohorts.models import (
    OPERATIONS_TEAM_THRESHOLD,
    Cohort,
    EntryRule,
    Membership,
    SubGroup,
)
from learning.models import EmployeeProfile

ACTIVE = Membership.Status.ACTIVE
_RULE_LISTS = ("regions", "subsidiaries", "departments", "project_teams")


def _profile(user) -> EmployeeProfile | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        EmployeeProfile.objects.select_related(
            "level", "region", "subsidiary", "department", "project_team"
        )
        .filter(user=user)
        .first()
    )


def _rule_for(cohort: Cohort) -> EntryRule | None:
    return (
        EntryRule.objects.select_related("min_level", "max_level")
        .prefetch_related(*_RULE_LISTS)
        .filter(cohort=cohort)
        .first()
    )


@dataclass
class JoinCheck:
    """What the join page shows: the entry rule's verdict and the rules to accept."""

    cohort: Cohort
    membership: Membership | None
    entry: EntryCheck
    rule: EntryRule | None
    charter: object | None

    @property
    def open_for_joining(self) -> bool:
        return self.cohort.status in {Cohort.Status.OPEN, Cohort.Status.RUNNING}

    @property
    def invited(self) -> bool:
        return self.membership is not None and self.membership.status == Membership.Status.INVITED

    @property
    def already_in(self) -> bool:
        return self.membership is not None and self.membership.status in {
            Membership.Status.ACTIVE,
            Membership.Status.REQUESTED,
        }

    @property
    def needs_approval(self) -> bool:
        return bool(self.rule and self.rule.approval_required and not self.invited)

    @property
    def can_join(self) -> bool:
        removed = (
            self.membership is not None and self.membership.status == Membership.Status.REMOVED
        )
        return self.open_for_joining and self.entry.ok and not self.already_in and not removed


def join_check(*, cohort: Cohort, user) -> JoinCheck:
    """The entry rule checked against the user's profile, before they try to join.

    Pure read; ``services.membership_request`` checks the same rule again when they do.
    """
    membership = permissions.membership_for(user, cohort)
    rule = _rule_for(cohort)
    invited = membership is not None and membership.status == Membership.Status.INVITED
    entry = (
        entry_rule_check(rule=rule, profile=_profile(user), invited=invited)
        if rule is not None
        else EntryCheck()
    )
    return JoinCheck(
        cohort=cohort,
        membership=membership,
        entry=entry,
        rule=rule,
        charter=selectors.charter_current(cohort=cohort),
    )


def cohorts_open_to(*, user) -> list[tuple[Cohort, EntryCheck]]:
    """Open cohorts the user is not in yet, each with the entry rule's verdict for them.

    A fixed handful of queries: the rules and their lists are prefetched with the cohorts.
    """
    profile = _profile(user)
    if profile is None:
        return []
    cohorts = (
        permissions.cohorts_visible_to(user)
        .filter(status__in=[Cohort.Status.OPEN, Cohort.Status.RUNNING])
        .exclude(memberships__user=user)
        .select_related("entry_rule__min_level", "entry_rule__max_level")
        .prefetch_related(*(f"entry_rule__{name}" for name in _RULE_LISTS))
        .annotate(member_count=selectors.cohort_member_count())
        .order_by("start_date", "name")
    )
    result = []
    for cohort in cohorts:
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

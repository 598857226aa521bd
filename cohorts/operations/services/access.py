"""Who may enter the operations room and who leads it: the one place these rules are
written (pages, the API, selectors and services ask here)."""

from __future__ import annotations

from django.db.models import QuerySet

from cohorts import permissions
from cohorts.models import Cohort, Membership

Role = Membership.Role
# Who is on the team a plan item or a duty shift can name: the three tiers and the
# organizers.
TEAM_ROLES = Membership.STAFF_ROLES
# Who may be invited into planning: members who are not on the team already.
INVITABLE_ROLES = frozenset({Role.NEWCOMER, Role.MENTOR, Role.HELPER})


def may_enter_room(user, cohort: Cohort) -> bool:
    """The operations team's tiers (core, planning, helpers), the organizers and HR."""
    return permissions.is_cohort_staff(user, cohort)


def may_lead(user, cohort: Cohort) -> bool:
    """The core team, the organizers and HR: they pin, set the roster, assess and invite."""
    return permissions.can_manage_memberships(user, cohort)


def team_memberships(cohort: Cohort | int) -> QuerySet[Membership]:
    """The active operations team with the organizers, by tier and then name."""
    return (
        Membership.objects.filter(
            cohort_id=getattr(cohort, "pk", cohort),
            status=Membership.Status.ACTIVE,
            role__in=list(TEAM_ROLES),
        )
        .select_related("user")
        .order_by("role", "sort_name", "pk")
    )


def is_team_member(cohort: Cohort, user_id: int) -> bool:
    return team_memberships(cohort).filter(user_id=user_id).exists()


def leaders_of(cohort: Cohort) -> list[int]:
    """Who is told what waits on the core team: the core team, else the organizers."""
    active = Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE)
    for role in (Role.CORE, Role.ORGANIZER):
        ids = list(active.filter(role=role).values_list("user_id", flat=True))
        if ids:
            return ids
    return list(permissions.hr_organizers().values_list("pk", flat=True))


def room_url(cohort: Cohort) -> str:
    return f"/cohorts/{cohort.slug}/operations/"

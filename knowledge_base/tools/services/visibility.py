"""Who may read a sales tool: one rule for the page, the API, search results and the
print sheet.

- A draft (never published, or unpublished) only to the tool editors (the knowledge
  reviewers, superusers) and its owner; they see it through Wagtail's preview too.
- A live tool for everyone in the company, unless it is limited to a cohort (its active
  members) or to a sub-group (its active members and the cohort's organizers and
  operations team) — ``cohorts.permissions``' rule for a sub-group's content. HR
  organizers see every tool.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cohorts import permissions
from cohorts.models import Membership, SubGroupMembership
from knowledge_base.services import case_may_review
from knowledge_base.tools.models import ToolPage


def tool_editors_see_drafts(user) -> bool:
    """Whether ``user`` edits and reviews tools, and so sees every one of them."""
    return case_may_review(user)


def tools_visible_to(user, tools: QuerySet[ToolPage] | None = None) -> QuerySet[ToolPage]:
    """The tools ``user`` may read, as a queryset (no query until evaluated)."""
    tools = ToolPage.objects.all() if tools is None else tools
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return tools.none()
    if tool_editors_see_drafts(user) or permissions.is_hr_organizer(user):
        return tools
    active = Membership.Status.ACTIVE
    memberships = Membership.objects.filter(user=user, status=active)
    in_cohorts = memberships.values("cohort_id")
    staff_of = memberships.filter(role__in=Membership.STAFF_ROLES).values("cohort_id")
    in_subgroups = SubGroupMembership.objects.filter(
        membership__user=user, membership__status=active, status=active
    ).values("subgroup_id")
    audience = (
        Q(cohort__isnull=True, subgroup__isnull=True)
        | Q(subgroup__isnull=True, cohort_id__in=in_cohorts)
        | Q(subgroup_id__in=in_subgroups)
        | Q(subgroup__isnull=False, subgroup__cohort_id__in=staff_of)
    )
    return tools.filter((Q(live=True) & audience) | Q(maintainer=user))


def tool_visible_to(user, tool: ToolPage) -> bool:
    """The predicate form of ``tools_visible_to`` for one tool (one query at most)."""
    return tools_visible_to(user, ToolPage.objects.filter(pk=tool.pk)).exists()

"""Cohorts in the Wagtail admin, the site shell and the API: what cohorts hands to the
layers that show it, through hooks (``learning.registry``).

- The "Cohorts" admin menu (``cohorts.viewsets``), its extra admin pages, bulk actions
  and permission policies, and a dashboard panel of cohorts that need attention.
- A "My cohorts" link and a home-page panel in the site shell.
- The API router, the background job handlers, the demo data, and who organizes.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy

from cohorts import admin_views, pages_selectors, permissions, queue, selectors, services
from cohorts import jobs as cohorts_jobs
from cohorts.models import CharterVersion, Membership, MembershipEvent, Report
from cohorts.viewsets import CohortsGroup
from cohorts.viewsets.memberships import ApproveBulkAction, RemoveBulkAction, SetRoleBulkAction
from learning import registry
from learning.admin_base import ServiceOwnedPolicy
from learning.registry import NavItem

# --- Permission policies ---------------------------------------------------------------

# Roles change through the edit form (which calls the service); people are added by rule
# or by invitation, and removed (never deleted) so the audit log keeps them.
register_permission_policy(
    Membership, ServiceOwnedPolicy(Membership, refused={"add", "delete"}), exact_class=True
)
# New versions are written through a form that calls ``charter_draft``; a version in
# force is never edited, a new one is published instead.
register_permission_policy(
    CharterVersion,
    ServiceOwnedPolicy(CharterVersion, refused={"change", "delete"}),
    exact_class=True,
)
register_permission_policy(Report, ServiceOwnedPolicy(Report), exact_class=True)
register_permission_policy(MembershipEvent, ServiceOwnedPolicy(MembershipEvent), exact_class=True)

for _action in (ApproveBulkAction, RemoveBulkAction, SetRoleBulkAction):
    hooks.register("register_bulk_action", _action)


# --- The admin menu and its pages ------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_cohorts():
    return CohortsGroup()


@hooks.register("register_admin_urls")
def register_cohort_admin_urls():
    return [
        path(
            "cohorts/cohorts/<id:pk>/transition/",
            admin_views.cohort_transition,
            name="cohorts_cohort_transition",
        ),
        path(
            "cohorts/subgroups/generate/",
            admin_views.subgroups_generate,
            name="cohorts_subgroups_generate",
        ),
        path(
            "cohorts/memberships/add-by-rule/",
            admin_views.memberships_add_by_rule,
            name="cohorts_memberships_add_by_rule",
        ),
        path(
            "cohorts/rules/<id:pk>/publish/",
            admin_views.charter_publish,
            name="cohorts_charter_publish",
        ),
        path(
            "cohorts/reports/<id:pk>/decide/",
            admin_views.report_decide,
            name="cohorts_report_decide",
        ),
    ]


class CohortsAttentionPanel(Component):
    """Cohorts above 200 members with no operations team, on the admin's home page."""

    name = "cohorts_attention"
    order = 90
    template_name = "cohorts/admin/attention_panel.html"

    def __init__(self, cohorts):
        self.cohorts = cohorts

    def get_context_data(self, parent_context):
        return {"cohorts": self.cohorts}


@hooks.register("construct_homepage_panels")
def add_cohorts_attention_panel(request, panels):
    if not request.user.has_perm("cohorts.change_cohort"):
        return
    cohorts = list(pages_selectors.cohorts_needing_attention()[:20])
    if cohorts:
        panels.append(CohortsAttentionPanel(cohorts))


@hooks.register("guild_viewer_counts")
def queue_viewer_counts(user):
    return queue.queue_count_expressions(user)


@hooks.register("guild_nav_items")
def cohorts_nav_item(request):
    if not request.user.is_authenticated:
        return []
    items = [NavItem(label=_("My cohorts"), url=reverse("cohorts:mine"), icon="group", order=20)]
    waiting = queue.queue_counts_from(registry.viewer_counts(request)).total
    if waiting:
        # Only those with something to decide see the queue in the navigation; the
        # notifications that told them link to it as well.
        items.append(
            NavItem(
                label=_("Waiting for me"),
                url=reverse("cohorts:queue"),
                icon="tasks",
                order=25,
                badge=waiting,
            )
        )
    return items


@hooks.register("guild_home_panels")
def cohorts_home_panel(request):
    if not request.user.is_authenticated:
        return []
    memberships = list(selectors.my_cohorts(user=request.user, limit=5))
    return [
        render_to_string("cohorts/home_panel.html", {"memberships": memberships}, request=request)
    ]


@hooks.register("guild_seed_demo")
def cohorts_seed_demo(*, company, stdout):
    from cohorts.demo import cohorts_demo_seed

    cohorts_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_job_handlers")
def register_job_handlers():
    return cohorts_jobs.HANDLERS


@hooks.register("guild_api_routers")
def register_api_routers():
    from cohorts.api import router

    return [("/", router)]


@hooks.register("guild_user_organizes")
def organizes_a_cohort(user) -> bool:
    return permissions.organizes_any_cohort(user)


@hooks.register("guild_people_renamed")
def rename_memberships(names: dict[int, str]) -> None:
    services.memberships_renamed(names)

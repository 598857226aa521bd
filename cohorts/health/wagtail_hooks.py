"""What the health dashboard hands to the rest: the cohorts layer's metrics."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("guild_health_metrics")
def _cohort_health_metrics():
    from cohorts.health.declarations import cohort_declarations

    return cohort_declarations()


@hooks.register("register_admin_urls")
def _health_admin_urls():
    from django.urls import path

    from cohorts.health import admin_views

    return [
        path("health/", admin_views.index, name="health_index"),
        path("health/cohort/<int:cohort_id>/", admin_views.cohort_dashboard, name="health_cohort"),
        path("health/cohort/<int:cohort_id>/goals/", admin_views.goal_set, name="health_goal_set"),
        path(
            "health/cohort/<int:cohort_id>/goals/<int:goal_id>/remove/",
            admin_views.goal_remove,
            name="health_goal_remove",
        ),
        path(
            "health/cohort/<int:cohort_id>/export.<str:export_format>",
            admin_views.export,
            name="health_export",
        ),
        path(
            "health/program/<int:program_id>/", admin_views.program_dashboard, name="health_program"
        ),
    ]


class _HealthMenuItem(MenuItem):
    def is_shown(self, request):
        from cohorts.health.admin_views import cohorts_run_by

        return cohorts_run_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def _health_menu_item():
    return _HealthMenuItem(_("Cohort health"), reverse("health_index"), icon_name="view", order=260)


@hooks.register("guild_api_routers")
def _health_api_router():
    from cohorts.health.api import router

    return [("/", router)]


@hooks.register("guild_cohort_home_sections")
def _health_link(request, cohort, place):
    """A link to the dashboard on the cohort home, for those who run the cohort."""
    from django.template.loader import render_to_string

    from cohorts import permissions

    if place != "checkins" or not permissions.is_cohort_staff(request.user, cohort):
        return []
    return [render_to_string("health/home_link.html", {"cohort": cohort}, request=request)]


# Last of the demos: it sets joining dates from everyone's activity.
@hooks.register("guild_seed_demo", order=100)
def _health_seed_demo(*, company, stdout):
    from cohorts.health.demo import health_demo_seed

    health_demo_seed(company=company, stdout=stdout)

"""What mentoring hands to the rest: its background job, and (below) its admin screens,
the cohort home's mentor card, the API router and the demo."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from learning.admin_base import ServiceOwnedPolicy
from mentors.models import Pairing, PairingEvent, RepairRequest

# Written only by the services: the admin looks, and acts through buttons.
for _model in (Pairing, RepairRequest, PairingEvent):
    register_permission_policy(_model, ServiceOwnedPolicy(_model), exact_class=True)


@hooks.register("guild_job_handlers")
def _mentors_job_handlers():
    from mentors.services.runs import HANDLERS

    return HANDLERS


@hooks.register("register_admin_viewset")
def _mentoring_admin():
    from mentors.viewsets import MentoringGroup

    return MentoringGroup()


@hooks.register("register_admin_urls")
def _mentoring_admin_urls():
    from django.urls import path

    from mentors import admin_views

    return [
        path(
            "mentors/repairs/<int:pk>/decide/",
            admin_views.repair_decide,
            name="mentors_repair_decide",
        )
    ]


@hooks.register("guild_api_routers")
def _mentoring_api_router():
    from mentors.api import router

    return [("/", router)]


@hooks.register("guild_cohort_home_sections")
def _mentor_card(request, cohort, place):
    """The cohort home's mentor card: a newcomer's mentor and how to reach them, or a
    mentor's mentees. One query; none for the cohort's staff, who are not paired."""
    from django.template.loader import render_to_string

    from cohorts import permissions
    from mentors.selectors import pairings_in_cohort_of

    if place != "mentor":
        return []
    membership = permissions.membership_for(request.user, cohort)
    if membership is not None and membership.is_staff_role:
        return []
    pairings = pairings_in_cohort_of(request.user, cohort)
    if not pairings:
        return []
    mentors = [p.mentor for p in pairings if p.mentee_id == request.user.pk]
    mentees = [p.mentee for p in pairings if p.mentor_id == request.user.pk]
    return [
        render_to_string(
            "mentors/home_section.html",
            {"cohort": cohort, "mentors": mentors, "mentees": mentees, "pairings": pairings},
            request=request,
        )
    ]


@hooks.register("guild_nav_items")
def _mentoring_nav(request):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from learning.registry import NavItem

    if not request.user.is_authenticated:
        return []
    return [NavItem(label=_("My mentoring"), url=reverse("mentors:mine"), icon="user", order=30)]


@hooks.register("guild_seed_demo")
def _mentors_seed_demo(*, company, stdout):
    from mentors.demo import mentors_demo_seed

    mentors_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_audit_log_sources")
def audit_log_sources():
    """The cohort's audit log lists these entries beside its own."""
    from mentors.models import PairingEvent

    return [PairingEvent.objects.filter(cohort__isnull=False).select_related("cohort", "actor")]


@hooks.register("guild_health_metrics")
def _health_metrics():
    from mentors.health import health_declarations

    return health_declarations()

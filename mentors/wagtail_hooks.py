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

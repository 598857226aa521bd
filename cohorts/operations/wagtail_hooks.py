"""What the operations room hands to the rest, through hooks (``learning.registry``): the
cohort home's link for the team, the queue's invitations and evaluations to assess, the
duty counts of its own layer's sources, the API router, the demo and the admin screens."""

from django.template.loader import render_to_string
from wagtail import hooks

from cohorts.operations import selectors, services
from cohorts.operations.services import duties


@hooks.register("guild_cohort_home_sections")
def _operations_home_section(request, cohort, place):
    """The room's link, for the operations team and the organizers only."""
    if place != "checkins" or not services.may_enter_room(request.user, cohort):
        return []
    return [
        render_to_string(
            "operations/home_section.html",
            {"cohort": cohort, "leads": services.may_lead(request.user, cohort)},
            request=request,
        )
    ]


@hooks.register("guild_viewer_counts")
def _operations_queue_counts(user):
    return selectors.queue_count_expressions(user)


@hooks.register("guild_queue_sections")
def _operations_queue_section(request):
    invitations = list(selectors.invitations_waiting_for(request.user)[:50])
    rounds = list(selectors.rounds_waiting_for(request.user)[:50])
    if not invitations and not rounds:
        return []
    return [
        render_to_string(
            "operations/queue_section.html",
            {"invitations": invitations, "rounds": rounds},
            request=request,
        )
    ]


hooks.register("guild_duty_counts", duties.room_duty_counts)
hooks.register("guild_duty_counts", duties.checkin_duty_counts)
hooks.register("guild_duty_counts", duties.summary_duty_counts)


@hooks.register("guild_seed_demo")
def _operations_seed_demo(*, company, stdout):
    from cohorts.operations.demo import operations_demo_seed

    operations_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_api_routers")
def _operations_api_router():
    from cohorts.operations.api import router

    return [("/", router)]


@hooks.register("register_admin_viewset")
def _operations_admin():
    from cohorts.operations.viewsets import OperationsGroup

    return OperationsGroup()

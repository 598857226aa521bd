"""What retrospectives hand to the rest, through hooks (``learning.registry``): the
writers' queue of retrospectives that wait, the API router, the admin screens and the
demo."""

from django.template.loader import render_to_string
from wagtail import hooks

from cohorts.retrospectives import selectors
from learning.registry import count_of


@hooks.register("guild_viewer_counts")
def _retrospectives_queue_count(user):
    """Retrospectives waiting on the viewer, counted in "Waiting for me"."""
    return {"queue_retrospectives": count_of(selectors.retrospectives_waiting_for(user))}


@hooks.register("guild_queue_sections")
def _retrospectives_queue_section(request):
    """Retrospectives of ended cohorts that the viewer writes, until published."""
    retrospectives = list(selectors.retrospectives_waiting_for(request.user)[:50])
    if not retrospectives:
        return []
    return [
        render_to_string(
            "retrospectives/queue_section.html",
            {"retrospectives": retrospectives},
            request=request,
        )
    ]


@hooks.register("guild_api_routers")
def _retrospectives_api_router():
    from cohorts.retrospectives.api import router

    return [("/", router)]


@hooks.register("register_admin_viewset")
def _retrospectives_admin():
    from cohorts.retrospectives.viewsets import RetrospectiveViewSet

    return RetrospectiveViewSet()


@hooks.register("guild_seed_demo")
def _retrospectives_seed_demo(*, company, stdout):
    from cohorts.retrospectives.demo import retrospectives_demo_seed

    retrospectives_demo_seed(company=company, stdout=stdout)

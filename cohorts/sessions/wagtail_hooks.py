"""What guest sessions hand to the rest: the calendar's events, the cohort home's
schedule card, the demo, following a cohort's new time zone, and the API's router."""

from django.template.loader import render_to_string
from wagtail import hooks

from cohorts.sessions.selectors import calendar_events_of, cohort_schedule


@hooks.register("guild_calendar_events")
def _session_events(user):
    return calendar_events_of(user)


@hooks.register("guild_cohort_home_sections")
def _next_sessions(request, cohort, place):
    """The next three sessions on the cohort home's schedule card."""
    if place != "schedule":
        return []
    upcoming, _past = cohort_schedule(cohort=cohort, user=request.user, upcoming=3, past=0)
    return [
        render_to_string(
            "sessions/home_section.html",
            {"cohort": cohort, "upcoming": upcoming},
            request=request,
        )
    ]


@hooks.register("guild_seed_demo")
def _sessions_seed_demo(*, company, stdout):
    from cohorts.sessions.demo import sessions_demo_seed

    sessions_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_cohort_schedule_changed")
def _sessions_follow_cohort(*, cohort, changed):
    from cohorts.sessions.services import sessions_follow_cohort

    sessions_follow_cohort(cohort=cohort, changed=changed)


@hooks.register("guild_api_routers")
def _sessions_api_router():
    from cohorts.sessions.api import router

    return [("/", router)]

"""What guest sessions hand to the rest: the calendar's events, the cohort home's
schedule card, the demo, following a cohort's new time zone, and the API's router; and
their admin screens (the ViewSets sit in the Cohorts menu, ``cohorts.viewsets``), bulk
actions and URLs."""

from django.template.loader import render_to_string
from django.urls import path
from wagtail import hooks

from cohorts.sessions import admin_views
from cohorts.sessions.selectors import calendar_events_of, cohort_schedule
from cohorts.sessions.viewsets.guests import guest_chooser_viewset
from cohorts.sessions.viewsets.sessions import CancelBulkAction, ConfirmBulkAction


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


for _action in (ConfirmBulkAction, CancelBulkAction):
    hooks.register("register_bulk_action", _action)


@hooks.register("register_admin_viewset")
def register_guest_chooser():
    return guest_chooser_viewset


@hooks.register("register_admin_urls")
def register_session_admin_urls():
    session, invitation = "cohorts/sessions/<int:pk>", "cohorts/invitations/<int:pk>"
    return [
        path(
            f"{session}/transition/",
            admin_views.session_transition,
            name="guest_sessions_transition",
        ),
        path(f"{session}/segments/", admin_views.segments_save, name="guest_sessions_segments"),
        path(f"{session}/invite/", admin_views.invitation_create, name="guest_sessions_invite"),
        path(f"{session}/summary/", admin_views.summary_save, name="guest_sessions_summary"),
        path(
            f"{invitation}/transition/",
            admin_views.invitation_transition,
            name="guest_sessions_invitation_transition",
        ),
        path(
            f"{invitation}/link/",
            admin_views.invitation_link_mint,
            name="guest_sessions_link_mint",
        ),
        path(
            f"{invitation}/link/email/",
            admin_views.invitation_link_email,
            name="guest_sessions_link_email",
        ),
        path(
            f"{invitation}/link/revoke/",
            admin_views.invitation_link_revoke,
            name="guest_sessions_link_revoke",
        ),
        path(
            "cohorts/sessions/series/",
            admin_views.series_generate,
            name="guest_sessions_series_generate",
        ),
    ]

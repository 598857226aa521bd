"""What guest sessions hand to the layers below: the calendar's events."""

from wagtail import hooks

from cohorts.sessions.selectors import calendar_events_of


@hooks.register("guild_calendar_events")
def _session_events(user):
    return calendar_events_of(user)

"""The guest-session API: sessions of a cohort, series and clashes, the guest pipeline
and invitations (with the outside guest's answer by secret link), RSVPs, the live room,
attendance, feedback, summaries and the share text; one module per concern.

Every operation joins the one ``router`` (``routing``); ``cohorts.sessions.wagtail_hooks``
hands it to the API through the ``guild_api_routers`` hook. As in ``cohorts.api``, the
views only translate HTTP: they find what the caller may see (``lookups``: 404 for a
hidden cohort, sub-group session, room or summary), then call a service, which checks
the permission and the rules.
"""

from cohorts.sessions.api import (  # noqa: F401  (each module adds its operations)
    attendance,
    guests,
    room,
    sessions,
    summaries,
)
from cohorts.sessions.api.routing import router

__all__ = ["router"]

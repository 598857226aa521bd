"""The mentoring API: mentor profiles, matching runs and their proposed pairs, pairings
and re-pair requests; one module per concern.

Every operation joins the one ``router`` (``routing``); ``mentors.wagtail_hooks`` hands
it to the API through the ``guild_api_routers`` hook. The views only translate HTTP:
they find what the caller may see (404 otherwise), then call a service, which checks
the permission and the rules.
"""

from mentors.api import pairings, profiles, runs  # noqa: F401  (each adds its operations)
from mentors.api.routing import router

__all__ = ["router"]

"""The cohort API: programs, cohorts, sub-groups, entry rules, memberships, group rules,
reports and posts, for members and for organizers, one module per concern.

Every operation is added to the one ``router`` (``cohorts.api.routing``): several
concerns share an address (``GET /cohorts/{slug}`` for members beside ``PATCH`` for
organizers), and Django resolves an address to the first router that declares it, so a
second router's method there would never be reached. Importing this package registers
them all; ``cohorts.wagtail_hooks`` hands the router to the API through the
``guild_api_routers`` hook.

The views only translate HTTP: they find the object the caller may see
(``cohorts.api.lookups``: 404 otherwise, so hidden things stay unknown), then call a
selector or a service, which check the permissions in ``cohorts.permissions``.
"""

from cohorts.api import (  # noqa: F401  (each module adds its operations to the router)
    charters,
    cohorts,
    entry_rules,
    feed,
    memberships,
    moderation,
    programs,
    queue,
    subgroups,
)
from cohorts.api.routing import router

__all__ = ["router"]

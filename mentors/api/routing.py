"""The one router of the mentoring API; lists page as the cohort API's do."""

from __future__ import annotations

from ninja import Router

from cohorts.api.routing import Paginator, page_of

__all__ = ["ORGANIZER_TAGS", "Paginator", "page_of", "router"]

router = Router(tags=["mentoring"])

ORGANIZER_TAGS = ["mentoring organizers"]

"""The one router of recognition's API; lists page as the cohort API's do."""

from ninja import Router

from cohorts.api.routing import Paginator, page_of

__all__ = ["Paginator", "page_of", "router"]

router = Router(tags=["recognition"])

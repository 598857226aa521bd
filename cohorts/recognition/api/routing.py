"""The one router of recognition's API; lists page as the cohort API's do."""

from django.core.exceptions import PermissionDenied
from ninja import Router

from cohorts.api.routing import Paginator, page_of

__all__ = ["Paginator", "page_of", "refused_as_person", "router"]

router = Router(tags=["recognition"])


def refused_as_person(refusal) -> None:
    """A ``*_check``'s refusal of the caller themselves (403) comes before the body is
    read; what it says about the body is left to the action."""
    if isinstance(refusal, PermissionDenied):
        raise refusal

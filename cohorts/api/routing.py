"""The one router every cohort operation joins, and how lists are paged."""

from __future__ import annotations

from django.utils.module_loading import import_string
from ninja import Router
from ninja.conf import settings as ninja_settings

router = Router(tags=["cohorts"])


Paginator = import_string(ninja_settings.PAGINATION_CLASS)


paginator = Paginator()


def page_of(request, queryset, pagination) -> dict:
    """One page of ``queryset`` (a queryset, or a ``learning.paging.IdsFirst`` for a long
    list) in the API's ``{"items", "count"}`` shape."""
    page = paginator.paginate_queryset(queryset, pagination=pagination, request=request)
    return {"items": list(page["items"]), "count": page["count"]}


TAGS = ["cohort organizers"]

"""The sales tools' router, mounted under ``/api/v1/knowledge`` beside the cases'."""

from __future__ import annotations

from ninja import Router

from cohorts.api.routing import Paginator, page_of

__all__ = ["Paginator", "page_of", "router"]

router = Router(tags=["sales tools"])

"""Sales tools for the cohort health dashboard (``guild_health_metrics``): published
tools whose owner is one of the cohort's members."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cohorts.health.metrics import UNIT_COUNT, HealthMetric, Scope
from knowledge_base.tools.models import ToolPage


def tools_values(scope: Scope) -> dict:
    rows = scope.keyed(
        ToolPage.objects.filter(live=True), at="first_published_at", person="maintainer"
    )
    return {row["k"]: row["n"] for row in rows.values("k").annotate(n=Count("pk"))}


def health_declarations() -> list:
    return [
        HealthMetric(
            "tools",
            _("Sales tools"),
            UNIT_COUNT,
            values=tools_values,
            order=75,
            help=_("Published sales tools owned by the cohort's members."),
        )
    ]
